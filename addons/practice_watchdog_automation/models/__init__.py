from . import base_automation
