# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployCase


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployWatchdog(DeployCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_watchdog", "1")
        # demo alerts resolved: the test counts its own
        self.env["practice.watchdog.alert"].sudo().search([("state", "!=", "resolved")]).write(
            {"state": "resolved"}
        )

    def test_open_high_alert_blocks_approval_until_resolved(self):
        task = self._ready()
        alert = (
            self.env["practice.watchdog.alert"]
            .sudo()
            .create({"name": "34,488 attachments deleted", "kind": "burst", "severity": "high"})
        )
        gate = [g for g in task._deploy_gates() if g["name"] == "No open high watchdog alert"]
        self.assertEqual(len(gate), 1)
        self.assertFalse(gate[0]["ok"])
        self.assertIn("1 open high alert", gate[0]["detail"])
        with self.assertRaisesRegex(UserError, "No open high watchdog alert"):
            task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "ready")
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_watchdog", "0")
        self.assertFalse([g for g in task._deploy_gates() if g["name"] == "No open high watchdog alert"])
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_watchdog", "1")
        alert.sudo().write({"state": "resolved"})
        task.invalidate_recordset()
        self.assertTrue(task.deploy_gates_ok)
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")

    def test_snapshot_at_dispatch_compared_when_deployed(self):
        task = self._approved()
        self._dispatch(task, 200)
        snapshot = task.deploy_watchdog_snapshot_id
        self.assertTrue(snapshot)
        self.assertIn(f"Deploy task {task.id} dispatched", snapshot.name)
        self._callback(task, "deployed")
        self.assertEqual(task.deploy_state, "deployed")
        self.assertTrue(task.deploy_watchdog_ok)
        self.assertIn("Watchdog after deploy", self._chatter(task))
        with self.assertRaisesRegex(Exception, "change only through"):
            task.with_user(self.requester).write({"deploy_watchdog_ok": False})
