# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_integration")
class TestSessionRead(MemoryCase):
    """sessions() and describe(): what `practice session list|show` and the MCP tools answer."""

    def test_list_newest_first_filtered_and_show_whole(self):
        self.start("s-read-1", user=self.ai_user, modules=["sale_ext"])
        self.start("s-read-2", user=self.ai_user2)
        self.Log.with_user(self.ai_user).note("s-read-1", "failed", "the cron kept the lock")
        self.Log.with_user(self.ai_user).finish("s-read-1", "partial", "half done")
        Log = self.Log.with_user(self.ai_user)
        mine = [r["session_id"] for r in Log.sessions(mine=True)]
        self.assertIn("s-read-1", mine)
        self.assertNotIn("s-read-2", mine)
        finished = Log.sessions(state="finished", repo="test-repo", mine=True)
        self.assertEqual([r["session_id"] for r in finished], ["s-read-1"])
        self.assertEqual(finished[0]["outcome"], "partial")
        shown = Log.describe("s-read-1")
        self.assertEqual(shown["summary"], "half done")
        self.assertEqual(
            [(n["kind"], n["text"]) for n in shown["notes"]], [("failed", "the cron kept the lock")]
        )
        self.assertEqual(shown["modules"], ["sale_ext"])
        self.assertEqual(shown["usage"], [])

    def test_bad_arguments_say_what(self):
        with self.assertRaisesRegex(UserError, "Unknown state 'done'"):
            self.Log.sessions(state="done")
        with self.assertRaisesRegex(UserError, "limit"):
            self.Log.sessions(limit=0)
        with self.assertRaisesRegex(UserError, "mine is true or false"):
            self.Log.sessions(mine="yes")
        with self.assertRaisesRegex(UserError, "start it first .*MCP session_start"):
            self.Log.describe("no-such-session")


@tagged("post_install", "-at_install", "practice_security")
class TestSessionReadRights(MemoryCase):
    def test_a_user_without_practice_groups_reads_no_session(self):
        self.start("s-hidden", user=self.ai_user)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.outsider).sessions()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.outsider).describe("s-hidden")
