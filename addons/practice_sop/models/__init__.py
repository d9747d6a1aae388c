from . import (
    practice_context,
    practice_error_code,
    practice_postmortem,
    practice_rule,
    practice_sop,
    practice_sop_category,
    practice_sop_run,
    practice_sop_run_step,
    practice_sop_step,
    practice_vault,
    res_config_settings,
)
