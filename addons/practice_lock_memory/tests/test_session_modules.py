# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
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
        self.assertEqual(memory["repo"], "test-repo", "the answer names the repository")

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


@tagged("post_install", "-at_install", "practice_rules")
class TestSessionIdBound(MemoryCase):
    """Issue 30: the session log took ids of 200 characters, locks 128: a 150-character session
    started and then could not take a lock. One bound now (practice_base/tools/guard.py)."""

    def test_a_session_that_starts_can_lock_and_one_that_cannot_lock_does_not_start(self):
        longest, too_long = "s" * 128, "s" * 129
        self.start(longest, user=self.ai_user)
        lock = self.env["practice.lock"].with_user(self.ai_user)
        self.assertTrue(lock.acquire("alpha", longest, repo="test-repo")["granted"])
        with self.assertRaisesRegex(UserError, "at most 128 characters"):
            self.start(too_long, user=self.ai_user)
        with self.assertRaisesRegex(ValidationError, "at most 128 characters"):
            lock.acquire("beta", too_long, repo="test-repo")
        with self.assertRaisesRegex(UserError, "1 to 128 characters"):
            self.env["practice.context"].with_user(self.ai_user).bundle(session_id=too_long, repo="test-repo")
