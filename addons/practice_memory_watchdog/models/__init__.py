from . import (
    practice_context,
    practice_cost_budget,
    practice_session_log,
    practice_watchdog_alert,
)
