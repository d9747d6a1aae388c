from . import test_deploy_watchdog
