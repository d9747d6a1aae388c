from . import practice_ai_user_wizard
