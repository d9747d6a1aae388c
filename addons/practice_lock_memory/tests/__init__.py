from . import test_session_locks, test_session_modules
