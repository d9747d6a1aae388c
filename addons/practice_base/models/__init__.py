from . import practice_code_module, practice_context, practice_repo, res_config_settings
