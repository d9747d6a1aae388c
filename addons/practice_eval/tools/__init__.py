from . import categorize, checks, junit, passrate
