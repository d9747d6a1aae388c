from . import practice_lock, practice_session_log
