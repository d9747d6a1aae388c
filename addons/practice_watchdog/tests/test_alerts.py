# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .common import CATALOG, CATALOG_LINE, CatalogCase, WatchdogCase

NOW = datetime(2026, 3, 2, 10, 30, 15)


@tagged("post_install", "-at_install", "practice_domain")
class TestBurstCron(CatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["practice.watchdog.alert"]

    def _incident(self, delete=200):
        profile = self._profile(
            "Catalog",
            models=[("ir.attachment", {"burst_deletes": 150, "burst_window": 5})],
            watchers=self.engineer | self.manager,
        )
        with freeze_time(NOW):
            thumbs = self._thumbnails(300)
            thumbs[:delete].unlink()
        return profile

    def test_burst_raises_alert_with_activity_for_watchers(self):
        profile = self._incident()
        alerts = self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=2))
        self.assertEqual(len(alerts), 1)
        self.assertEqual(
            (alerts.kind, alerts.model_name, alerts.deletes, alerts.creates, alerts.threshold, alerts.state),
            ("burst", "ir.attachment", 200, 300, 150, "new"),
        )
        self.assertEqual(alerts.profile_id, profile)
        self.assertEqual(alerts.window_end, datetime(2026, 3, 2, 10, 32))
        self.assertEqual(alerts.window_start, datetime(2026, 3, 2, 10, 28))
        self.assertEqual(alerts.activity_ids.user_id, self.engineer | self.manager)
        self.assertIn("200 ir.attachment", alerts.name)

    def test_same_burst_alerts_once_and_updates(self):
        self._incident()
        first = self.Alert._cron_check_bursts(now=NOW)
        self.assertEqual(len(first), 1)
        with freeze_time(NOW + timedelta(minutes=1)):
            self.env["ir.attachment"].search(
                [("res_model", "=", CATALOG), ("res_field", "=", "thumbnail")], limit=50
            ).unlink()
        again = self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=1))
        self.assertFalse(again)
        self.assertEqual(first.deletes, 250)
        self.assertEqual(len(first.activity_ids), 2)  # still one per watcher, none added

    def test_burst_outlasting_its_window_counts_the_whole_incident(self):
        """Deletes every three minutes for nine minutes: one alert, whose numbers cover the
        incident from its first minute, not the last window alone (which held 200)."""
        self._incident()
        alert = self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=2))
        Counter = self.env["practice.watchdog.counter"]
        for minutes in (3, 6, 9):
            Counter._bump("ir.attachment", deletes=100, minute=NOW + timedelta(minutes=minutes))
            self.assertFalse(self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=minutes)))
        self.assertEqual((alert.deletes, alert.creates), (500, 300))
        self.assertEqual(alert.window_start, datetime(2026, 3, 2, 10, 28))
        self.assertEqual(alert.window_end, datetime(2026, 3, 2, 10, 39))
        self.assertIn("500 ir.attachment", alert.name)
        self.assertIn("12 min", alert.name)
        self.assertIn("500 ir.attachment records deleted between 2026-03-02 10:28:00", alert.summary)

    def test_below_threshold_or_outside_window_no_alert(self):
        self._incident(delete=100)
        self.assertFalse(self.Alert._cron_check_bursts(now=NOW))
        self.env["practice.watchdog.counter"]._bump(
            "ir.attachment", deletes=100, minute=NOW - timedelta(minutes=9)
        )
        self.assertFalse(self.Alert._cron_check_bursts(now=NOW))  # 9 minutes ago: outside the 5-minute window

    def test_old_counters_are_purged(self):
        self.env["practice.watchdog.counter"]._bump("res.partner", deletes=3, minute=NOW - timedelta(days=8))
        recent = self._counter("res.partner")
        self.Alert._cron_check_bursts(now=NOW)
        self.assertEqual(self._counter("res.partner"), (recent[0], recent[1] - 3))


@tagged("post_install", "-at_install", "practice_domain")
class TestSnapshotCron(CatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["practice.watchdog.alert"]
        # Only this class's profiles are scheduled.
        cls.env["practice.watchdog.profile"].search([]).write({"auto_snapshot": False})

    def test_flagged_diff_raises_alert_linked_to_snapshots(self):
        categories = self.env["res.partner.category"].create([{"name": f"cat {i}"} for i in range(120)])
        profile = self._profile("Categories", models=["res.partner.category"])
        self.assertFalse(
            self.env["practice.watchdog.profile"]._cron_snapshot_profiles()
        )  # first snapshot: nothing to compare with
        self._raw_delete(categories[:110])
        alert = self.env["practice.watchdog.profile"]._cron_snapshot_profiles()
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.kind, alert.severity, alert.profile_id), ("diff", "high", profile))
        self.assertEqual(alert.after_snapshot_id, profile.snapshot_ids.sorted("id")[-1])
        self.assertEqual(alert.before_snapshot_id, profile.snapshot_ids.sorted("id")[0])
        line = alert.diff_id.line_ids.filtered(lambda x: x.metric == "count")
        self.assertEqual((line.delta, line.flagged), ("-110", True))
        self.assertEqual(alert.activity_ids.user_id, self.engineer)
        alert.after_snapshot_id.invalidate_recordset(["alert_ids"])
        self.assertIn(alert, alert.after_snapshot_id.alert_ids)
        self.assertEqual(alert.action_open_diff()["res_id"], alert.diff_id.id)

    def test_failing_profile_does_not_stop_the_others(self):
        good = self._profile("Good", models=["res.partner.category"])
        # without schema capture (with it, a vanished table is recorded, not a failure)
        bad = self._profile("Bad", models=[CATALOG_LINE], sequence=1, capture_schema=False)
        # The test model's table vanished (nobody else's): that profile's snapshot fails.
        self.env.cr.execute(
            SQL("ALTER TABLE practice_test_catalog_line RENAME TO practice_test_catalog_gone")
        )
        self.env["practice.watchdog.profile"]._cron_snapshot_profiles()
        self.env.cr.execute(
            SQL("ALTER TABLE practice_test_catalog_gone RENAME TO practice_test_catalog_line")
        )
        self.assertEqual(good.snapshot_count, 1)
        self.assertEqual(bad.snapshot_count, 0)


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestAlertLifecycle(WatchdogCase):
    def _alert(self, **vals):
        return self.env["practice.watchdog.alert"]._raise(
            dict(
                {"name": "test alert", "kind": "burst", "model_name": "ir.attachment", "deletes": 500}, **vals
            ),
            self.engineer,
        )

    def test_new_acknowledged_resolved(self):
        alert = self._alert()
        self.assertEqual(alert.state, "new")
        alert.with_user(self.engineer).action_acknowledge()
        self.assertEqual((alert.state, alert.acknowledged_by_id), ("acknowledged", self.engineer))
        self.assertTrue(alert.acknowledged_at)
        self.assertFalse(alert.activity_ids)  # the engineer's to-do is done
        alert.with_user(self.manager).action_resolve()
        self.assertEqual((alert.state, alert.resolved_by_id), ("resolved", self.manager))

    def test_resolve_directly_from_new_closes_activities(self):
        alert = self._alert()
        self.assertTrue(alert.activity_ids)
        alert.with_user(self.manager).action_resolve()
        self.assertEqual(alert.state, "resolved")
        self.assertFalse(alert.activity_ids)

    def test_invalid_transitions_refused(self):
        alert = self._alert()
        alert.with_user(self.manager).action_resolve()
        with self.assertRaises(UserError):
            alert.with_user(self.engineer).action_acknowledge()
        with self.assertRaises(UserError):
            alert.with_user(self.manager).action_resolve()
        alert.with_user(self.manager).action_reopen()
        self.assertEqual(alert.state, "new")
        self.assertFalse(alert.resolved_by_id)
        with self.assertRaises(UserError):
            alert.with_user(self.manager).action_reopen()

    def test_acknowledge_twice_refused(self):
        alert = self._alert()
        alert.with_user(self.engineer).action_acknowledge()
        with self.assertRaises(UserError):
            alert.with_user(self.engineer2).action_acknowledge()

    def test_bundle_lists_open_alerts_most_severe_first(self):
        low = self._alert(name="low one", severity="low")
        high = self._alert(name="high one", severity="high")
        done = self._alert(name="done one")
        done.action_resolve()
        result = self.env["practice.context"].with_user(self.reader).bundle(fmt="json")
        # open high-severity alerts are pinned in their own section, shown before the others
        urgent, section = result["sections"]["alerts_urgent"], result["sections"]["alerts"]
        self.assertEqual((urgent["priority"], section["priority"]), (55, 60))
        names = [item["name"] for item in urgent["items"]] + [item["name"] for item in section["items"]]
        self.assertIn(high.name, [item["name"] for item in urgent["items"]])
        self.assertEqual([item["name"] for item in section["items"]], [low.name])
        self.assertLess(names.index(high.name), names.index(low.name))
        self.assertNotIn(done.name, names)
        self.assertRegex(urgent["items"][0]["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        markdown = self.env["practice.context"].bundle()["markdown"]
        self.assertIn("[high] high one", markdown)


@tagged("post_install", "-at_install", "practice_security")
class TestAlertSecurity(WatchdogCase):
    def test_only_engineers_acknowledge_and_managers_resolve(self):
        alert = self.env["practice.watchdog.alert"]._raise({"name": "sec", "kind": "burst"}, self.engineer)
        with self.assertRaises(AccessError):
            alert.with_user(self.reader).action_acknowledge()
        with self.assertRaises(AccessError):
            alert.with_user(self.ai_user).action_acknowledge()
        with self.assertRaises(AccessError):
            alert.with_user(self.engineer).action_resolve()
        self.assertEqual(alert.with_user(self.reader).name, "sec")
        with self.assertRaises(AccessError):
            self.env["practice.watchdog.alert"].with_user(self.engineer).create(
                {"name": "fake", "kind": "burst"}
            )
        alert.with_user(self.engineer).write({"resolution": "looking"})
        alert.with_user(self.manager).action_resolve()
        with self.assertRaises(AccessError):
            alert.with_user(self.engineer).write({"resolution": "rewrite history"})
