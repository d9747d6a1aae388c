from . import categorize, junit, passrate
