# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 (security, third pass), as the attackers did it over RPC: a report dated 2099
pinned as the "latest" run, runs pushed under another user's session id, and a report of
more cases than a request should take."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import EvalCase, junit_case, junit_doc


@tagged("post_install", "-at_install", "practice_security")
class TestEvalAttacks(EvalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ai_other = new_test_user(
            cls.env, login="t_ai_other", groups="base.group_user,practice_base.group_practice_ai_session"
        )

    # ------------------------------------------------------------ item 2: pinned "latest"
    def test_a_report_dated_2099_does_not_stay_latest(self):
        pinned = self.push(self.ai_user, junit_doc(junit_case("ok"), timestamp="2099-01-01T00:00:00"))
        self.assertTrue(pinned["green"])
        # its time is information, capped at the import
        run = self.Run.browse(pinned["id"])
        self.assertLessEqual(run.started_at, fields.Datetime.now())
        self.assertLessEqual(run.started_at, run.received_at)
        red = self.push(self.ai_user, junit_doc(junit_case("bad", "failed"), timestamp="2026-03-02T10:00:00"))
        latest = self.Run.with_user(self.reader).latest("test-repo")
        self.assertEqual((latest["id"], latest["green"]), (red["id"], False))
        self.assertEqual(
            [t["id"] for t in self.Run.with_user(self.reader).trend("test-repo", limit=2)],
            [pinned["id"], red["id"]],
        )
        self.assertEqual(self.Run.search([("repo_id", "=", self.repo.id)], limit=1).id, red["id"])

    def test_received_at_is_the_servers_and_guarded(self):
        run = self.Run.browse(self.push(self.ai_user, junit_doc(junit_case("ok")))["id"])
        with self.assertRaisesRegex(AccessError, "import_junit"):
            run.with_user(self.ai_user).write({"received_at": "2099-01-01 00:00:00"})
        with self.assertRaisesRegex(AccessError, "import_junit"):
            self.Run.with_user(self.ai_user).create(
                {
                    "name": "fake",
                    "repo_id": self.repo.id,
                    "started_at": "2026-01-01 00:00:00",
                    "received_at": "2099-01-01 00:00:00",
                }
            )

    # ------------------------------------------------------------ item 3: someone else's session
    def test_push_under_another_users_session_is_refused(self):
        self.push(self.ai_other, junit_doc(junit_case("ok")), session_id="s-victim")
        before = self.counts()
        for attacker in (self.ai_user, self.engineer, self.manager):
            for doc in (junit_doc(junit_case("bad", "failed")), junit_doc(junit_case("ok"))):
                with (
                    self.subTest(user=attacker.login),
                    self.assertRaisesRegex(AccessError, "session 's-victim' belongs to another user"),
                ):
                    self.push(attacker, doc, session_id="s-victim")
        self.assertEqual(self.counts(), before)
        # the owner goes on pushing under it; an unknown id is anyone's first
        self.push(self.ai_other, junit_doc(junit_case("ok")), session_id="s-victim")
        self.push(self.ai_user, junit_doc(junit_case("ok")), session_id="s-mine")
        with self.assertRaises(AccessError):
            self.push(self.ai_other, junit_doc(junit_case("ok")), session_id="s-mine")
        # superuser imports (demo data) are not a session's
        self.Run.sudo().import_junit(junit_doc(junit_case("ok")), repo="test-repo", session_id="s-mine")

    # ------------------------------------------------------------ item 8: bounded work
    def test_report_over_the_case_limit_is_refused_before_import(self):
        settings = self.env["res.config.settings"].create({"practice_eval_max_cases": 5})
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param("practice_eval.max_cases"), "5")
        before = self.counts()
        doc = junit_doc(*(junit_case(f"t{i}") for i in range(6)))
        with self.assertRaisesRegex(UserError, r"more than 5 test cases.*Settings.*Nothing was imported"):
            self.push(self.ai_user, doc)
        self.assertEqual(self.counts(), before)
        self.assertEqual(
            self.push(self.ai_user, junit_doc(*(junit_case(f"t{i}") for i in range(5))))["tests"], 5
        )
        for bad in (0, -1, 100_001):
            with self.subTest(limit=bad), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"practice_eval_max_cases": bad})

    def test_default_case_limit_is_ten_thousand(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_eval.max_cases", False)
        self.assertEqual(self.Run._max_cases(), 10_000)
        self.env["ir.config_parameter"].sudo().set_param("practice_eval.max_cases", "many")
        self.assertEqual(self.Run._max_cases(), 10_000)
        self.assertEqual(self.env["res.config.settings"].create({}).practice_eval_max_cases, 10_000)

    def test_bulk_import_writes_what_the_orm_would(self):
        """Cases and scenarios go in by one statement each: every stored field is there."""
        answer = self.push(
            self.ai_user,
            junit_doc(junit_case("a"), junit_case("b", "failed"), junit_case("c", "skipped")),
            commit="c1",
        )
        run = self.Run.browse(answer["id"])
        cases = run.case_ids.sorted("name")
        self.assertEqual(cases.mapped("status"), ["passed", "failed", "skipped"])
        self.assertEqual(cases.mapped("status_rank"), [3, 1, 2])
        self.assertEqual(set(cases.mapped("repo_id")), {self.repo})
        self.assertEqual(set(cases.mapped("commit")), {"c1"})
        self.assertEqual(set(cases.mapped("started_at")), {run.started_at})
        self.assertEqual(run.create_uid, self.ai_user)
        self.assertEqual(run.failing_case_ids.mapped("name"), ["b"])
        scenarios = cases.mapped("scenario_id")
        self.assertEqual(len(scenarios), 3)
        self.assertEqual(set(scenarios.mapped("last_run_id")), {run})
        failing = scenarios.filtered("failing")
        self.assertEqual((failing.name, failing.failing_since_run_id), ("pkg.TestThing::b", run))
        # again on the same commit: b passes (flaky), a fails
        again = self.Run.browse(
            self.push(
                self.ai_user,
                junit_doc(junit_case("a", "error"), junit_case("b"), junit_case("c", "skipped")),
                commit="c1",
            )["id"]
        )
        self.assertEqual(len(again.case_ids.mapped("scenario_id")), 3)
        self.env.invalidate_all()
        by_name = {s.test_name: s for s in scenarios}
        self.assertEqual(
            (by_name["a"].failing, by_name["a"].failing_since_run_id, by_name["a"].flaky), (True, again, True)
        )
        self.assertEqual(
            (by_name["b"].failing, by_name["b"].flaky, by_name["b"].flaky_commits), (False, True, "c1")
        )
        self.assertEqual((by_name["c"].last_status, by_name["c"].last_run_id), ("skipped", again))
