from . import answer, lease
