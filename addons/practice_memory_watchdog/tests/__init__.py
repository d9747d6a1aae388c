from . import test_budget_alert, test_session_snapshots
