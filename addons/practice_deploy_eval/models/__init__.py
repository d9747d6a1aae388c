from . import practice_deploy_gate, project_task
