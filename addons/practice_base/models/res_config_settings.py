# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .practice_repo import DEFAULT_REPO_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_default_repo_id = fields.Many2one(
        "practice.repo",
        string="Default Repository",
        config_parameter=DEFAULT_REPO_PARAM,
        help="Repository used by RPC calls, the CLI and the MCP server when no repo is given.",
    )
