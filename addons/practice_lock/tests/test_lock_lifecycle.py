# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import T0, LockCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestLockLifecycle(LockCase):
    @freeze_time(T0)
    def test_held_to_released(self):
        grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=600, reason="pricing fix")
        self.assertTrue(grant["granted"])
        self.assertEqual(grant["expires_at"], "2026-03-02 09:10:00")
        lock = self.lock_of(grant)
        self.assertEqual(lock.state, "held")
        answer = self.api(self.engineer).release(grant["token"], "s-1")
        self.assertEqual(answer, dict(answer, ok=True, state="released", token=grant["token"]))
        self.assertEqual(lock.state, "released")
        self.assertEqual(lock.ended_by_id, self.engineer)
        self.assertEqual(str(lock.ended_at), T0)
        self.assertEqual(self.events(lock), ["granted", "released"])
        # the module is free again: the next grant gets a larger token
        again = self.take(self.engineer2, "sale_ext", "s-2")
        self.assertTrue(again["granted"])
        self.assertGreater(again["token"], grant["token"])

    @freeze_time(T0)
    def test_release_records_the_same_history_as_any_end(self):
        """Every end of a lock (released, forced, expired) writes its row and its event in one
        statement: the fields the ORM write and event create wrote."""
        grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=600, reason="pricing fix")
        lock = self.lock_of(grant)
        self.api(self.engineer).release(grant["token"], "s-1")
        self.assertEqual(
            (lock.state, str(lock.ended_at), lock.ended_by_id, lock.end_reason, lock.expired_via),
            ("released", T0, self.engineer, False, False),
        )
        self.assertEqual((lock.write_uid, str(lock.write_date)), (self.engineer, T0))
        event = lock.event_ids.filtered(lambda e: e.event == "released")
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (str(event.at), event.user_id, event.session_id, event.expires_at, event.token),
            (T0, self.engineer, "s-1", lock.expires_at, lock.token),
        )
        self.assertEqual(
            (event.module_id, event.repo_id, event.company_id, event.holder_id, event.create_uid),
            (lock.module_id, lock.repo_id, lock.company_id, self.engineer, self.engineer),
        )
        self.assertFalse(event.note)

    def test_renew_keeps_held_and_extends_from_now(self):
        with freeze_time(T0):
            grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=600)
        with freeze_time("2026-03-02 09:08:00"):
            answer = self.api(self.engineer).renew(grant["token"], "s-1")
            self.assertTrue(answer["ok"])
            self.assertEqual(answer["expires_at"], "2026-03-02 09:18:00")  # last length (600 s) from now
            answer = self.api(self.engineer).renew(grant["token"], "s-1", ttl_seconds=3600)
            self.assertEqual(answer["expires_at"], "2026-03-02 10:08:00")
        lock = self.lock_of(grant)
        self.assertEqual((lock.state, lock.renew_count, lock.ttl_seconds), ("held", 2, 3600))
        self.assertEqual(lock.token, grant["token"])  # renewal never changes the fencing token
        self.assertEqual(self.events(lock), ["granted", "renewed", "renewed"])
        with freeze_time("2026-03-02 10:00:00"):
            self.assertTrue(self.Lock._cron_expire_leases() >= 0)
            self.assertEqual(lock.state, "held")

    def test_held_to_expired_by_cron(self):
        with freeze_time(T0):
            grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=60)
        lock = self.lock_of(grant)
        with freeze_time("2026-03-02 09:00:59"):
            self.Lock._cron_expire_leases()
            self.assertEqual(lock.state, "held")
        with freeze_time("2026-03-02 09:01:00"):
            self.Lock._cron_expire_leases()
        self.assertEqual((lock.state, lock.expired_via), ("expired", "cron"))
        self.assertEqual(str(lock.ended_at), "2026-03-02 09:01:00")
        self.assertEqual(self.events(lock), ["granted", "expired"])
        with freeze_time("2026-03-02 09:02:00"):
            answer = self.api(self.engineer).renew(grant["token"], "s-1")
        self.assertEqual((answer["ok"], answer["expired"], answer["state"]), (False, True, "expired"))
        self.assertEqual(lock.state, "expired")

    def test_held_to_expired_by_takeover(self):
        with freeze_time(T0):
            first = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=60)
        with freeze_time("2026-03-02 09:00:30"):
            refused = self.take(self.engineer2, "sale_ext", "s-2")
            self.assertFalse(refused["granted"])
        with freeze_time("2026-03-02 09:01:00"):
            second = self.take(self.engineer2, "sale_ext", "s-2", reason="takeover")
        self.assertTrue(second["granted"])
        self.assertEqual(second["took_over"], first["token"])
        self.assertGreater(second["token"], first["token"])
        old, new = self.lock_of(first), self.lock_of(second)
        self.assertEqual((old.state, old.expired_via, old.successor_id), ("expired", "takeover", new))
        self.assertEqual(old.ended_by_id, self.engineer2)
        self.assertEqual(new.state, "held")
        self.assertEqual(self.events(old), ["granted", "expired"])
        note = self.Event.search([("lock_id", "=", old.id), ("event", "=", "expired")]).note
        self.assertIn("s-2", note)
        # the former holder is told its lease expired; no state change
        answer = self.api(self.engineer).release(first["token"], "s-1")
        self.assertEqual((answer["ok"], answer.get("expired")), (False, True))
        self.assertEqual(new.state, "held")

    def test_held_to_expired_noticed_by_holder(self):
        with freeze_time(T0):
            grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=60)
        with freeze_time("2026-03-02 09:05:00"):
            answer = self.api(self.engineer).renew(grant["token"], "s-1")
        self.assertEqual((answer["ok"], answer["expired"]), (False, True))
        lock = self.lock_of(grant)
        self.assertEqual((lock.state, lock.expired_via), ("expired", "holder"))

    def test_held_to_forced_notifies_holder_and_breaks_its_calls(self):
        grant = self.take(self.engineer, "sale_ext", "s-1", reason="refactor")
        answer = self.api(self.manager).force_release("sale_ext", "hotfix needed", repo="test-repo")
        self.assertEqual(answer, dict(answer, ok=True, state="forced", reason="hotfix needed"))
        self.assertEqual(answer["holder"]["session_id"], "s-1")
        lock = self.lock_of(grant)
        self.assertEqual(
            (lock.state, lock.end_reason, lock.ended_by_id), ("forced", "hotfix needed", self.manager)
        )
        self.assertEqual(self.events(lock), ["granted", "forced"])
        message = lock.message_ids.filtered(lambda m: "hotfix needed" in (m.body or ""))
        self.assertTrue(message)
        self.assertIn(self.engineer.partner_id, message.partner_ids)
        self.assertEqual(lock.activity_ids.user_id, self.engineer)
        for call in (
            lambda: self.api(self.engineer).renew(grant["token"], "s-1"),
            lambda: self.api(self.engineer).release(grant["token"], "s-1"),
        ):
            broken = call()
            self.assertEqual(
                {k: broken[k] for k in ("ok", "broken", "reason", "by")},
                {"ok": False, "broken": True, "reason": "hotfix needed", "by": self.manager.name},
            )
        self.assertEqual(lock.state, "forced")
        self.assertEqual(self.events(lock), ["granted", "forced"])

    def test_final_states_stay_final(self):
        released = self.take(self.engineer, "mod_a", "s-1")
        self.api(self.engineer).release(released["token"], "s-1")
        lock = self.lock_of(released)
        for call in ("renew", "release"):
            answer = getattr(self.api(self.engineer), call)(released["token"], "s-1")
            self.assertEqual((answer["ok"], answer["state"], answer["released"]), (False, "released", True))
        self.assertEqual(lock.state, "released")
        self.assertEqual(self.events(lock), ["granted", "released"])
        with self.assertRaisesRegex(UserError, "already released"):
            lock._force("too late")
        with self.assertRaisesRegex(UserError, "change only through"):
            lock.with_user(self.engineer).write({"state": "held"})
        self.assertEqual(lock.state, "released")

    def test_same_session_acquires_again_extends_same_token(self):
        with freeze_time(T0):
            grant = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=60)
        with freeze_time("2026-03-02 09:00:30"):
            again = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=120, reason="still on it")
        self.assertTrue(again["granted"] and again["reentered"])
        self.assertEqual(again["token"], grant["token"])
        self.assertEqual(again["expires_at"], "2026-03-02 09:02:30")
        lock = self.lock_of(grant)
        self.assertEqual((lock.reason, lock.renew_count), ("still on it", 1))

    def test_force_wizard_by_manager(self):
        grant = self.take(self.ai_user, "sale_ext", "agent-1")
        lock = self.lock_of(grant)
        action = lock.with_user(self.manager).action_open_force_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "agent stuck"})
        )
        self.assertEqual(wizard.lock_id, lock)
        wizard.action_force_release()
        self.assertEqual((lock.state, lock.end_reason), ("forced", "agent stuck"))
        answer = self.api(self.ai_user).renew(grant["token"], "agent-1")
        self.assertTrue(answer["broken"])

    def test_history_is_never_deleted(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        self.api(self.engineer).release(grant["token"], "s-1")
        lock = self.lock_of(grant)
        with self.assertRaisesRegex(UserError, "never deleted"):
            lock.sudo().unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            lock.event_ids.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            lock.event_ids.sudo().write({"note": "rewritten"})
        self.assertTrue(lock.exists())
        self.assertEqual(len(lock.event_ids), 2)
