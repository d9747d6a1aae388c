from . import practice_eval_upload_wizard
