# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.practice_memory.tests.common import MemoryCase


@tagged("post_install", "-at_install", "practice_domain")
class TestSessionSnapshots(MemoryCase):
    """A session log counts and lists the watchdog snapshots taken under its session id (the
    *Snapshots* button); the link is this bridge's, practice_memory names no snapshot."""

    def test_the_log_counts_and_lists_its_sessions_snapshots(self):
        self.start("snap-1", user=self.ai_user)
        self.start("snap-2", user=self.ai_user2)
        log = self.log("snap-1")
        self.assertEqual(log.snapshot_count, 0)
        Snapshot = self.env["practice.watchdog.snapshot"]
        for label in ("before", "after"):
            Snapshot.with_user(self.ai_user).take(label, models=["res.partner"], session_id="snap-1")
        Snapshot.with_user(self.ai_user2).take("other", models=["res.partner"], session_id="snap-2")
        Snapshot.take("no session", models=["res.partner"])
        log.invalidate_recordset()
        self.assertEqual(log.snapshot_count, 2)
        self.assertEqual(self.log("snap-2").snapshot_count, 1)
        action = log.action_view_snapshots()
        self.assertEqual(action["res_model"], "practice.watchdog.snapshot")
        self.assertEqual(action["domain"], [("session_id", "=", "snap-1")])
        self.assertEqual(action["context"], {"active_test": False})
        self.assertIn("snap-1", action["name"])
        # a Practice Reader sees the count too
        self.assertEqual(log.with_user(self.reader).snapshot_count, 2)

    def test_the_field_and_button_are_this_bridges(self):
        field = self.env["practice.session.log"]._fields["snapshot_count"]
        self.assertEqual(field._module, "practice_memory_watchdog")
        arch = self.env.ref("practice_memory.practice_session_log_view_form").get_combined_arch()
        self.assertIn('name="action_view_snapshots"', arch)
