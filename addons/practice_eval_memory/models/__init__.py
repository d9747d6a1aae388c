from . import practice_eval_run, practice_session_log, res_config_settings
