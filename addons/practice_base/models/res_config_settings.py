# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .practice_repo import DEFAULT_REPO_PARAM


class ResConfigSettings(models.TransientModel):
    """Practice settings. ``default_get`` reads every ``config_parameter=`` field through sudo,
    for any logged-in caller and whatever the field's ``groups=`` (Odoo core): a caller who is
    not a system administrator (who cannot save settings either) gets no value of a field a
    practice addon defines, nor of any field it may not read."""

    _inherit = "res.config.settings"

    practice_default_repo_id = fields.Many2one(
        "practice.repo",
        string="Default Repository",
        config_parameter=DEFAULT_REPO_PARAM,
        help="Repository used by RPC calls, the CLI and the MCP server when no repo is given.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.su or self.env.user._is_system():
            return values
        return {name: value for name, value in values.items() if self._practice_may_see(name)}

    @api.model
    def _practice_may_see(self, name):
        field = self._fields.get(name)
        if field is None:
            return True
        return field.is_accessible(self.env) and not (field._module or "").startswith("practice_")
