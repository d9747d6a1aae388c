from . import practice_context, practice_lock, practice_lock_event
