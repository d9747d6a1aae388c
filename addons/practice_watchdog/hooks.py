# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .models.practice_watchdog_counter import drop_all_triggers


def uninstall_hook(env):
    """Remove the statement-level triggers and their functions from watched tables."""
    drop_all_triggers(env.cr)
