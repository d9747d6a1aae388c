from . import test_fleet
