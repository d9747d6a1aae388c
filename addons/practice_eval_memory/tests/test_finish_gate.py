# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_base.tests.common import PracticeCase

START = datetime(2026, 3, 2, 9, 0, 0)


def report(*failing, timestamp="2026-03-02T10:00:00"):
    cases = ['<testcase classname="pkg.TestOk" name="test_ok"/>']
    cases += [
        f'<testcase classname="pkg.TestBad" name="{name}"><failure message="no">x</failure></testcase>'
        for name in failing
    ]
    return f'<testsuite name="pytest" timestamp="{timestamp}">{"".join(cases)}</testsuite>'


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestFinishGate(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["practice.session.log"]
        cls.Run = cls.env["practice.eval.run"]
        cls.env["ir.config_parameter"].sudo().set_param("practice_eval_memory.finish_gate", "on")

    def start(self, sid):
        """A session started at START (a controlled clock: its start is set, not measured)."""
        answer = self.Log.with_user(self.ai_user).start(sid, "gate test", repo="test-repo")
        self.Log.browse(answer["id"]).sudo().write({"started_at": START})
        return answer

    def finish(self, sid, outcome="success"):
        return self.Log.with_user(self.ai_user).finish(sid, outcome, "done")

    def push(self, xml, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        return self.Run.with_user(self.ai_user).import_junit(xml, **kwargs)

    def test_no_run_refuses_success_but_not_other_outcomes(self):
        self.start("g-none")
        with self.assertRaisesRegex(UserError, "no eval run exists for test-repo"):
            self.finish("g-none")
        self.assertEqual(self.Log.search([("name", "=", "g-none")]).state, "running")
        self.assertEqual(self.finish("g-none", "partial")["outcome"], "partial")

    def test_red_run_refusal_names_the_failing_cases(self):
        self.start("g-red")
        self.push(report("test_totals", "test_taxes"))
        with self.assertRaises(UserError) as caught:
            self.finish("g-red")
        message = str(caught.exception)
        self.assertIn("the suite is red", message)
        self.assertIn("pkg.TestBad::test_totals", message)
        self.assertIn("pkg.TestBad::test_taxes", message)
        self.assertIn("has 2 failing", message)

    def test_only_skipped_run_refusal_shows_no_rate(self):
        """Issue 24 item 5: a run whose tests were all skipped is red with no pass rate: the
        refusal says n/a and nothing ran, never 0.00 % passed."""
        self.start("g-skips")
        self.push(
            '<testsuite name="pytest" timestamp="2026-03-02T10:00:00"><testcase classname="pkg.T" '
            'name="test_later"><skipped message="later"/></testcase></testsuite>'
        )
        with self.assertRaises(UserError) as caught:
            self.finish("g-skips")
        message = str(caught.exception)
        self.assertIn("n/a passed) has 0 failing: nothing ran", message)
        self.assertNotIn("0.00", message)

    def test_run_older_than_the_session_is_refused(self):
        self.push(report(timestamp="2026-03-02T08:00:00"))
        self.start("g-old")
        with self.assertRaisesRegex(UserError, "older than the session's start"):
            self.finish("g-old")

    def test_green_newer_run_lets_the_session_finish(self):
        self.start("g-green")
        self.push(report())
        done = self.finish("g-green")
        self.assertEqual((done["state"], done["outcome"]), ("finished", "success"))

    def test_the_sessions_own_run_wins_over_the_repository_latest(self):
        self.start("g-own")
        self.push(report("test_broken", timestamp="2026-03-02T10:00:00"), session_id="g-own")
        self.push(report(timestamp="2026-03-02T11:00:00"))  # someone else's green run, later
        with self.assertRaisesRegex(UserError, "TestBad::test_broken"):
            self.finish("g-own")
        self.push(report(timestamp="2026-03-02T12:00:00"), session_id="g-own")
        self.assertEqual(self.finish("g-own")["outcome"], "success")
        log = self.Log.search([("name", "=", "g-own")])
        self.assertEqual(log.eval_run_count, 2)

    def test_gate_off_in_settings(self):
        self.start("g-off")
        settings = self.env["res.config.settings"].create({"practice_eval_finish_gate": "off"})
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("practice_eval_memory.finish_gate"), "off"
        )
        self.assertEqual(self.finish("g-off")["outcome"], "success")
