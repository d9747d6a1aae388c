from . import fleet
