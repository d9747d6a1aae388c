from . import test_sop_tools
