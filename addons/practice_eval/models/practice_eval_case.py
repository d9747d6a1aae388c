# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

STATUSES = [("error", "Error"), ("failed", "Failed"), ("skipped", "Skipped"), ("passed", "Passed")]
# failures first wherever cases are listed
STATUS_RANK = {"error": 0, "failed": 1, "skipped": 2, "passed": 3}


class PracticeEvalCase(models.Model):
    """One test case of a run, as the report gave it. Written only by the run's import."""

    _name = "practice.eval.case"
    _description = "Eval Case"
    _inherit = ["practice.guarded.mixin"]
    _order = "run_id desc, status_rank, category, classname, name, id"
    _guarded_immutable = (
        "run_id",
        "name",
        "classname",
        "file",
        "duration",
        "status",
        "message",
        "failure_text",
        "system_out",
        "category",
        "scenario_id",
    )
    _guarded_actions = "practice.eval.run.import_junit()"

    run_id = fields.Many2one(
        "practice.eval.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    name = fields.Char(required=True, readonly=True, help="Test name.")
    classname = fields.Char(
        string="Class", readonly=True, index=True, help="Class name (pytest: module.Class)."
    )
    file = fields.Char(readonly=True, help="Test file, when the report names it.")
    duration = fields.Float(readonly=True, help="Seconds.")
    status = fields.Selection(STATUSES, required=True, readonly=True, index=True)
    status_rank = fields.Integer(compute="_compute_status_rank", store=True, help="Failures first.")
    message = fields.Char(readonly=True, help="The failure, error or skip message.")
    failure_text = fields.Text(readonly=True, help="Traceback or failure details.")
    system_out = fields.Text(string="Output", readonly=True, help="Captured output.")
    category = fields.Char(readonly=True, index=True, help="Marker/tag, mapping, or 'uncategorized'.")
    scenario_id = fields.Many2one("practice.eval.scenario", readonly=True, index=True)
    repo_id = fields.Many2one(related="run_id.repo_id", store=True, index=True)
    commit = fields.Char(related="run_id.commit", store=True)
    started_at = fields.Datetime(related="run_id.started_at", store=True, string="Run Date")
    run_state = fields.Selection(related="run_id.state", string="Run State")

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "message": 2000}

    @api.depends("status")
    def _compute_status_rank(self):
        for case in self:
            case.status_rank = STATUS_RANK.get(case.status, 9)

    def _key(self):
        self.ensure_one()
        return f"{self.classname}::{self.name}" if self.classname else self.name

    def _label(self):
        """``{"name", "category", "status", "message"}`` of a failing case for answers."""
        self.ensure_one()
        return {
            "name": self._key(),
            "category": self.category,
            "status": self.status,
            "message": (self.message or "")[:300],
        }

    @api.depends("name", "classname")
    def _compute_display_name(self):
        for case in self:
            case.display_name = case._key()
