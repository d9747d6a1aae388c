from . import practice_sop_run, practice_watchdog_alert
