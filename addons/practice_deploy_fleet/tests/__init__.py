from . import test_deploy_fleet
