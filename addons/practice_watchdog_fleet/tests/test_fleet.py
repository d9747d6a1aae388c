# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Registry tests of the fleet: rights on targets and their API keys, the mirror's upsert,
state transitions and the one local alert while a target is down (the network replaced by a
fake XML-RPC server)."""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.practice_base.tests.common import PracticeCase

SECRET = "fleet-key-0123456789abcdef"


class FakeTarget:
    """A watched database answering XML-RPC in-process: its open alerts and newest snapshot."""

    def __init__(self):
        self.alerts = {}
        self.heartbeat = fields.Datetime.now() - timedelta(minutes=10)
        self.down = None
        self.calls = 0

    def alert(self, remote_id, severity="high", state="new", name=None):
        self.alerts[remote_id] = {
            "id": remote_id,
            "name": name or f"remote alert {remote_id}",
            "kind": "burst",
            "severity": severity,
            "state": state,
            "create_date": "2026-01-05 09:00:00",
            "summary": "25 res.partner deleted",
        }

    def proxy(self, url, service, timeout):
        fake = self

        class Proxy:
            def authenticate(self, db, login, secret, env):
                fake.calls += 1
                if fake.down:
                    raise fake.down
                return 2 if secret == SECRET else False

            def execute_kw(self, db, uid, secret, model, method, args, kwargs):
                fake.calls += 1
                if fake.down:
                    raise fake.down
                if secret != SECRET:
                    raise xmlrpc.client.Fault(3, "Access Denied")
                if method == "list_alerts":
                    return [a for a in fake.alerts.values() if a["state"] != "resolved"]
                taken = fields.Datetime.to_string(fake.heartbeat) if fake.heartbeat else None
                return [{"id": 1, "taken_at": taken}] if taken else []

        return Proxy()


class FleetCase(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="t_fleet_admin",
            groups="base.group_user,base.group_system,practice_base.group_practice_manager",
        )
        cls.Target = cls.env["practice.watchdog.target"]
        cls.target = cls.Target.create(
            {
                "name": "Prod EU",
                "url": "https://erp.example.com/",
                "db": "prod",
                "login": "watch",
                "api_key": SECRET,
                "environment": "production",
            }
        )

    def setUp(self):
        super().setUp()
        self.fake = FakeTarget()

    def pull(self, target=None):
        (target or self.target)._pull(proxy=self.fake.proxy)

    def fleet_alerts(self, target=None):
        return self.env["practice.watchdog.alert"].search(
            [("kind", "=", "fleet"), ("fleet_target_id", "=", (target or self.target).id)]
        )


@tagged("post_install", "-at_install", "practice_security")
class TestFleetSecurity(FleetCase):
    def test_engineer_reads_targets_but_not_the_key(self):
        target = self.target.with_user(self.engineer)
        self.assertEqual(target.name, "Prod EU")
        self.assertNotIn("api_key", target.fields_get())
        with self.assertRaises(AccessError):
            target.read(["api_key"])
        with self.assertRaises(AccessError):
            self.Target.with_user(self.engineer).search_read([("api_key", "!=", False)], ["name"])

    def test_ai_user_reads_no_target_nor_key(self):
        with self.assertRaises(AccessError):
            self.target.with_user(self.ai_user).read(["name"])
        with self.assertRaises(AccessError):
            self.target.with_user(self.ai_user).read(["api_key"])
        with self.assertRaises(AccessError):
            self.env["practice.watchdog.target.alert"].with_user(self.ai_user).search([])

    def test_only_managers_create_and_only_admins_touch_the_key(self):
        values = {"name": "Staging", "url": "https://stg.example.com", "db": "stg", "login": "w"}
        with self.assertRaises(AccessError):
            self.Target.with_user(self.engineer).create(dict(values))
        target = self.Target.with_user(self.manager).create(dict(values, environment="staging"))
        with self.assertRaises(AccessError):
            target.write({"api_key": "something"})
        with self.assertRaises(AccessError):
            target.read(["api_key"])
        target.with_user(self.admin).write({"api_key": "other-key-1234"})
        self.assertEqual(target.with_user(self.admin).api_key, "other-key-1234")

    def test_pull_results_are_guarded(self):
        for vals in ({"state": "ok"}, {"open_high_count": 5}, {"last_error": "x"}, {"remote_uid": 3}):
            with self.assertRaises(AccessError):
                self.target.with_user(self.manager).write(vals)
        with self.assertRaises(AccessError):
            self.Target.with_user(self.manager).create(
                {"name": "X", "url": "https://x.example.com", "db": "x", "login": "w", "state": "ok"}
            )

    def test_mirror_is_read_only(self):
        self.fake.alert(11)
        self.pull()
        mirror = self.target.alert_ids.with_user(self.manager)
        self.assertEqual(mirror.name, "remote alert 11")
        with self.assertRaises(AccessError):
            mirror.write({"state": "resolved"})
        with self.assertRaises(AccessError):
            self.env["practice.watchdog.target.alert"].with_user(self.manager).create(
                {
                    "target_id": self.target.id,
                    "remote_id": 99,
                    "name": "x",
                    "severity": "high",
                    "state": "new",
                }
            )
        action = mirror.action_open_on_target()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(action["url"].startswith("https://erp.example.com/odoo/"))
        self.assertTrue(action["url"].endswith("/11"))

    def test_engineer_cannot_pull_now(self):
        with self.assertRaises(AccessError):
            self.target.with_user(self.engineer).action_pull_now()

    def test_key_never_in_errors_or_alerts(self):
        self.fake.down = xmlrpc.client.Fault(1, f"ValueError: key {SECRET} refused")
        self.pull()
        self.assertEqual(self.target.state, "unreachable")
        self.assertNotIn(SECRET, self.target.last_error)
        alert = self.fleet_alerts()
        self.assertNotIn(SECRET, alert.name)
        messages = self.target.message_ids.mapped("body") + alert.message_ids.mapped("body")
        self.assertFalse([m for m in messages if SECRET in (m or "")])


@tagged("post_install", "-at_install", "practice_rules")
class TestFleetRules(FleetCase):
    def test_url_must_be_http_without_credentials(self):
        with self.assertRaises(ValidationError):
            self.Target.create({"name": "Bad", "url": "https://u:p@h.example.com", "db": "x", "login": "w"})
        with self.assertRaises(ValidationError):
            self.target.write({"url": "ftp://h.example.com"})
        self.assertEqual(self.target.url, "https://erp.example.com")

    def test_new_credentials_forget_the_remote_uid(self):
        self.pull()
        self.assertEqual(self.target.remote_uid, 2)
        self.target.with_user(self.admin).write({"login": "other"})
        self.assertEqual(self.target.remote_uid, 0)

    def test_cron_skips_targets_pulled_within_the_minute(self):
        self.pull()
        self.assertFalse(self.Target.search([("id", "=", self.target.id)])._lock_for_pull(min_age=60))
        self.assertEqual(self.target._lock_for_pull(), self.target)


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestFleetLifecycle(FleetCase):
    def test_upsert_mirror_follows_the_target(self):
        self.fake.alert(1)
        self.fake.alert(2, severity="low")
        self.pull()
        self.assertEqual(self.target.state, "alert")
        self.assertEqual((self.target.open_high_count, self.target.open_alert_count), (1, 2))
        self.assertEqual(sorted(self.target.alert_ids.mapped("remote_id")), [1, 2])
        # acknowledged on the target, a third raised: updated in place, one row per remote id
        self.fake.alerts[1]["state"] = "acknowledged"
        self.fake.alert(3)
        self.pull()
        self.assertEqual(len(self.target.alert_ids), 3)
        by_id = {a.remote_id: a for a in self.target.alert_ids}
        self.assertEqual(by_id[1].state, "acknowledged")
        # resolved on the target: no longer open here
        self.fake.alerts[1]["state"] = "resolved"
        self.fake.alerts[3]["state"] = "resolved"
        self.pull()
        self.assertEqual(by_id[1].state, "resolved")
        self.assertEqual((self.target.open_high_count, self.target.open_alert_count), (0, 1))
        self.fake.alerts[2]["state"] = "resolved"
        self.pull()
        self.assertEqual(self.target.state, "ok")
        self.assertEqual(self.target.last_heartbeat, self.fake.heartbeat.replace(microsecond=0))

    def test_one_alert_while_unreachable_resolved_when_back(self):
        self.fake.down = ConnectionRefusedError(111, "Connection refused")
        self.pull()
        self.pull()
        self.assertEqual(self.target.state, "unreachable")
        self.assertIn("Connection refused", self.target.last_error)
        alert = self.fleet_alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.severity, alert.state), ("high", "new"))
        self.assertEqual(self.target.fleet_alert_id, alert)
        self.assertIn(self.manager, alert.activity_ids.user_id)
        self.fake.down = None
        self.pull()
        self.assertEqual(self.target.state, "ok")
        self.assertEqual(alert.state, "resolved")
        self.assertFalse(self.target.fleet_alert_id)
        self.assertFalse(self.target.last_error)
        # down again: a new alert
        self.fake.down = TimeoutError("timed out")
        self.pull()
        self.assertEqual(len(self.fleet_alerts()), 2)

    def test_alert_resolved_by_hand_is_not_raised_again_while_down(self):
        self.fake.down = ConnectionRefusedError(111, "Connection refused")
        self.pull()
        self.fleet_alerts().with_user(self.manager).action_resolve()
        self.pull()
        self.assertEqual(len(self.fleet_alerts()), 1)

    def test_wrong_key_is_unreachable(self):
        self.target.with_user(self.admin).write({"api_key": "wrong-key-000"})
        self.pull()
        self.assertEqual(self.target.state, "unreachable")
        self.assertEqual(self.target.last_error, "authentication refused")

    def test_silent_target_raises_a_low_alert(self):
        self.fake.heartbeat = fields.Datetime.now() - timedelta(hours=5)
        self.pull()
        self.assertEqual(self.target.state, "silent")
        alert = self.fleet_alerts()
        self.assertEqual((len(alert), alert.severity), (1, "low"))
        self.fake.heartbeat = None
        self.pull()
        self.assertEqual(len(self.fleet_alerts()), 1)
        self.fake.heartbeat = fields.Datetime.now()
        self.pull()
        self.assertEqual((self.target.state, alert.state), ("ok", "resolved"))

    def test_cron_pulls_active_targets_and_forgets_old_resolved_mirrors(self):
        closed = self.Target.create(
            {"name": "Closed port", "url": "http://127.0.0.1:9", "db": "x", "login": "w", "api_key": SECRET}
        )
        archived = self.Target.create(
            {"name": "Archived", "url": "http://127.0.0.1:9/a", "db": "x", "login": "w", "active": False}
        )
        self.fake.alert(1)
        self.pull()
        self.fake.alerts[1]["state"] = "resolved"
        self.pull()
        old = self.target.alert_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE practice_watchdog_target_alert SET write_date = now() - interval '31 days' WHERE id = %s",
            [old.id],
        )
        self.env.invalidate_all()
        pulled = self.Target._cron_pull()  # the target pulled just now is left alone
        self.assertEqual(pulled, closed)
        self.assertNotIn(archived, pulled)
        self.assertEqual(closed.state, "unreachable")
        self.assertNotIn(SECRET, closed.last_error)
        self.assertFalse(archived.state)
        self.assertFalse(old.exists())

    def test_pull_now_as_manager(self):
        self.target.with_user(self.manager)._lock_for_pull()._pull(proxy=self.fake.proxy)
        self.assertEqual(self.target.state, "ok")
        self.assertTrue(self.target.last_pull_at)


@tagged("post_install", "-at_install", "practice_integration")
class TestFleetDeployGate(FleetCase):
    def test_open_high_alerts_of_an_environment(self):
        staging = self.Target.create(
            {
                "name": "Staging",
                "url": "https://stg.example.com",
                "db": "stg",
                "login": "w",
                "environment": "staging",
            }
        )
        self.fake.alert(1)
        self.fake.alert(2, severity="low")
        self.pull()
        mirrored, local = self.Target._open_high_alerts("production")
        self.assertEqual(mirrored.mapped("remote_id"), [1])
        self.assertFalse(local)
        self.fake.down = ConnectionRefusedError(111, "Connection refused")
        self.pull(staging)
        mirrored, local = self.Target._open_high_alerts("staging")
        self.assertFalse(mirrored)
        self.assertEqual(local, self.fleet_alerts(staging))
        self.assertFalse(self.Target._open_high_alerts("dev")[0])

    def test_pull_now_refuses_a_locked_target(self):
        self.target.active = False
        with self.assertRaises(UserError):
            self.target.with_user(self.manager).action_pull_now()
