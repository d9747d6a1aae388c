# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.practice_memory.tests.common import MemoryCase


@tagged("post_install", "-at_install", "practice_domain")
class TestSessionLocks(MemoryCase):
    """A session log counts and lists the locks taken under its session id (the *Locks* button),
    archived ones too; the link is this bridge's, practice_memory names no lock."""

    def test_the_log_counts_and_lists_its_sessions_locks(self):
        self.start("soft-1", user=self.ai_user, modules=["soft_mod"])
        self.start("soft-2", user=self.ai_user2)
        log = self.log("soft-1")
        self.assertEqual(log.lock_count, 0)
        Lock = self.env["practice.lock"]
        granted = Lock.with_user(self.ai_user).acquire("soft_mod", "soft-1", repo="test-repo")
        Lock.with_user(self.ai_user2).acquire("other_mod", "soft-2", repo="test-repo")
        log.invalidate_recordset()
        self.assertEqual(log.lock_count, 1)
        self.assertEqual(self.log("soft-2").lock_count, 1)
        action = log.action_view_locks()
        self.assertEqual(action["res_model"], "practice.lock")
        self.assertEqual(action["domain"], [("session_id", "=", "soft-1")])
        self.assertEqual(action["context"], {"active_test": False})
        self.assertIn("soft-1", action["name"])
        # a released lock still counts: it was taken under the session
        self.assertTrue(Lock.with_user(self.ai_user).release(granted["token"], "soft-1")["ok"])
        log.invalidate_recordset()
        self.assertEqual(log.lock_count, 1)
        # a Practice Reader sees the count too
        self.assertEqual(log.with_user(self.reader).lock_count, 1)

    def test_the_field_and_button_are_this_bridges(self):
        field = self.env["practice.session.log"]._fields["lock_count"]
        self.assertEqual(field._module, "practice_lock_memory")
        arch = self.env.ref("practice_memory.practice_session_log_view_form").get_combined_arch()
        self.assertIn('name="action_view_locks"', arch)
