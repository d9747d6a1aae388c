from . import test_finish_gate
