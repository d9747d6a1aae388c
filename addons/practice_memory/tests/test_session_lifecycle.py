# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSessionLifecycle(MemoryCase):
    def test_start_opens_running_session_with_modules(self):
        result = self.start(
            "s-start", user=self.ai_user, modules=["sale_ext", "stock_ext"], model_name="llm-x"
        )
        self.assertTrue(result["created"])
        self.assertEqual(result["state"], "running")
        self.assertIs(result["outcome"], False)
        self.assertEqual(result["modules"], ["sale_ext", "stock_ext"])
        self.assertEqual(result["model_name"], "llm-x")
        self.assertEqual(result["user"], "t_ai")
        log = self.log("s-start")
        self.assertEqual(log.repo_id, self.repo)
        self.assertEqual(log.user_id, self.ai_user)
        # unknown modules are created in the session's repository
        self.assertEqual(set(log.module_ids.mapped("repo_id")), {self.repo})

    def test_double_start_same_user_is_idempotent_and_adds_modules(self):
        first = self.start("s-twice", user=self.ai_user, modules=["a_mod"])
        second = self.start("s-twice", user=self.ai_user, modules=["b_mod"])
        self.assertFalse(second["created"])
        self.assertEqual(first["id"], second["id"])
        self.assertEqual(sorted(second["modules"]), ["a_mod", "b_mod"])
        self.assertEqual(self.Log.search_count([("name", "=", "s-twice")]), 1)

    def test_start_of_finished_session_refused(self):
        self.start("s-done", user=self.ai_user)
        self.Log.with_user(self.ai_user).finish("s-done", "success", "ok")
        with self.assertRaisesRegex(UserError, "already finished"):
            self.start("s-done", user=self.ai_user)
        self.assertEqual(self.log("s-done").state, "finished")

    def test_start_of_other_users_session_refused(self):
        self.start("s-owned", user=self.ai_user)
        with self.assertRaisesRegex(UserError, "another user"):
            self.start("s-owned", user=self.ai_user2)
        self.assertEqual(self.log("s-owned").user_id, self.ai_user)

    def test_note_adds_timeline_entries_in_order(self):
        self.start("s-notes", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        kinds = ["tried", "failed", "worked", "decision", "note"]
        for i, kind in enumerate(kinds):
            result = Log.note("s-notes", kind, f"text {i}")
            self.assertEqual(result["kind"], kind)
            self.assertEqual(result["entries"], i + 1)
        log = self.log("s-notes")
        self.assertEqual(log.entry_ids.mapped("kind"), kinds)
        self.assertEqual(log.entry_ids.mapped("text"), [f"text {i}" for i in range(5)])
        self.assertTrue(all(log.entry_ids.mapped("timestamp")))

    def test_finish_with_every_outcome(self):
        for outcome in ("success", "partial", "failed", "abandoned"):
            with self.subTest(outcome=outcome):
                sid = f"s-out-{outcome}"
                self.start(sid, user=self.ai_user)
                result = self.Log.with_user(self.ai_user).finish(sid, outcome, f"ended {outcome}", cost=1.5)
                self.assertEqual(result["state"], "finished")
                self.assertEqual(result["outcome"], outcome)
                self.assertEqual(result["cost"], 1.5)
                self.assertTrue(result["ended_at"])
                self.assertEqual(self.log(sid).summary, f"ended {outcome}")

    def test_finish_records_tokens_and_cost(self):
        self.start("s-cost", user=self.ai_user)
        self.Log.with_user(self.ai_user).finish("s-cost", "success", "done", cost="0.42", tokens=12000)
        log = self.log("s-cost")
        self.assertAlmostEqual(log.cost, 0.42)
        self.assertEqual(log.tokens, 12000)

    def test_finish_twice_refused(self):
        self.start("s-fin2", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        Log.finish("s-fin2", "success", "first")
        with self.assertRaisesRegex(UserError, "already finished"):
            Log.finish("s-fin2", "failed", "second")
        log = self.log("s-fin2")
        self.assertEqual((log.outcome, log.summary), ("success", "first"))

    def test_note_after_finish_refused(self):
        self.start("s-late", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        Log.note("s-late", "note", "before")
        Log.finish("s-late", "partial", "half")
        with self.assertRaisesRegex(UserError, "notes are refused"):
            Log.note("s-late", "note", "after")
        self.assertEqual(self.log("s-late").entry_ids.mapped("text"), ["before"])

    def test_duration_from_start_and_finish(self):
        self.start("s-dur", user=self.ai_user)
        log = self.log("s-dur")
        start = fields.Datetime.to_datetime("2026-01-05 10:00:00")
        log.started_at = start
        log._do_finish("success", "ok", now=start + timedelta(minutes=90))
        self.assertAlmostEqual(log.duration_hours, 1.5)
        self.assertEqual(fields.Date.to_string(log.started_on), "2026-01-05")

    def test_cron_abandons_only_stale_running_sessions(self):
        now = fields.Datetime.to_datetime("2026-02-01 12:00:00")
        for sid, age in (("s-stale", 30), ("s-fresh", 2)):
            self.start(sid, user=self.ai_user)
            self.log(sid).started_at = now - timedelta(hours=age)
        self.start("s-stale-done", user=self.ai_user)
        self.log("s-stale-done").started_at = now - timedelta(hours=40)
        self.log("s-stale-done")._do_finish("success", "ok", now=now - timedelta(hours=39))
        closed = self.Log._cron_abandon_stale(now=now)
        self.assertGreaterEqual(closed, 1)
        stale = self.log("s-stale")
        self.assertEqual((stale.state, stale.outcome, stale.ended_at), ("finished", "abandoned", now))
        self.assertEqual(self.log("s-fresh").state, "running")
        self.assertEqual(self.log("s-stale-done").outcome, "success")

    def test_cron_threshold_is_configurable(self):
        now = fields.Datetime.to_datetime("2026-02-01 12:00:00")
        self.env["ir.config_parameter"].set_param("practice_memory.stale_session_hours", "1")
        self.start("s-short", user=self.ai_user)
        self.log("s-short").started_at = now - timedelta(hours=2)
        self.Log._cron_abandon_stale(now=now)
        self.assertEqual(self.log("s-short").outcome, "abandoned")

    def test_backend_abandon_button(self):
        self.start("s-button", user=self.ai_user)
        log = self.log("s-button")
        log.with_user(self.engineer).action_abandon()
        self.assertEqual((log.state, log.outcome), ("finished", "abandoned"))
        with self.assertRaisesRegex(UserError, "already finished"):
            log.with_user(self.engineer).action_abandon()
