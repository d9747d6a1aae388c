# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WatchdogCase


@tagged("post_install", "-at_install", "practice_security")
class TestWatchdogSecurity(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]

    def test_reader_reads_but_cannot_take(self):
        info = self.Snapshot.take("admin snapshot", models=["res.partner"])
        snap = self.Snapshot.with_user(self.reader).browse(info["id"])
        self.assertEqual(snap.name, "admin snapshot")
        self.assertTrue(snap.line_ids)
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.reader).take("reader", models=["res.partner"])
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.reader).compare(info["id"])

    def test_engineer_takes_and_compares(self):
        Snapshot = self.Snapshot.with_user(self.engineer)
        info = Snapshot.take("engineer", session_id="s-1")
        self.assertEqual(Snapshot.browse(info["id"]).user_id, self.engineer)
        result = Snapshot.compare(info["id"])
        self.assertIn("ok", result)
        with self.assertRaises(AccessError):
            Snapshot.browse(info["id"]).unlink()

    def test_ai_session_takes_and_compares_only(self):
        Snapshot = self.Snapshot.with_user(self.ai_user)
        info = Snapshot.take("agent guard", models=["res.partner", "ir.attachment"], session_id="sess-42")
        self.assertEqual(info["session_id"], "sess-42")
        self.assertEqual(info["models"], ["res.partner", "ir.attachment"])
        result = Snapshot.compare(info["id"])
        self.assertTrue(result["diff_id"])
        with self.assertRaises(AccessError):
            Snapshot.browse(info["id"]).unlink()
        with self.assertRaises(AccessError):
            self.env.ref("practice_watchdog.profile_default").with_user(self.ai_user).write({"name": "mine"})
        with self.assertRaises(AccessError):
            self.env["practice.watchdog.snapshot.line"].with_user(self.ai_user).create(
                {"snapshot_id": info["id"], "model": "x", "metric": "count", "value": 1}
            )

    def test_ai_session_cannot_forge_snapshots_of_others(self):
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.ai_user).create(
                {"name": "forged", "user_id": self.engineer.id, "scope_key": "models:res.partner"}
            )

    def test_adhoc_snapshot_needs_read_access_to_the_model(self):
        with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
            self.Snapshot.with_user(self.ai_user).take("peek", models=["ir.config_parameter"])

    def test_only_managers_configure_profiles(self):
        with self.assertRaises(AccessError):
            self.env["practice.watchdog.profile"].with_user(self.engineer).create({"name": "eng"})
        profile = (
            self.env["practice.watchdog.profile"]
            .with_user(self.manager)
            .create(
                {
                    "name": "mgr",
                    "model_ids": [(0, 0, {"model_id": self.env["ir.model"]._get_id("res.partner.category")})],
                }
            )
        )
        self.assertEqual(profile.model_ids.model_name, "res.partner.category")
        with self.assertRaises(AccessError):
            profile.model_ids.with_user(self.engineer).write({"drop_pct": 50})

    def test_outsider_sees_nothing(self):
        for model in (
            "practice.watchdog.snapshot",
            "practice.watchdog.alert",
            "practice.watchdog.profile",
            "practice.watchdog.counter",
            "practice.watchdog.diff",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.outsider).take("x")

    def test_counters_are_read_only(self):
        self.env["practice.watchdog.counter"]._bump("res.partner", creates=1)
        counter = self.env["practice.watchdog.counter"].with_user(self.manager).search([], limit=1)
        self.assertTrue(counter)
        with self.assertRaises(AccessError):
            counter.write({"deletes": 0})
