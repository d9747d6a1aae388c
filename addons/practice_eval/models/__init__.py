from . import (
    practice_context,
    practice_eval_case,
    practice_eval_check,
    practice_eval_rate_mixin,
    practice_eval_run,
    practice_eval_run_category,
    practice_eval_scenario,
    practice_eval_target,
    practice_repo,
    res_config_settings,
)
