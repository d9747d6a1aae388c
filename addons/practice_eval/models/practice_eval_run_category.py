# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeEvalRunCategory(models.Model):
    """Pass rate of one category in one run (stored: the trend graph per category reads it).

    A category whose tests were all skipped has no rate (practice.eval.rate.mixin): the graph
    leaves such lines out (its action filters on ``ran``)."""

    _name = "practice.eval.run.category"
    _description = "Eval Run Category Rate"
    _inherit = ["practice.eval.rate.mixin", "practice.guarded.mixin"]
    _order = "run_id desc, category"
    _guarded_immutable = (
        "run_id",
        "category",
        "tests",
        "passed",
        "failed",
        "skipped",
        "ran",
        "pass_rate",
        "target",
        "green",
    )
    _guarded_actions = "practice.eval.run.import_junit()"

    run_id = fields.Many2one(
        "practice.eval.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    category = fields.Char(required=True, readonly=True, index=True)
    # tests, passed, skipped, ran, pass_rate: practice.eval.rate.mixin
    failed = fields.Integer(readonly=True, aggregator="sum", help="Failed plus errored.")
    green = fields.Boolean(
        readonly=True,
        help="No failure, or a pass rate reaching the category's target (its own, else the "
        "repository's target for whole runs) when the run was imported.",
    )
    repo_id = fields.Many2one(related="run_id.repo_id", store=True, index=True)
    started_at = fields.Datetime(related="run_id.started_at", store=True, string="Run Date")
    run_state = fields.Selection(related="run_id.state", string="Run State")

    _sql_constraints = [("run_category_unique", "unique(run_id, category)", "One rate per category and run.")]
