# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools import sandbox as sandbox_tools


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_sandbox_ttl_hours = fields.Integer(
        string="Sandbox lifetime (hours)",
        config_parameter="practice_memory.sandbox_ttl_hours",
        default=sandbox_tools.DEFAULT_TTL_HOURS,
        help="Hours a session's sandbox database lives before the cron retires it "
        f"(default {sandbox_tools.DEFAULT_TTL_HOURS}).",
    )
    practice_sandbox_max_per_repo = fields.Integer(
        string="Sandboxes per repository",
        config_parameter="practice_memory.sandbox_max_per_repo",
        default=sandbox_tools.DEFAULT_MAX_PER_REPO,
        help="Most active sandboxes per repository: the cron retires the oldest beyond it "
        f"(default {sandbox_tools.DEFAULT_MAX_PER_REPO}).",
    )
