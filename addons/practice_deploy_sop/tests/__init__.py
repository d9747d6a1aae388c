from . import test_deploy_sop
