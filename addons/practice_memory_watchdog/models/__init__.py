from . import practice_session_log
