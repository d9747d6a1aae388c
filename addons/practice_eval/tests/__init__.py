from . import (
    test_eval_attacks,
    test_eval_bundle,
    test_eval_checks,
    test_eval_graphs,
    test_eval_hostile,
    test_eval_import,
    test_eval_rules,
    test_eval_security,
    test_eval_suite_state,
    test_eval_targets,
    test_eval_tour,
)
