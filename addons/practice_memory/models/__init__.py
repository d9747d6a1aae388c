from . import (
    practice_context,
    practice_cost_budget,
    practice_memory,
    practice_model_price,
    practice_repo,
    practice_sandbox,
    practice_session_log,
    practice_session_log_entry,
    practice_session_usage,
    practice_vault,
    res_config_settings,
)
