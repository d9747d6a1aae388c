from . import practice_deploy_nonce, project_task, res_config_settings
