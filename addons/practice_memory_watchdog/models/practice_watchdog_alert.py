# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PracticeWatchdogAlert(models.Model):
    """A cost budget crossing is a watchdog alert too: it lands in the list engineers and agents
    already watch (``practice alert list``), next to deletion bursts and flagged diffs."""

    _inherit = "practice.watchdog.alert"

    kind = fields.Selection(selection_add=[("budget", "Cost budget")], ondelete={"budget": "cascade"})
    budget_id = fields.Many2one(
        "practice.cost.budget",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The cost budget whose threshold was crossed.",
    )
    budget_message = fields.Text(readonly=True, help="The crossing as the budget's chatter tells it.")

    @api.depends("budget_message")
    def _compute_summary(self):  # the budget's text is one more dependency of the summary
        return super()._compute_summary()

    def _summary_text(self):
        if self.kind == "budget":
            return self.budget_message
        return super()._summary_text()
