# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LockCase


@tagged("post_install", "-at_install", "practice_security")
class TestLockSecurity(LockCase):
    def test_reader_cannot_acquire(self):
        before = self.counts()
        with self.assertRaises(AccessError):
            self.take(self.reader, "sale_ext", "r-1")
        self.assertEqual(self.counts(), before)
        # ... but sees locks and verifies
        grant = self.take(self.engineer, "sale_ext", "s-1")
        result = self.api(self.reader).verify(["sale_ext"], "r-1", repo="test-repo")
        self.assertEqual(result["theirs"][0]["token"], grant["token"])
        self.assertEqual(
            self.Lock.with_user(self.reader).search([("token", "=", grant["token"])]).session_id, "s-1"
        )

    def test_engineer_cannot_renew_or_release_anothers_lock(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        lock = self.lock_of(grant)
        expires = lock.expires_at
        for call in ("renew", "release"):
            # even knowing the holder's session id
            with self.assertRaisesRegex(AccessError, "only its holder"):
                getattr(self.api(self.engineer2), call)(grant["token"], "s-1")
        self.assertEqual((lock.state, lock.expires_at, lock.renew_count), ("held", expires, 0))
        self.assertEqual(self.events(lock), ["granted"])

    def test_force_release_needs_manager(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        for user in (self.engineer, self.engineer2, self.ai_user, self.reader):
            with self.assertRaisesRegex(AccessError, "Only Practice Managers"):
                self.api(user).force_release("sale_ext", "mine now", repo="test-repo")
        self.assertEqual(self.lock_of(grant).state, "held")
        with self.assertRaises(AccessError):
            self.env["practice.lock.force.wizard"].with_user(self.engineer).create(
                {"lock_id": self.lock_of(grant).id, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            self.lock_of(grant).with_user(self.engineer).action_open_force_wizard()
        self.assertTrue(self.api(self.manager).force_release("sale_ext", "ok", repo="test-repo")["ok"])

    def test_ai_session_user_handles_its_own_locks(self):
        api = self.api(self.ai_user)
        grant = api.acquire("sale_ext", "agent-1", ttl_seconds=300, repo="test-repo")
        self.assertTrue(grant["granted"])
        self.assertEqual(
            api.verify(["sale_ext"], "agent-1", repo="test-repo")["ours"][0]["token"], grant["token"]
        )
        self.assertTrue(api.renew(grant["token"], "agent-1")["ok"])
        self.assertTrue(api.release(grant["token"], "agent-1")["ok"])
        # narrow: no force, no other's lock, no history rewrite
        other = self.take(self.engineer, "stock_ext", "s-1")
        with self.assertRaises(AccessError):
            api.release(other["token"], "s-1")
        with self.assertRaises(AccessError):
            api.force_release("stock_ext", "x", repo="test-repo")
        with self.assertRaises(AccessError):
            self.lock_of(other).with_user(self.ai_user).write({"reason": "hijack"})

    def test_outsider_cannot_use_locks(self):
        self.take(self.engineer, "sale_ext", "s-1")
        for call in (
            lambda api: api.acquire("sale_ext", "o-1", repo="test-repo"),
            lambda api: api.verify(["sale_ext"], "o-1", repo="test-repo"),
            lambda api: api.check_token("sale_ext", 1, repo="test-repo"),
            lambda api: api.held(repo="test-repo"),
            lambda api: api.search([]),
        ):
            with self.assertRaises(AccessError):
                call(self.api(self.outsider))

    def test_holder_edits_only_the_reason_of_own_lock(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        lock = self.lock_of(grant)
        lock.with_user(self.engineer).write({"reason": "clarified"})
        self.assertEqual(lock.reason, "clarified")
        with self.assertRaises(AccessError):
            lock.with_user(self.engineer2).write({"reason": "not yours"})
        for vals in ({"expires_at": "2099-01-01 00:00:00"}, {"state": "released"}, {"token": 1}):
            with self.assertRaisesRegex(UserError, "change only through"):
                lock.with_user(self.engineer).write(vals)
        with self.assertRaisesRegex(UserError, "acquire"):
            self.Lock.with_user(self.manager).create({"token": 1})
        with self.assertRaises(UserError):
            lock.event_ids.with_user(self.manager).write({"note": "x"})

    def test_nobody_deletes_locks(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        lock = self.lock_of(grant)
        for user in (self.engineer, self.manager):
            with self.assertRaises(AccessError):
                lock.with_user(user).unlink()
        self.assertTrue(lock.exists())

    def test_record_rules_exist_for_every_lock_model(self):
        for model in ("practice.lock", "practice.lock.event"):
            ir_model = self.env["ir.model"]._get(model)
            self.assertTrue(self.env["ir.rule"].search_count([("model_id", "=", ir_model.id)]))
            self.assertFalse(
                self.env["ir.model.access"].search_count(
                    [("model_id", "=", ir_model.id), ("perm_unlink", "=", True)]
                )
            )
