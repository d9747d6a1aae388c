# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import machine
from .practice_sop_step import STEP_ROLES

STEP_STATES = [
    ("pending", "Pending"),
    ("in_progress", "In progress"),
    ("completed", "Completed"),
    ("skipped", "Skipped"),
]


class PracticeSopRunStep(models.Model):
    """The result of one step in one run (a copy of the SOP step the run followed)."""

    _name = "practice.sop.run.step"
    _description = "SOP Run Step"
    _inherit = ["practice.guarded.mixin"]
    _order = "run_id, sequence"
    _guarded_fields = ("state", "result", "skip_reason", "done_at", "done_by_id", "attachment_ids")
    _guarded_immutable = (
        "run_id",
        "sequence",
        "name",
        "instructions",
        "expected_result",
        "evidence_required",
        "role",
    )
    _guarded_actions = "practice.sop.run.step() or the step's Done / Skip buttons"

    run_id = fields.Many2one(
        "practice.sop.run", required=True, index=True, ondelete="cascade", help="The run."
    )
    run_state = fields.Selection(related="run_id.state", string="Run State", help="State of the run.")
    repo_id = fields.Many2one(related="run_id.repo_id", store=True, string="Repository", help="Repository.")
    company_id = fields.Many2one(related="run_id.company_id", store=True, string="Company", help="Company.")
    sequence = fields.Integer(required=True, readonly=True, help="Step number (1 = first).")
    name = fields.Char(string="Step", required=True, readonly=True, help="What to do.")
    instructions = fields.Text(readonly=True, help="How to do it (markdown).")
    expected_result = fields.Text(readonly=True, help="What the step should produce.")
    evidence_required = fields.Boolean(
        string="Evidence Expected", readonly=True, help="Needs a result or files."
    )
    role = fields.Selection(STEP_ROLES, readonly=True, help="What the step gives a drafted hard rule.")
    state = fields.Selection(STEP_STATES, required=True, default="pending", readonly=True, help="Progress.")
    result = fields.Text(string="Actual Result", readonly=True, help="What was found or done.")
    skip_reason = fields.Text(readonly=True, help="Why the step was skipped.")
    done_at = fields.Datetime(readonly=True, help="When it was completed or skipped (UTC).")
    done_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null", help="Who did it.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "practice_sop_run_step_attachment_rel",
        "step_id",
        "attachment_id",
        string="Evidence",
        readonly=True,
        help="Files attached as evidence.",
    )
    can_act = fields.Boolean(compute="_compute_can_act", help="Next step to do (earlier ones are done).")

    @api.depends("state", "run_id.state", "run_id.step_result_ids.state")
    def _compute_can_act(self):
        for step in self:
            earlier = [s.state for s in step.run_id.step_result_ids if s.sequence < step.sequence]
            step.can_act = (
                step.run_id.state == "running"
                and step.state not in machine.STEP_DONE
                and all(state in machine.STEP_DONE for state in earlier)
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._guard_granted():
            raise UserError(_("Run steps are copied from the SOP when a run is created."))
        return super().create(vals_list)

    @api.model
    def _guard_size_limits(self):
        return {
            **super()._guard_size_limits(),
            "result": machine.MAX_RESULT,
            "skip_reason": machine.MAX_REASON,
        }

    def action_begin(self):
        self.ensure_one()
        self.run_id._step(self.sequence, "in_progress")

    def action_open_done(self):
        self.ensure_one()
        return self.env["practice.sop.step.wizard"]._open(self.run_id, self, "completed")

    def action_open_skip(self):
        self.ensure_one()
        return self.env["practice.sop.step.wizard"]._open(self.run_id, self, "skipped")
