# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PracticeEvalRateMixin(models.AbstractModel):
    """Counts and pass rate of a run or of one category of it.

    The rate counts the tests that ran (skips excluded). When nothing ran there is no rate:
    ``ran`` is 0, ``pass_rate`` holds 0.0 (an Odoo float column cannot hold NULL), the backend
    shows "n/a" and RPC answers give ``false``."""

    _name = "practice.eval.rate.mixin"
    _description = "Eval Pass Rate"

    tests = fields.Integer(readonly=True, aggregator="sum")
    passed = fields.Integer(readonly=True, aggregator="sum")
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
        help="Passed / tests that ran (skips excluded), in %. Stored as 0 when nothing ran, shown "
        "as n/a and answered as false over RPC.",
    )
    target = fields.Float(
        readonly=True,
        digits=(5, 2),
        help="The pass-rate target (in %) this run or category was judged by when it was imported "
        "(the repository's targets, Settings > Practice > Eval Runs); 0: none, green meant no failure.",
    )
    pass_rate_display = fields.Char(
        string="Pass Rate (shown)", compute="_compute_pass_rate_display", help='"n/a" when nothing ran.'
    )

    @api.depends("tests", "skipped")
    def _compute_ran(self):
        for record in self:
            record.ran = record.tests - record.skipped

    @api.depends("ran", "pass_rate")
    def _compute_pass_rate_display(self):
        for record in self:
            record.pass_rate_display = f"{record.pass_rate:.2f}%" if record.ran > 0 else self.env._("n/a")
