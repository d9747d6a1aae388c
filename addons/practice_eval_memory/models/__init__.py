from . import practice_session_log, res_config_settings
