from . import test_session_snapshots
