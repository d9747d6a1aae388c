from . import test_deploy_sop, test_deploy_sop_security
