# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeEvalRunCategory(models.Model):
    """Pass rate of one category in one run (stored: the trend graph per category reads it)."""

    _name = "practice.eval.run.category"
    _description = "Eval Run Category Rate"
    _inherit = ["practice.guarded.mixin"]
    _order = "run_id desc, category"
    _guarded_immutable = ("run_id", "category", "tests", "passed", "failed", "skipped", "pass_rate")
    _guarded_actions = "practice.eval.run.import_junit()"

    run_id = fields.Many2one(
        "practice.eval.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    category = fields.Char(required=True, readonly=True, index=True)
    tests = fields.Integer(readonly=True, aggregator="sum")
    passed = fields.Integer(readonly=True, aggregator="sum")
    failed = fields.Integer(readonly=True, aggregator="sum", help="Failed plus errored.")
    skipped = fields.Integer(readonly=True, aggregator="sum")
    pass_rate = fields.Float(readonly=True, aggregator="avg", digits=(5, 2))
    repo_id = fields.Many2one(related="run_id.repo_id", store=True, index=True)
    started_at = fields.Datetime(related="run_id.started_at", store=True, string="Run Date")
    run_state = fields.Selection(related="run_id.state", string="Run State")

    _sql_constraints = [("run_category_unique", "unique(run_id, category)", "One rate per category and run.")]
