# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_rules")
class TestSessionRules(MemoryCase):
    def test_bad_kind_is_a_clear_error_and_writes_nothing(self):
        self.start("r-kind", user=self.ai_user)
        with self.assertRaisesRegex(UserError, r"unknown entry kind 'oops'; use one of tried, worked"):
            self.Log.with_user(self.ai_user).note("r-kind", "oops", "text")
        self.assertFalse(self.log("r-kind").entry_ids)

    def test_bad_outcome_is_a_clear_error_and_keeps_running(self):
        self.start("r-outcome", user=self.ai_user)
        with self.assertRaisesRegex(UserError, r"unknown outcome 'great'; use one of success, partial"):
            self.Log.with_user(self.ai_user).finish("r-outcome", "great", "x")
        log = self.log("r-outcome")
        self.assertEqual((log.state, log.outcome, log.ended_at), ("running", False, False))

    def test_missing_session_id_or_title_refused(self):
        with self.assertRaisesRegex(UserError, "session id is required"):
            self.Log.start("", "title")
        with self.assertRaisesRegex(UserError, "session id is required"):
            self.Log.start(None, "title")
        with self.assertRaisesRegex(UserError, "a title is required"):
            self.Log.start("r-notitle", "  ")
        self.assertFalse(self.log("r-notitle"))

    def test_unknown_session_on_note_and_finish(self):
        with self.assertRaisesRegex(UserError, "Unknown session 'nope'"):
            self.Log.note("nope", "note", "x")
        with self.assertRaisesRegex(UserError, "Unknown session 'nope'"):
            self.Log.finish("nope", "success", "x")

    def test_empty_note_refused(self):
        self.start("r-empty", user=self.ai_user)
        with self.assertRaisesRegex(UserError, "needs some text"):
            self.Log.with_user(self.ai_user).note("r-empty", "note", "   ")
        self.assertFalse(self.log("r-empty").entry_ids)

    def test_bad_cost_and_tokens_refused(self):
        self.start("r-cost", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        with self.assertRaisesRegex(UserError, "cost cannot be negative"):
            Log.finish("r-cost", "success", "x", cost=-1)
        with self.assertRaisesRegex(UserError, "cost must be a number"):
            Log.finish("r-cost", "success", "x", cost="cheap")
        with self.assertRaisesRegex(UserError, "tokens must be a whole number"):
            Log.finish("r-cost", "success", "x", tokens="many")
        self.assertEqual(self.log("r-cost").state, "running")

    def test_bad_module_name_creates_nothing(self):
        with self.assertRaises(ValidationError):
            self.start("r-badmod", user=self.ai_user, modules=["good_mod", "bad name"])
        self.assertFalse(self.log("r-badmod"))
        self.assertFalse(
            self.env["practice.code.module"].search(
                [("name", "=", "good_mod"), ("repo_id", "=", self.repo.id)]
            )
        )

    def test_unknown_repo_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown repository"):
            self.Log.start("r-repo", "t", repo="no-such-repo")

    def test_session_vault_export(self):
        self.start("r-export", user=self.ai_user, modules=["sale_ext"], model_name="llm-y")
        Log = self.Log.with_user(self.ai_user)
        Log.note("r-export", "failed", "ORM loop timed out")
        Log.note("r-export", "worked", "batches of 500")
        Log.finish("r-export", "success", "Batched it.", cost=0.5)
        self.start("r-running", user=self.ai_user)
        files = self.Log.export_session_files(repo="test-repo")
        day = self.log("r-export").started_on
        path = f"sessions/{day}-r-export.md"
        self.assertIn(path, files)
        self.assertFalse([p for p in files if "r-running" in p], "running sessions are not exported")
        text = files[path]
        self.assertTrue(text.startswith("---\nsession_id: r-export\n"))
        self.assertIn("outcome: success", text)
        self.assertIn("- sale_ext", text)
        self.assertIn("**failed**: ORM loop timed out", text)
        self.assertLess(text.index("**failed**"), text.index("**worked**"))
