# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


def rate_display(env, rate, ran):
    """The pass rate as shown in the backend: "66.67%", or "n/a" when nothing ran."""
    return f"{rate:.2f}%" if ran > 0 else env._("n/a")


class PracticeEvalRunCategory(models.Model):
    """Pass rate of one category in one run (stored: the trend graph per category reads it).

    A category whose tests were all skipped has no rate: ``ran`` is 0, ``pass_rate`` holds
    0.0 (an Odoo float column cannot hold NULL) and is shown as "n/a"; the graph leaves such
    lines out (its action filters on ``ran``)."""

    _name = "practice.eval.run.category"
    _description = "Eval Run Category Rate"
    _inherit = ["practice.guarded.mixin"]
    _order = "run_id desc, category"
    _guarded_immutable = ("run_id", "category", "tests", "passed", "failed", "skipped", "ran", "pass_rate")
    _guarded_actions = "practice.eval.run.import_junit()"

    run_id = fields.Many2one(
        "practice.eval.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    category = fields.Char(required=True, readonly=True, index=True)
    tests = fields.Integer(readonly=True, aggregator="sum")
    passed = fields.Integer(readonly=True, aggregator="sum")
    failed = fields.Integer(readonly=True, aggregator="sum", help="Failed plus errored.")
    skipped = fields.Integer(readonly=True, aggregator="sum")
    ran = fields.Integer(
        compute="_compute_ran",
        store=True,
        aggregator="sum",
        help="Tests that ran: tests minus skipped. 0: there is no pass rate (n/a).",
    )
    pass_rate = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Passed / tests that ran, in %. Meaningless when nothing ran (see Ran).",
    )
    pass_rate_display = fields.Char(
        string="Pass Rate (shown)", compute="_compute_pass_rate_display", help='"n/a" when nothing ran.'
    )
    repo_id = fields.Many2one(related="run_id.repo_id", store=True, index=True)
    started_at = fields.Datetime(related="run_id.started_at", store=True, string="Run Date")
    run_state = fields.Selection(related="run_id.state", string="Run State")

    @api.depends("tests", "skipped")
    def _compute_ran(self):
        for line in self:
            line.ran = line.tests - line.skipped

    @api.depends("ran", "pass_rate")
    def _compute_pass_rate_display(self):
        for line in self:
            line.pass_rate_display = rate_display(self.env, line.pass_rate, line.ran)

    _sql_constraints = [("run_category_unique", "unique(run_id, category)", "One rate per category and run.")]
