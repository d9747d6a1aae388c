# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 (security, third pass) against the finish gate, as the attackers did it: an AI
session pins a green run dated 2099, and pushes runs under another session's id."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.practice_base.tests.common import PracticeCase

from .test_finish_gate import START, report


@tagged("post_install", "-at_install", "practice_security")
class TestGateAttacks(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["practice.session.log"]
        cls.Run = cls.env["practice.eval.run"]
        cls.env["ir.config_parameter"].sudo().set_param("practice_eval_memory.finish_gate", "on")
        cls.ai_other = new_test_user(
            cls.env, login="t_ai_other", groups="base.group_user,practice_base.group_practice_ai_session"
        )

    def start(self, user, sid):
        answer = self.Log.with_user(user).start(sid, "gate attack", repo="test-repo")
        self.Log.browse(answer["id"]).sudo().write({"started_at": START})
        return answer

    def push(self, user, xml, **kwargs):
        return self.Run.with_user(user).import_junit(xml, repo="test-repo", **kwargs)

    def test_a_green_run_dated_2099_does_not_clear_the_gate_after_a_red_one(self):
        self.start(self.ai_user, "ga-pin")
        self.push(self.ai_user, report(timestamp="2099-01-01T00:00:00"), session_id="ga-pin")
        self.push(self.ai_user, report("test_broken", timestamp="2026-03-02T10:00:00"), session_id="ga-pin")
        with self.assertRaisesRegex(UserError, "TestBad::test_broken"):
            self.Log.with_user(self.ai_user).finish("ga-pin", "success", "done")
        # and without a session id: the repository's latest is the red one too
        self.start(self.ai_user, "ga-pin-repo")
        self.push(self.ai_user, report(timestamp="2099-01-01T00:00:00"))
        self.push(self.ai_user, report("test_broken", timestamp="2026-03-02T10:00:00"))
        with self.assertRaisesRegex(UserError, "the suite is red"):
            self.Log.with_user(self.ai_user).finish("ga-pin-repo", "success", "done")

    def test_runs_under_another_users_session_are_refused(self):
        self.start(self.ai_user, "ga-victim")
        for attacker in (self.ai_other, self.engineer, self.manager):
            for xml in (report("test_broken"), report()):
                with (
                    self.subTest(user=attacker.login),
                    self.assertRaisesRegex(AccessError, "session 'ga-victim' belongs to another user"),
                ):
                    self.push(attacker, xml, session_id="ga-victim")
        self.assertFalse(self.Run.search([("session_id", "=", "ga-victim")]))
        # the session's owner pushes under it
        self.push(self.ai_user, report(), session_id="ga-victim")
        self.assertEqual(
            self.Log.with_user(self.ai_user).finish("ga-victim", "success", "done")["outcome"], "success"
        )

    def test_an_id_pushed_before_the_session_started_is_the_sessions(self):
        """Someone pushes under an id nobody uses yet; its later owner is not blocked, and the
        squatter's runs do not count for the owner's gate."""
        self.push(self.ai_other, report(timestamp="2026-03-02T10:00:00"), session_id="ga-squat")
        self.start(self.ai_user, "ga-squat")
        with self.assertRaisesRegex(AccessError, "belongs to another user"):
            self.push(self.ai_other, report(), session_id="ga-squat")
        log = self.Log.search([("name", "=", "ga-squat")])
        self.assertFalse(log.eval_run_count)
        self.push(self.ai_user, report("test_broken"), session_id="ga-squat")
        with self.assertRaisesRegex(UserError, "TestBad::test_broken"):
            self.Log.with_user(self.ai_user).finish("ga-squat", "success", "done")

    def test_the_gate_ignores_runs_of_other_users_under_the_session_id(self):
        """Runs stored before this fix (or by a superuser import) under the session's id by
        someone else neither block nor clear the session's gate."""
        self.start(self.ai_user, "ga-old")
        self.push(self.ai_user, report("test_mine"), session_id="ga-old")
        self.Run.with_user(self.ai_other).sudo().import_junit(
            report(timestamp="2026-03-02T11:00:00"), repo="test-repo", session_id="ga-old"
        )
        log = self.Log.search([("name", "=", "ga-old")])
        self.assertEqual(log.eval_run_count, 1)
        with self.assertRaisesRegex(UserError, "TestBad::test_mine"):
            self.Log.with_user(self.ai_user).finish("ga-old", "success", "done")
