from . import test_alert_triage
