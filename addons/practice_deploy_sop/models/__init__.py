from . import practice_sop_run, project_task
