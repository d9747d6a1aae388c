# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_security")
class TestMemorySecurity(MemoryCase):
    def test_ai_user_writes_own_log(self):
        self.start("sec-own", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        Log.note("sec-own", "tried", "x")
        Log.finish("sec-own", "success", "ok")
        self.assertEqual(self.log("sec-own").outcome, "success")

    def test_ai_user_reads_but_cannot_write_another_ai_log(self):
        self.start("sec-other", user=self.ai_user)
        Log2 = self.Log.with_user(self.ai_user2)
        theirs = Log2.search([("name", "=", "sec-other")])
        self.assertEqual(theirs.title, "Work")  # readable
        with self.assertRaisesRegex(AccessError, "belongs to"):
            Log2.note("sec-other", "note", "sneaky")
        with self.assertRaisesRegex(AccessError, "belongs to"):
            Log2.finish("sec-other", "failed", "sneaky")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            theirs.write({"title": "hijacked"})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["practice.session.log.entry"].with_user(self.ai_user2).create(
                {"session_log_id": theirs.id, "kind": "note", "text": "direct"}
            )
        log = self.log("sec-other")
        self.assertEqual((log.title, log.state, len(log.entry_ids)), ("Work", "running", 0))

    def test_ai_user_cannot_create_log_for_someone_else(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.Log.with_user(self.ai_user).create(
                {"name": "sec-forged", "title": "x", "repo_id": self.repo.id, "user_id": self.ai_user2.id}
            )

    def test_ai_user_cannot_delete_logs_or_edit_entries(self):
        self.start("sec-del", user=self.ai_user)
        self.Log.with_user(self.ai_user).note("sec-del", "note", "keep")
        log = self.log("sec-del")
        with self.assertRaises(AccessError):
            log.with_user(self.ai_user).unlink()
        with self.assertRaises(AccessError):
            log.entry_ids.with_user(self.ai_user).write({"text": "rewritten"})
        self.assertEqual(log.entry_ids.text, "keep")

    def test_engineer_writes_any_log_manager_deletes(self):
        self.start("sec-eng", user=self.ai_user)
        self.Log.with_user(self.engineer).note("sec-eng", "decision", "engineer note")
        self.log("sec-eng").with_user(self.engineer).write({"title": "Retitled"})
        self.assertEqual(self.log("sec-eng").title, "Retitled")
        with self.assertRaises(AccessError):
            self.log("sec-eng").with_user(self.engineer).unlink()
        self.log("sec-eng").with_user(self.manager).unlink()
        self.assertFalse(self.log("sec-eng"))

    def test_reader_reads_only_outsider_nothing(self):
        self.start("sec-read", user=self.ai_user)
        log = self.log("sec-read").with_user(self.reader)
        self.assertEqual(log.name, "sec-read")
        with self.assertRaises(AccessError):
            log.write({"title": "x"})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.reader).start("sec-reader-start", "t", repo="test-repo")
        with self.assertRaises(AccessError):
            self.Log.with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.Memory.with_user(self.outsider).index()

    def test_ai_user_remembers_but_cannot_write_or_delete_memory_directly(self):
        result = self.Memory.with_user(self.ai_user).remember("Security topic", "The summary of it.")
        memory = self.Memory.browse(result["id"])
        self.assertEqual(memory.create_uid, self.ai_user)
        with self.assertRaises(AccessError):
            memory.with_user(self.ai_user).write({"summary": "overwritten"})
        with self.assertRaises(AccessError):
            memory.with_user(self.ai_user).unlink()
        with self.assertRaises(AccessError):
            self.Memory.with_user(self.ai_user).create({"topic": "direct", "summary": "direct"})
        with self.assertRaises(AccessError):
            memory.with_user(self.ai_user).action_accept_promotion()
        self.assertEqual(memory.summary, "The summary of it.")

    def test_reader_cannot_remember(self):
        with self.assertRaisesRegex(AccessError, "Only AI sessions and Engineers"):
            self.Memory.with_user(self.reader).remember("t", "s")

    def test_ai_cannot_remember_into_another_users_session(self):
        self.start("sec-mem-other", user=self.ai_user)
        with self.assertRaisesRegex(AccessError, "belongs to"):
            self.Memory.with_user(self.ai_user2).remember("topic x", "summary x", session_id="sec-mem-other")

    def test_only_managers_delete_memory(self):
        memory = self.Memory.create({"topic": "Del topic", "summary": "Del summary"})
        with self.assertRaises(AccessError):
            memory.with_user(self.engineer).unlink()
        memory.with_user(self.manager).unlink()
        self.assertFalse(memory.exists())

    def test_every_memory_model_has_a_record_rule(self):
        for model in ("practice.session.log", "practice.session.log.entry", "practice.memory"):
            ir_model = self.env["ir.model"]._get(model)
            self.assertTrue(self.env["ir.rule"].search_count([("model_id", "=", ir_model.id)]), model)
