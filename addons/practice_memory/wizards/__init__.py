from . import practice_memory_supersede
