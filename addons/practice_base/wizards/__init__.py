from . import practice_ai_user_key, practice_ai_user_wizard
