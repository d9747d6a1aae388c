from . import practice_sop_step_wizard
