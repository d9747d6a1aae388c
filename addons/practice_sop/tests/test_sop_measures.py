# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Preventive measures as tracked actions (issue 28 item 5f): an activity with an owner and a
due date on the run, listed on the run and on its error codes, kept when done."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SopCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSopMeasures(SopCase):
    def test_measures_are_activities_listed_on_the_run_and_the_error_code(self):
        answer = self.start(user=self.ai_user)
        run = self.Run.browse(answer["id"])
        self.Code.with_user(self.ai_user).register("DB_CONNECTION_LEAK", "high", "Leak", "", run.id)
        api = self.api(self.ai_user)
        first = api.add_measure(
            run.id, "CI check for finally blocks", owner=self.engineer.login, due="2030-01-15"
        )
        api.add_measure(run.id, "Pool size alert")  # the caller, in 7 days
        measures = first["measures"]
        self.assertEqual(len(measures), 1)
        self.assertEqual(
            {k: measures[0][k] for k in ("summary", "owner", "due", "state")},
            {
                "summary": "CI check for finally blocks",
                "owner": self.engineer.login,
                "due": "2030-01-15",
                "state": "planned",
            },
        )
        listed = self.api(self.reader).get_run(run.id)["measures"]
        self.assertEqual(
            sorted(m["owner"] for m in listed), sorted([self.engineer.login, self.ai_user.login])
        )
        activity = self.env["mail.activity"].browse(measures[0]["id"])
        self.assertEqual((activity.user_id, activity.res_id), (self.engineer, run.id))
        # on the error code too
        shown = self.Code.with_user(self.reader).show("DB_CONNECTION_LEAK")
        self.assertEqual(
            sorted(m["summary"] for m in shown["measures"]),
            ["CI check for finally blocks", "Pool size alert"],
        )
        # done: still listed, as done
        activity.sudo().action_feedback(feedback="CI job added")
        done = [m for m in self.api(self.reader).get_run(run.id)["measures"] if m["id"] == activity.id]
        self.assertEqual(done[0]["state"], "done")

    def test_bad_measures_are_refused(self):
        run_id = self.start()["id"]
        api = self.api(self.engineer)
        with self.assertRaisesRegex(UserError, "summary is required"):
            api.add_measure(run_id, " ")
        with self.assertRaisesRegex(UserError, "No practice user with login nobody"):
            api.add_measure(run_id, "x", owner="nobody")
        with self.assertRaisesRegex(UserError, "due must be a date"):
            api.add_measure(run_id, "x", due="next week")
        with self.assertRaises(AccessError):
            self.api(self.reader).add_measure(run_id, "x")
        self.assertEqual(self.api(self.engineer).get_run(run_id)["measures"], [])
