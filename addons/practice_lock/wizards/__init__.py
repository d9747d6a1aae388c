from . import practice_lock_force_wizard
