from . import (
    test_alerts,
    test_burst_handled,
    test_cron_interval_setting,
    test_hooks,
    test_security,
    test_security_unreadable,
    test_snapshot,
    test_tour,
)
