from . import practice_cost_budget
from . import practice_session_log
from . import practice_watchdog_alert
