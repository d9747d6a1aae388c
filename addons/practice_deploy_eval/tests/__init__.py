from . import test_deploy_eval
