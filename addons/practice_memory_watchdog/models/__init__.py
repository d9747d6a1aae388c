from . import practice_cost_budget, practice_session_log, practice_watchdog_alert
