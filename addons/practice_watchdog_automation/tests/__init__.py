from . import test_automation_hooks
