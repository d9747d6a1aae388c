from . import practice_code_module, practice_context, practice_repo, practice_repo_mixin, res_config_settings
