# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools.sql import drop_index

from .models.practice_watchdog_snapshot import ATTACHMENT_GROUPS_INDEX
from .tools import attachment_stats
from .tools.counting import drop_all_triggers


def uninstall_hook(env):
    """Remove the statement-level triggers and their functions from watched tables, the
    attachment statistics (table, triggers, functions) and the index of earlier versions."""
    drop_all_triggers(env.cr)
    attachment_stats.uninstall(env.cr)
    drop_index(env.cr, ATTACHMENT_GROUPS_INDEX, "ir_attachment")
