# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

STEP_ROLES = [
    ("classify", "Classify the error and its severity"),
    ("evidence", "Gather evidence"),
    ("root_cause", "Root cause"),
    ("fix", "Implement the fix"),
    ("document", "Document the resolution"),
    ("prevent", "Preventive measures"),
    ("other", "Other"),
]


class PracticeSopStep(models.Model):
    """One step of an SOP. Editing steps of an SOP with runs makes a new SOP version."""

    _name = "practice.sop.step"
    _description = "SOP Step"
    _order = "sop_id, sequence, id"

    sop_id = fields.Many2one(
        "practice.sop", string="SOP", required=True, index=True, ondelete="cascade", help="The procedure."
    )
    sequence = fields.Integer(default=10, help="Order of the step in the procedure.")
    name = fields.Char(string="Title", required=True, help="What to do, in a line.")
    instructions = fields.Text(help="How to do it (markdown).")
    expected_result = fields.Text(help="What the step should produce.")
    evidence_required = fields.Boolean(
        string="Evidence Expected", help="Completing the step needs a result or an attachment as evidence."
    )
    role = fields.Selection(
        STEP_ROLES,
        default="other",
        required=True,
        help="What the step contributes when a hard rule is drafted from a run "
        "(evidence -> incident, root cause, fix and preventive measures -> fix).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps.sop_id._bump_version(_("steps added"))
        return steps

    def write(self, vals):
        sops = self.sop_id
        result = super().write(vals)
        (sops | self.sop_id)._bump_version(_("steps changed"))
        return result

    def unlink(self):
        sops = self.sop_id
        result = super().unlink()
        sops.exists()._bump_version(_("steps removed"))
        return result
