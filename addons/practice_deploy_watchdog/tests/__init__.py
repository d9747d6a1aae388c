from . import test_deploy_watchdog, test_deploy_watchdog_security
