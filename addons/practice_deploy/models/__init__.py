from . import practice_deploy_nonce, practice_deploy_secret_wizard, project_task, res_config_settings
