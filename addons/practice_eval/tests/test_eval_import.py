# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.tests import tagged

from .common import EvalCase


@tagged("post_install", "-at_install", "practice_integration")
class TestEvalImport(EvalCase):
    def test_import_of_a_real_pytest_report(self):
        answer = self.push(self.ai_user, self.red_report, branch="feat/x", commit="abc123", session_id="s-1")
        self.assertEqual(
            {k: answer[k] for k in ("tests", "passed", "failed", "errors", "skipped", "green")},
            {"tests": 8, "passed": 5, "failed": 1, "errors": 1, "skipped": 1, "green": False},
        )
        self.assertEqual(answer["pass_rate"], round(100 * 5 / 7, 2))
        self.assertEqual(
            answer["by_category"]["security"],
            {
                "tests": 2,
                "passed": 1,
                "failed": 1,
                "skipped": 0,
                "ran": 2,
                "pass_rate": 50.0,
                # no pass-rate target on the repository: a failure makes the category red
                "target": False,
                "green": False,
            },
        )
        self.assertEqual(answer["by_category"]["domain"]["pass_rate"], 100.0)
        self.assertEqual(answer["by_category"]["uncategorized"]["tests"], 2)
        run = self.Run.browse(answer["id"])
        self.assertEqual(
            (run.state, run.branch, run.commit, run.session_id), ("red", "feat/x", "abc123", "s-1")
        )
        self.assertEqual((run.user_id, run.repo_id, run.source), (self.ai_user, self.repo, "rpc"))
        # failures first: error, then failed, then the rest (read back in the model's order)
        self.env.invalidate_all()
        self.assertEqual(run.case_ids[:2].mapped("status"), ["error", "failed"])
        self.assertEqual(run.failing_case_ids.mapped("name"), ["test_needs_database", "test_leaks_secret"])
        failed = run.case_ids.filtered(lambda c: c.name == "test_leaks_secret")
        self.assertIn("secret leaked into the log", failed.message)
        self.assertIn("captured output of the failing test", failed.system_out)
        self.assertEqual(failed.category, "security")
        self.assertEqual(
            [f["name"] for f in answer["failing"]],
            ["test_sample::test_needs_database", "test_sample::test_leaks_secret"],
        )

    def test_green_run_and_mapping_from_settings(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "practice_eval.category_mapping", "test_integrity* = integrity"
        )
        answer = self.push(self.engineer, self.green_report)
        self.assertTrue(answer["green"])
        self.assertEqual(sorted(answer["by_category"]), ["domain", "integrity", "security"])
        self.assertEqual(answer["pass_rate"], 100.0)

    def test_upload_wizard_imports_the_file(self):
        wizard = (
            self.env["practice.eval.upload.wizard"]
            .with_user(self.engineer)
            .create(
                {
                    "report_file": base64.b64encode(self.red_report.encode()),
                    "report_filename": "report.xml",
                    "repo_id": self.repo.id,
                    "commit": "def456",
                }
            )
        )
        action = wizard.action_import()
        run = self.Run.browse(action["res_id"])
        self.assertEqual((run.source, run.commit, run.tests, run.state), ("upload", "def456", 8, "red"))


@tagged("post_install", "-at_install", "practice_integrity")
class TestEvalImportIntegrity(EvalCase):
    def test_text_with_tabs_newlines_and_backslashes_is_stored_as_reported(self):
        # the cases go in through COPY: what ends a value or a row in its text format must
        # come back unchanged, and empty values stay empty (NULL)
        odd = "col1\tcol2\r\nC:\\temp\\new \\N ünïcode ✓"
        doc = (
            '<testsuite name="odd" time="1"><testcase classname="pkg.T" name="t1" time="0.5">'
            f'<failure message="a\\b&#9;tab">{odd}</failure><system-out>{odd}</system-out></testcase>'
            '<testcase name="t2" time="0"/></testsuite>'
        )
        answer = self.push(self.engineer, doc, commit="c0ffee")
        self.env.invalidate_all()
        run = self.Run.browse(answer["id"])
        t1, t2 = run.case_ids.sorted("name")
        # XML turns the CR LF of text content into LF (a tab in an attribute is written &#9;)
        expected = odd.replace("\r\n", "\n")
        self.assertEqual((t1.failure_text, t1.system_out), (expected, expected))
        self.assertEqual((t1.message, t1.classname, t1.duration), ("a\\b\ttab", "pkg.T", 0.5))
        self.assertEqual(
            (t2.classname, t2.message, t2.failure_text, t2.system_out), (False, False, False, False)
        )
        # repository, commit and date are the run's, read through it
        self.assertEqual((t1.repo_id, t1.commit, t1.started_at), (self.repo, "c0ffee", run.started_at))
        self.assertEqual(
            self.env["practice.eval.case"].search_count(
                [("repo_id", "=", self.repo.id), ("run_id", "=", run.id)]
            ),
            2,
        )
