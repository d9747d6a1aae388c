# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PracticeSopStepWizard(models.TransientModel):
    """Records a step's result (or why it is skipped), or why a run is aborted, through the
    run's own methods."""

    _name = "practice.sop.step.wizard"
    _description = "Record an SOP Step"

    run_id = fields.Many2one("practice.sop.run", required=True, ondelete="cascade", help="The run.")
    step_id = fields.Many2one("practice.sop.run.step", ondelete="cascade", help="The step (none: the run).")
    step_name = fields.Char(related="step_id.name", string="Step Title", help="The step.")
    instructions = fields.Text(related="step_id.instructions", help="How to do it.")
    expected_result = fields.Text(related="step_id.expected_result", help="What it should produce.")
    target = fields.Selection(
        [("completed", "Completed"), ("skipped", "Skipped"), ("aborted", "Abort the run")],
        required=True,
        help="What is recorded.",
    )
    result = fields.Text(string="Actual Result", help="What was found or done.")
    reason = fields.Text(help="Why the step is skipped or the run aborted (required then).")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "practice_sop_step_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Evidence",
        help="Files attached to the step as evidence.",
    )

    @api.model
    def _open(self, run, step, target):
        wizard = self.create({"run_id": run.id, "step_id": step.id if step else False, "target": target})
        titles = {"completed": _("Complete step"), "skipped": _("Skip step"), "aborted": _("Abort run")}
        return {
            "type": "ir.actions.act_window",
            "name": titles[target],
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        if self.target == "aborted":
            self.run_id._finish("aborted", self.reason or "")
            return {"type": "ir.actions.act_window_close"}
        if not self.step_id:
            raise UserError(_("No step to record."))
        attachments = self.attachment_ids
        if attachments:
            attachments.write({"res_model": "practice.sop.run", "res_id": self.run_id.id})
        self.run_id._step(
            self.step_id.sequence, self.target, self.result or "", self.reason or "", attachments
        )
        return {"type": "ir.actions.act_window_close"}
