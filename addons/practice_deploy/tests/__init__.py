from . import (
    test_deploy_callback_http,
    test_deploy_flow,
    test_deploy_project,
    test_deploy_secrets,
    test_deploy_security,
    test_deploy_tour,
)
