from . import (
    practice_context,
    practice_watchdog_access_mixin,
    practice_watchdog_alert,
    practice_watchdog_counter,
    practice_watchdog_diff,
    practice_watchdog_diff_line,
    practice_watchdog_profile,
    practice_watchdog_profile_model,
    practice_watchdog_sandbox,
    practice_watchdog_snapshot,
    practice_watchdog_snapshot_line,
    res_config_settings,
)
