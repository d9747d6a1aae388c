# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PracticeMemorySupersede(models.TransientModel):
    """Backend: mark a memory as replaced by a newer one (history kept)."""

    _name = "practice.memory.supersede"
    _description = "Supersede a Memory"

    memory_id = fields.Many2one(
        "practice.memory", required=True, ondelete="cascade", help="The memory that is replaced."
    )
    repo_id = fields.Many2one(related="memory_id.repo_id")
    replacement_id = fields.Many2one(
        "practice.memory",
        string="Replaced by",
        required=True,
        ondelete="cascade",
        domain="[('status', '=', 'active'), ('repo_id', '=', repo_id), ('id', '!=', memory_id)]",
        help="The active memory of the same repository that replaces it.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "practice.memory" and self.env.context.get("active_id"):
            values.setdefault("memory_id", self.env.context["active_id"])
        return values

    def action_confirm(self):
        self.ensure_one()
        self.memory_id.action_supersede_by(self.replacement_id.id)
        return {"type": "ir.actions.act_window_close"}
