# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "practice_integration")
class TestLockTour(HttpCase):
    def test_tour_force_release_from_kanban(self):
        engineer = new_test_user(
            self.env, login="tour_engineer", groups="base.group_user,practice_base.group_practice_engineer"
        )
        grant = (
            self.env["practice.lock"]
            .with_user(engineer)
            .acquire("tour_locked_module", "tour-session-1", reason="tour: editing")
        )
        self.assertTrue(grant["granted"])
        self.start_tour("/odoo", "practice_lock_force_release_tour", login="admin")
        lock = self.env["practice.lock"].search([("token", "=", grant["token"])])
        self.assertEqual(lock.state, "forced")
        self.assertEqual(lock.end_reason, "tour: session is stuck")
        self.assertEqual(lock.ended_by_id.login, "admin")
        answer = self.env["practice.lock"].with_user(engineer).release(grant["token"], "tour-session-1")
        self.assertEqual((answer["ok"], answer["broken"], answer["by"]), (False, True, lock.ended_by_id.name))
