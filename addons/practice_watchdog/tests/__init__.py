from . import test_alerts, test_hooks, test_security, test_snapshot, test_tour
