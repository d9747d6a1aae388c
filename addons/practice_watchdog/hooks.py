# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools.sql import drop_index

from .models import attachment_stats
from .models.practice_watchdog_counter import drop_all_triggers
from .models.practice_watchdog_snapshot import ATTACHMENT_GROUPS_INDEX


def uninstall_hook(env):
    """Remove the statement-level triggers and their functions from watched tables, the
    attachment statistics (table, triggers, functions) and the index of earlier versions."""
    drop_all_triggers(env.cr)
    attachment_stats.uninstall(env.cr)
    drop_index(env.cr, ATTACHMENT_GROUPS_INDEX, "ir_attachment")
