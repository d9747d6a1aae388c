# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployCase

GATE = "No high alert open on the production databases"


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployFleetGate(DeployCase):
    """Issue 31 item 4: the deploy gate can require no open high alert on the watched
    databases of the task's environment (mirrored from them by the fleet pull)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_fleet", "1")
        Target = self.env["practice.watchdog.target"].sudo()
        self.prod = Target.create(
            {
                "name": "Prod EU",
                "url": "https://erp.example.com",
                "db": "prod",
                "login": "w",
                "environment": "production",
            }
        )
        Target.create(
            {
                "name": "Staging",
                "url": "https://stg.example.com",
                "db": "stg",
                "login": "w",
                "environment": "staging",
            }
        )

    def _gate(self, task, name=GATE):
        found = [gate for gate in task._deploy_gates() if gate["name"] == name]
        self.assertEqual(len(found), 1, [gate["name"] for gate in task._deploy_gates()])
        return found[0]

    def test_a_high_alert_on_a_production_database_blocks_production_only(self):
        task = self._task()
        self.assertTrue(self._gate(task)["ok"])
        alert = (
            self.env["practice.watchdog.target.alert"]
            .sudo()
            .create(
                {
                    "target_id": self.prod.id,
                    "remote_id": 7,
                    "name": "burst",
                    "severity": "high",
                    "state": "new",
                }
            )
        )
        gate = self._gate(task)
        self.assertFalse(gate["ok"])
        self.assertEqual(gate["detail"], "1 open high alert(s) on Prod EU")
        staging = self._task(deploy_environment="staging")
        self.assertTrue(self._gate(staging, "No high alert open on the staging databases")["ok"])
        staging_task = self._task(deploy_environment="staging")
        self.env["practice.watchdog.target"].sudo().search([("environment", "=", "staging")]).unlink()
        self.assertFalse(
            [g for g in staging_task._deploy_gates() if g["name"].startswith("No high alert open on the")],
            "no watched database in the environment: no gate",
        )
        alert.write({"state": "resolved"})  # resolved where it was raised: the pull mirrors it
        self.assertTrue(self._gate(task)["ok"])
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_fleet", "0")
        self.assertFalse([gate for gate in task._deploy_gates() if gate["name"] == GATE])
