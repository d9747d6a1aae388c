# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""practice.eval.check: checks pushed per (repository, commit) over RPC."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EvalCase
from .test_eval_checks_tools import AUDIT, COBERTURA

SHA = "a" * 40


@tagged("post_install", "-at_install", "practice_integration")
class TestEvalChecks(EvalCase):
    def test_push_each_kind_on_a_commit(self):
        Check = self.env["practice.eval.check"]
        cov = Check.with_user(self.engineer).push_check("coverage", COBERTURA, commit=SHA, repo="test-repo")
        self.assertEqual((cov["kind"], cov["state"], cov["commit"]), ("coverage", "pass", SHA))
        self.assertEqual(cov["values"]["line_rate"], 76.5)
        lint = Check.with_user(self.ai_user).push_check(
            "lint", '{"exit_code": 1, "errors": 2}', commit=SHA, repo="test-repo", session_id="s-checks"
        )
        self.assertEqual(lint["state"], "fail")
        audit = Check.with_user(self.engineer).push_check(
            "audit", json.dumps(AUDIT), commit=SHA, repo="test-repo"
        )
        self.assertEqual(audit["state"], "fail")
        record = Check.browse(audit["id"])
        self.assertEqual((record.audit_critical, record.audit_high, record.audit_vulns), (1, 1, 3))
        self.assertEqual(record.user_id, self.engineer)
        latest = Check.sudo()._latest_of_commit(self.repo, SHA)
        self.assertEqual(set(latest), {"coverage", "lint", "audit"})
        self.assertEqual(Check.sudo()._latest_of_commit(self.repo, "b" * 40), {})

    def test_clear_errors_and_nothing_recorded(self):
        Check = self.env["practice.eval.check"].with_user(self.engineer)
        before = Check.sudo().search_count([])
        with self.assertRaisesRegex(UserError, "Unknown check kind"):
            Check.push_check("tests", COBERTURA, commit=SHA)
        with self.assertRaisesRegex(UserError, "needs the commit"):
            Check.push_check("coverage", COBERTURA)
        with self.assertRaisesRegex(UserError, "coverage check refused: .*root element"):
            Check.push_check("coverage", "<testsuite/>", commit=SHA, repo="test-repo")
        with self.assertRaisesRegex(UserError, "commit must be text"):
            Check.push_check("coverage", COBERTURA, commit="x" * 101)
        self.assertEqual(Check.sudo().search_count([]), before)

    def test_who_may_push_and_direct_writes(self):
        Check = self.env["practice.eval.check"]
        for user in (self.reader, self.outsider):
            with self.assertRaises(AccessError):
                Check.with_user(user).push_check("coverage", COBERTURA, commit=SHA, repo="test-repo")
        pushed = Check.with_user(self.engineer).push_check(
            "coverage", COBERTURA, commit=SHA, repo="test-repo"
        )
        record = Check.browse(pushed["id"])
        self.assertEqual(record.with_user(self.reader).summary, "coverage 76.5 %")
        with self.assertRaises(AccessError):
            Check.with_user(self.engineer).create(
                {"repo_id": self.repo.id, "commit": SHA, "kind": "coverage", "line_rate": 100}
            )
        with self.assertRaises(AccessError):
            record.with_user(self.manager).write({"line_rate": 100})
