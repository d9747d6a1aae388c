from . import test_session_modules
