from . import (
    test_deploy_callback_http,
    test_deploy_flow,
    test_deploy_no_answer,
    test_deploy_project,
    test_deploy_secrets,
    test_deploy_security,
    test_deploy_staging_notify,
    test_deploy_tour,
    test_deploy_wire_format,
)
