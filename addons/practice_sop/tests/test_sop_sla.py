# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import T0, SopCase


@tagged("post_install", "-at_install", "practice_rules")
class TestSopSla(SopCase):
    def test_met_and_missed_with_a_controlled_clock(self):
        met = self.start(severity="critical")
        self.walk(met, at=T0 + timedelta(minutes=5))
        with self.clock(T0 + timedelta(minutes=15)):
            self.assertEqual(self.api(self.engineer).finish(met["id"])["sla"], "met")
        late = self.start(severity="critical", title="late")
        self.walk(late, at=T0 + timedelta(minutes=5))
        with self.clock(T0 + timedelta(minutes=15, seconds=1)):
            answer = self.api(self.engineer).finish(late["id"])
        self.assertEqual((answer["sla"], answer["duration_minutes"]), ("missed", 15))
        runs = self.Run.browse([met["id"], late["id"]])
        self.assertEqual(runs.mapped("sla_met"), [100.0, 0.0])
        self.assertEqual(runs.mapped("sla_badge"), ["success", "danger"])

    def test_settings_set_the_target_at_start(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_sop.sla_minutes_high", "90")
        answer = self.start(severity="high")
        self.assertEqual((answer["sla_minutes"], answer["due_at"]), (90, "2025-11-01 12:15:00"))
        self.env["ir.config_parameter"].sudo().set_param("practice_sop.sla_minutes_high", "45")
        self.assertEqual(self.Run.browse(answer["id"]).sla_minutes, 90)  # kept from the start
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.practice_sop_sla_high, 45)
        self.assertEqual(self.start(severity="low")["sla_minutes"], 7 * 24 * 60)

    def test_cron_marks_overdue_runs_once_with_an_activity(self):
        answer = self.start(severity="critical")
        fresh = self.start(severity="low", title="slow")
        run = self.Run.browse(answer["id"])
        self.assertEqual(self.Run._cron_mark_overdue(now=T0 + timedelta(minutes=14)), 0)
        self.assertFalse(run.activity_ids)
        self.assertEqual(self.Run._cron_mark_overdue(now=T0 + timedelta(minutes=16)), 1)
        self.assertEqual((run.sla_state, run.overdue_notified), ("missed", True))
        self.assertEqual(run.activity_ids.user_id, self.engineer)
        self.assertIn("SLA missed", run.activity_ids.summary)
        self.assertEqual(self.Run.browse(fresh["id"]).sla_state, "running")
        self.assertEqual(self.Run._cron_mark_overdue(now=T0 + timedelta(minutes=30)), 0)
        self.assertEqual(len(run.activity_ids), 1)
        # finishing closes the reminder and keeps the verdict
        self.walk(answer, at=T0 + timedelta(minutes=20))
        with self.clock(T0 + timedelta(minutes=25)):
            self.assertEqual(self.api(self.engineer).finish(answer["id"])["sla"], "missed")
        self.assertFalse(run.activity_ids)

    def test_report_met_rate_per_severity(self):
        for minutes, severity in ((10, "critical"), (20, "critical"), (30, "high")):
            answer = self.start(severity=severity, title=f"{severity} {minutes}")
            self.walk(answer)
            with self.clock(T0 + timedelta(minutes=minutes)):
                self.api(self.engineer).finish(answer["id"])
        groups = self.Run.read_group(
            [("sla_state", "in", ("met", "missed")), ("name", "like", "critical %")],
            ["sla_met:avg"],
            ["severity"],
        )
        self.assertEqual([(g["severity"], g["sla_met"]) for g in groups], [("critical", 50.0)])
