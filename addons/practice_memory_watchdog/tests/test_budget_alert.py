# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.practice_memory.tests.test_cost_budget import BudgetCase, usage


@tagged("post_install", "-at_install", "practice_rules")
class TestBudgetAlert(BudgetCase):
    """Issue 27 item 5: a budget crossed by the sessions' recorded cost raises a watchdog alert
    (low at 80 %, high when exceeded), once per crossing, readable where alerts are read."""

    def budget_alerts(self, budget):
        return self.env["practice.watchdog.alert"].search(
            [("kind", "=", "budget"), ("budget_id", "=", budget.id)], order="id"
        )

    def test_a_budget_crossed_by_recorded_cost_raises_the_alert(self):
        budget = self.budget(daily_amount=10.0, user_id=self.manager.id)
        self.start("bud-1", user=self.ai_user)
        self.record("bud-1", usage(main_input=2))  # 6 of 10: nothing
        self.assertFalse(self.budget_alerts(budget))
        self.record("bud-1", usage(main_input=3))  # the session's totals: 9 of 10, 80 %
        alerts = self.budget_alerts(budget)
        self.assertEqual(len(alerts), 1)
        self.assertEqual((alerts.severity, alerts.state), ("low", "new"))
        self.assertIn("80 %", alerts.name)
        self.assertIn("9.00 of 10.00", alerts.summary)
        self.record("bud-1", usage(main_input=3, side_input=0.5))  # 9.5: still 80 %, no second alert
        self.assertEqual(len(self.budget_alerts(budget)), 1)
        self.record("bud-1", usage(main_input=4, side_input=0.5))  # 12.5 of 10: exceeded
        alerts = self.budget_alerts(budget)
        self.assertEqual(alerts.mapped("severity"), ["low", "high"])
        self.assertIn("exceeded", alerts[1].name)
        # the budget's responsible is the watcher: a to-do on the alert
        todo = alerts[1].activity_ids
        self.assertEqual(todo.user_id, self.manager)
        # engineers read it where alerts are read; the AI session that spent cannot silence it
        self.assertEqual(
            self.env["practice.watchdog.alert"].with_user(self.engineer).search([("id", "in", alerts.ids)]),
            alerts,
        )
        with self.assertRaises(AccessError):
            alerts[1].with_user(self.ai_user).write({"state": "resolved"})
