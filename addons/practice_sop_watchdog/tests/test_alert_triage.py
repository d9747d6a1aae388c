# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.practice_base.tests.common import PracticeCase


@tagged("post_install", "-at_install", "practice_integration")
class TestAlertTriage(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alert = (
            cls.env["practice.watchdog.alert"]
            .sudo()
            .create(
                {"name": "34488 ir_attachment rows deleted in 5 minutes", "kind": "burst", "severity": "high"}
            )
        )
        cls.low_alert = (
            cls.env["practice.watchdog.alert"]
            .sudo()
            .create({"name": "module versions changed", "kind": "diff", "severity": "low"})
        )

    def test_start_triage_button_links_a_run_with_the_alert_severity(self):
        action = self.alert.with_user(self.engineer).action_start_triage()
        run = self.env["practice.sop.run"].browse(action["res_id"])
        self.assertEqual(run.alert_id, self.alert)
        self.assertEqual((run.origin, run.severity, run.state), ("alert", "high", "running"))
        self.assertEqual(run.sop_id, self.env.ref("practice_sop.sop_triage_001"))
        self.assertIn("34488 ir_attachment", run.name)
        self.assertEqual(self.alert.sop_run_count, 1)
        self.assertEqual(self.alert.action_view_sop_runs()["domain"], [("alert_id", "=", self.alert.id)])

    def test_rpc_start_with_alert_id_takes_the_alert_severity(self):
        answer = (
            self.env["practice.sop.run"]
            .with_user(self.ai_user)
            .start(
                "SOP-TRIAGE-001",
                "agent triage",
                severity="critical",
                session_id="agent-3",
                alert_id=self.low_alert.id,
            )
        )
        run = self.env["practice.sop.run"].browse(answer["id"])
        self.assertEqual((run.alert_id, run.severity, answer["sla_minutes"]), (self.low_alert, "low", 10080))
        with self.assertRaisesRegex(UserError, "No watchdog alert with id 999999"):
            self.env["practice.sop.run"].with_user(self.engineer).start(
                "SOP-TRIAGE-001", "x", alert_id=999999
            )

    def test_readers_cannot_start_triage_and_alert_id_is_guarded(self):
        with self.assertRaisesRegex(AccessError, "run SOPs"):
            self.alert.with_user(self.reader).action_start_triage()
        answer = self.env["practice.sop.run"].with_user(self.engineer).start("SOP-TRIAGE-001", "x")
        with self.assertRaises(AccessError):
            self.env["practice.sop.run"].with_user(self.engineer).browse(answer["id"]).write(
                {"alert_id": self.alert.id}
            )
