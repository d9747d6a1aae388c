# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EvalCase, junit_case, junit_doc


@tagged("post_install", "-at_install", "practice_security")
class TestEvalSecurity(EvalCase):
    def test_who_may_import(self):
        doc = junit_doc(junit_case("ok"))
        for user in (self.reader, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.push(user, doc)
        self.assertTrue(self.push(self.ai_user, doc)["green"])
        self.assertTrue(self.push(self.engineer, doc)["green"])
        self.assertTrue(self.push(self.manager, doc)["green"])

    def test_who_may_read(self):
        run_id = self.push(self.engineer, junit_doc(junit_case("bad", "failed")))["id"]
        self.assertEqual(self.Run.with_user(self.reader).latest("test-repo")["id"], run_id)
        self.assertEqual(
            self.Run.with_user(self.ai_user).browse(run_id).case_ids.mapped("status"), ["failed"]
        )
        with self.assertRaises(AccessError):
            self.Run.with_user(self.outsider).latest("test-repo")
        with self.assertRaises(AccessError):
            self.Run.with_user(self.outsider).browse(run_id).read(["state"])

    def test_other_companies_cases_stay_hidden(self):
        # cases read their repository through their run: the multi-company rule follows it
        other = self.env["res.company"].create({"name": "Other company"})
        self.env["practice.repo"].create({"name": "other-company-repo", "company_id": other.id})
        hidden = self.Run.browse(
            self.Run.sudo().import_junit(junit_doc(junit_case("x")), repo="other-company-repo")["id"]
        )
        mine = self.Run.browse(self.push(self.engineer, junit_doc(junit_case("y")))["id"])
        Case = self.Case.with_user(self.engineer)
        self.assertEqual(Case.search([("run_id", "in", (hidden | mine).ids)]), mine.case_ids)
        self.assertFalse(Case.search([("repo_id", "=", hidden.repo_id.id)]))
        with self.assertRaises(AccessError):
            hidden.case_ids.with_user(self.engineer).read(["name"])

    def test_results_are_guarded(self):
        run = self.Run.browse(self.push(self.engineer, junit_doc(junit_case("bad", "failed")))["id"])
        for vals in (
            {"state": "green"},
            {"passed": 1},
            {"pass_rate": 100.0},
            {"ran": 99},
            {"user_id": self.engineer2.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "import_junit"):
                run.with_user(self.engineer).write(vals)
        with self.assertRaisesRegex(AccessError, "import_junit"):
            self.Run.with_user(self.engineer).create(
                {
                    "name": "fake",
                    "repo_id": self.repo.id,
                    "started_at": "2026-01-01 00:00:00",
                    "state": "green",
                }
            )
        case = run.case_ids
        with self.assertRaises(AccessError):
            case.with_user(self.manager).write({"status": "passed"})
        # the owner renames their run; another engineer cannot, a manager can delete it
        run.with_user(self.engineer).write({"name": "renamed"})
        with self.assertRaises(AccessError):
            run.with_user(self.engineer2).write({"name": "mine now"})
        with self.assertRaises(AccessError):
            run.with_user(self.engineer).unlink()
        run.with_user(self.manager).unlink()
        self.assertFalse(case.exists())
        self.assertEqual(run.state if run.exists() else "gone", "gone")
