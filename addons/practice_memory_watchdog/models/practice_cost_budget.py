# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class PracticeCostBudget(models.Model):
    _inherit = "practice.cost.budget"

    def _notify_crossing(self, kind, level, spent, amount):
        """Besides the activity and the chatter message, a watchdog alert: high when the budget
        is exceeded, low at 80 %, watched by the budget's alert users."""
        result = super()._notify_crossing(kind, level, spent, amount)
        budget = self.sudo()
        period = _("today") if kind == "daily" else _("this month")
        name = (
            _("Cost budget %(budget)s exceeded %(period)s", budget=budget.name, period=period)
            if level == "exceeded"
            else _("Cost budget %(budget)s at 80 %% %(period)s", budget=budget.name, period=period)
        )
        self.env["practice.watchdog.alert"]._raise(
            {
                "name": name,
                "kind": "budget",
                "severity": "high" if level == "exceeded" else "low",
                "budget_id": budget.id,
                "budget_message": budget._crossing_message(kind, level, spent, amount),
            },
            budget._alert_users(),
        )
        return result
