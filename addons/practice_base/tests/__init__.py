from . import (
    test_access_matrix,
    test_ai_user,
    test_context,
    test_group_check,
    test_hostile_input,
    test_repo_module,
    test_security,
    test_settings_security,
    test_tour,
)
