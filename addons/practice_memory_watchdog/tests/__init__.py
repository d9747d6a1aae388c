from . import test_budget_alert
from . import test_session_snapshots
