# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LockCase


@tagged("post_install", "-at_install", "practice_rules")
class TestLockRules(LockCase):
    def assertRefused(self, call, exc, pattern):
        before = self.counts()
        with self.assertRaisesRegex(exc, pattern):
            call()
        self.assertEqual(self.counts(), before, "a refused call must write nothing")

    def test_empty_or_invalid_module(self):
        api = self.api(self.engineer)
        for bad in ("", "   ", None, 12, ["a"]):
            self.assertRefused(
                lambda b=bad: api.acquire(b, "s-1", repo="test-repo"), ValidationError, "module"
            )
        self.assertRefused(
            lambda: api.acquire("bad name!", "s-1", repo="test-repo"), ValidationError, "Invalid module name"
        )

    def test_zero_negative_or_huge_ttl(self):
        api = self.api(self.engineer)
        for bad in (0, -1, -3600, 10**9, "soon", 1.5):
            self.assertRefused(
                lambda b=bad: api.acquire("sale_ext", "s-1", ttl_seconds=b, repo="test-repo"),
                ValidationError,
                "ttl_seconds",
            )
        grant = self.take(self.engineer, "sale_ext", "s-1")
        for bad in (0, -5):
            self.assertRefused(
                lambda b=bad: api.renew(grant["token"], "s-1", ttl_seconds=b), ValidationError, "ttl_seconds"
            )

    def test_unknown_repo(self):
        api = self.api(self.engineer)
        self.assertRefused(
            lambda: api.acquire("sale_ext", "s-1", repo="no-such-repo"), UserError, "Unknown repository"
        )
        self.assertRefused(
            lambda: api.verify(["sale_ext"], "s-1", repo=99999999), UserError, "Unknown repository"
        )
        self.assertRefused(
            lambda: api.check_token("sale_ext", 3, repo="nope"), UserError, "Unknown repository"
        )

    def test_empty_session(self):
        api = self.api(self.engineer)
        for bad in ("", "  ", None, 7):
            self.assertRefused(
                lambda b=bad: api.acquire("sale_ext", b, repo="test-repo"), ValidationError, "session_id"
            )

    def test_unknown_or_bad_token(self):
        api = self.api(self.engineer)
        self.assertRefused(lambda: api.renew(987654321, "s-1"), UserError, "Unknown lock token 987654321")
        self.assertRefused(lambda: api.release(987654321, "s-1"), UserError, "Unknown lock token")
        for bad in (0, -1, "12", None):
            self.assertRefused(
                lambda b=bad: api.release(b, "s-1"), ValidationError, "token must be a positive"
            )

    def test_wrong_session_is_a_normal_answer_naming_the_holder(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        before = self.counts()
        for call in ("renew", "release"):
            answer = getattr(self.api(self.engineer), call)(grant["token"], "s-other")
            self.assertEqual((answer["ok"], answer["error"]), (False, "not_holder"))
            self.assertEqual(answer["holder"]["session_id"], "s-1")
            self.assertIn("s-1", answer["message"])
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.lock_of(grant).state, "held")

    def test_force_release_needs_a_reason(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        for bad in ("", "   ", None):
            self.assertRefused(
                lambda b=bad: self.api(self.manager).force_release("sale_ext", b, repo="test-repo"),
                ValidationError,
                "reason is required",
            )
        self.assertEqual(self.lock_of(grant).state, "held")
        wizard = (
            self.env["practice.lock.force.wizard"]
            .with_user(self.manager)
            .create({"lock_id": self.lock_of(grant).id, "reason": "  "})
        )
        self.assertRefused(wizard.action_force_release, ValidationError, "reason is required")

    def test_force_release_of_a_free_module_is_a_normal_answer(self):
        before = self.counts()
        answer = self.api(self.manager).force_release("nobody_holds_it", "cleanup", repo="test-repo")
        self.assertEqual((answer["ok"], answer["free"]), (False, True))
        self.assertEqual(self.counts(), before)

    def test_verify_needs_a_list_of_valid_names(self):
        api = self.api(self.engineer)
        self.assertRefused(
            lambda: api.verify(None, "s-1", repo="test-repo"), ValidationError, "modules must be"
        )
        self.assertRefused(
            lambda: api.verify(["ok", ""], "s-1", repo="test-repo"), ValidationError, "module name"
        )
        self.assertRefused(lambda: api.verify(["ok"], "", repo="test-repo"), ValidationError, "session_id")
        self.assertEqual(
            api.verify([], "s-1", repo="test-repo"),
            {"ours": [], "theirs": [], "free": [], "repo": "test-repo"},
        )

    def test_overlong_reason(self):
        self.assertRefused(
            lambda: self.take(self.engineer, "sale_ext", "s-1", reason="x" * 501),
            ValidationError,
            "at most 500",
        )
