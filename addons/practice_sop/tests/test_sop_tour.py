# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "practice_integration")
class TestSopTour(HttpCase):
    def test_tour_runs_triage_to_completion(self):
        new_test_user(
            self.env,
            login="tour_sop_engineer",
            groups="base.group_user,practice_base.group_practice_engineer",
        )
        self.start_tour("/odoo", "practice_sop_triage_tour", login="tour_sop_engineer")
        run = self.env["practice.sop.run"].search([("user_id.login", "=", "tour_sop_engineer")])
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "completed")
        self.assertEqual(run.sop_id, self.env.ref("practice_sop.sop_triage_001"))
        self.assertEqual(run.step_result_ids.mapped("state"), ["completed"] * 6)
        self.assertEqual(run.step_result_ids.mapped("result"), [f"tour result {i}" for i in range(1, 7)])
        self.assertEqual(run.sla_state, "met")
