from . import test_deploy_eval, test_deploy_eval_checks, test_deploy_eval_gates, test_deploy_eval_security
