# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.practice_memory.tests.common import MemoryCase


@tagged("post_install", "-at_install", "practice_rules")
class TestSessionModules(MemoryCase):
    """Issue 24: two sessions in one work tree; A's log and memories were tagged with B's module
    (modules came from `git status`). A session's modules are the ones it locked."""

    def acquire(self, user, module, session, repo="test-repo"):
        return self.env["practice.lock"].with_user(user).acquire(module, session, repo=repo)

    def test_a_granted_lock_tags_its_sessions_log_only(self):
        self.start("s-a", user=self.ai_user)
        self.start("s-b", user=self.ai_user2)
        self.assertTrue(self.acquire(self.ai_user, "alpha", "s-a")["granted"])
        self.assertTrue(self.acquire(self.ai_user2, "beta", "s-b")["granted"])
        # a refused acquire tags nothing
        self.assertFalse(self.acquire(self.ai_user2, "alpha", "s-b")["granted"])
        self.assertEqual(self.log("s-a").module_ids.mapped("name"), ["alpha"])
        self.assertEqual(self.log("s-b").module_ids.mapped("name"), ["beta"])
        # re-entering the same lock adds nothing twice
        self.acquire(self.ai_user, "alpha", "s-a")
        self.assertEqual(len(self.log("s-a").module_ids), 1)

    def test_a_memory_of_the_session_gets_the_locked_modules(self):
        self.start("s-a", user=self.ai_user)
        self.acquire(self.ai_user, "alpha", "s-a")
        memory = self.Memory.with_user(self.ai_user).remember(
            "Rounding", "Round half even.", session_id="s-a"
        )
        self.assertEqual(self.Memory.browse(memory["id"]).module_ids.mapped("name"), ["alpha"])

    def test_only_the_holders_running_log_of_the_same_repository(self):
        self.start("s-a", user=self.ai_user)
        # another user's lock under the same session id, and a lock in another repository
        self.acquire(self.ai_user2, "gamma", "s-a")
        self.acquire(self.ai_user, "delta", "s-a", repo="other-repo")
        self.assertFalse(self.log("s-a").module_ids)
        # a finished log is not tagged any more
        self.Log.with_user(self.ai_user).finish("s-a", "success", "done")
        self.acquire(self.ai_user, "epsilon", "s-a")
        self.assertFalse(self.log("s-a").module_ids)
