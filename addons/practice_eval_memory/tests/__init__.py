from . import test_finish_gate, test_gate_attacks
