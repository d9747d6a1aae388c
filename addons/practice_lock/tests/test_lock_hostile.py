# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public RPC method of practice.lock answers hostile input with an Odoo exception,
and lock fields change only through the lock API."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.practice_base.tests.test_hostile_input import BIG, HostileMixin

from .common import LockCase

HOSTILE = [None, [], ["x"], {"a": 1}, 1.5, float("nan"), float("inf"), True, -1, 0, 2**40, "", "x" * 100_000]


@tagged("post_install", "-at_install", "practice_rules")
class TestLockHostileInput(HostileMixin, LockCase):
    def test_every_lock_call_refuses_hostile_arguments(self):
        api = self.api(self.engineer)
        grant = self.take(self.engineer, "hostile_mod", "s-1")
        self.assertTrue(grant["granted"])
        before = self.counts()
        calls = []
        for bad in HOSTILE:
            if bad is not None:  # None module/session are covered too, via the lists below
                calls.append(("acquire module", lambda b=bad: api.acquire(b, "s-2", repo="test-repo")))
            calls += [
                ("acquire session", lambda b=bad: api.acquire("hostile_mod2", b, repo="test-repo")),
                ("renew token", lambda b=bad: api.renew(b, "s-1")),
                ("renew session", lambda b=bad: api.renew(grant["token"], b)),
                ("release token", lambda b=bad: api.release(b, "s-1")),
                ("release session", lambda b=bad: api.release(grant["token"], b)),
                ("verify session", lambda b=bad: api.verify(["hostile_mod"], b, repo="test-repo")),
                ("check_token module", lambda b=bad: api.check_token(b, grant["token"], repo="test-repo")),
            ]
        for bad in [[], ["x"], {"a": 1}, 1.5, float("nan"), float("inf"), True, -1, 0, 10**12, "soon", "-5"]:
            calls.append(
                (
                    "acquire ttl",
                    lambda b=bad: api.acquire("hostile_mod2", "s-2", ttl_seconds=b, repo="test-repo"),
                )
            )
            calls.append(("renew ttl", lambda b=bad: api.renew(grant["token"], "s-1", ttl_seconds=b)))
        # (a positive token that was never granted is a normal answer: valid False)
        for bad in [
            None,
            [],
            ["x"],
            {"a": 1},
            1.5,
            float("nan"),
            float("inf"),
            True,
            -1,
            0,
            "",
            "7",
            "x" * 100,
        ]:
            calls.append(
                ("check_token token", lambda b=bad: api.check_token("hostile_mod", b, repo="test-repo"))
            )
        for bad in [[], ["x"], {"a": 1}, 1.5, True, BIG]:
            calls.append(
                (
                    "acquire reason",
                    lambda b=bad: api.acquire("hostile_mod2", "s-2", reason=b, repo="test-repo"),
                )
            )
        for bad in [[], ["x"], {"a": 1}, 1.5, True, -1, 2**40, "r" * 100_000, "no-such-repo"]:
            calls.append(("acquire repo", lambda b=bad: api.acquire("hostile_mod2", "s-2", repo=b)))
            calls.append(("verify repo", lambda b=bad: api.verify(["hostile_mod"], "s-1", repo=b)))
        for bad in [None, 5, {"a": 1}, 1.5, True, [None], [5], [["x"]], "x" * 100_000, ["bad name!"]]:
            calls.append(("verify modules", lambda b=bad: api.verify(b, "s-1", repo="test-repo")))
        calls += [
            (
                "verify 5000 modules",
                lambda: api.verify([f"m{i}" for i in range(5000)], "s-1", repo="test-repo"),
            ),
            ("verify long name", lambda: api.verify(["x" * 10_000], "s-1", repo="test-repo")),
            ("verify None", lambda: api.verify(None, "s-1", repo="test-repo")),
        ]
        manager = self.api(self.manager)
        for bad in [None, [], {"a": 1}, 1.5, "", "x" * 100_000]:
            calls.append(("force module", lambda b=bad: manager.force_release(b, "why", repo="test-repo")))
            calls.append(
                ("force reason", lambda b=bad: manager.force_release("hostile_mod", b, repo="test-repo"))
            )
        for label, call in calls:
            self.assertOdooError(call, label)
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.lock_of(grant).state, "held")

    def test_lock_text_and_results_are_guarded(self):
        grant = self.take(self.engineer, "guarded_mod", "s-1")
        lock = self.lock_of(grant).with_user(self.engineer)
        with self.assertRaisesRegex(UserError, "limited to 500"):
            lock.write({"reason": BIG})
        # related/stored results (the module name would rename the code module)
        with self.assertRaisesRegex(AccessError, "change only through"):
            lock.write({"module_name": "renamed_mod"})
        with self.assertRaisesRegex(AccessError, "change only through"):
            lock.write({"company_id": self.env.company.id})
        self.assertEqual(self.lock_of(grant).module_name, "guarded_mod")
        # a context value equal to the grant's text is not the grant
        with self.assertRaisesRegex(AccessError, "change only through"):
            lock.with_context(practice_guard="granted").write({"state": "released"})
        self.assertEqual(self.lock_of(grant).state, "held")
