# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 5 (deploy parts): what a Project user without practice groups reads on a
deploy task (chatter, fields, deploy_status) never names a model or quotes its counts, and
never shows watchdog alert counts; practice Readers get the details."""

import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.practice_deploy.tests.common import DeployCase

GATE = "No open high watchdog alert"


@tagged("post_install", "-at_install", "practice_security")
class TestDeployWatchdogDisclosure(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_test_user(
            cls.env,
            login="deploy_wd_reader",
            groups="base.group_user,project.group_project_user,practice_base.group_practice_reader",
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_watchdog", "1")
        self.env["practice.watchdog.alert"].sudo().search([("state", "!=", "resolved")]).write(
            {"state": "resolved"}
        )

    def _as_project_user(self, task):
        """Everything the Project user reads of the task: its chatter, its fields, deploy_status."""
        messages = (
            self.env["mail.message"]
            .with_user(self.requester)
            .search_read([("model", "=", "project.task"), ("res_id", "=", task.id)], ["body"])
        )
        mine = task.with_user(self.requester)
        fields_ = [
            name
            for name in mine._fields
            if name.startswith("deploy_") and mine._fields[name].is_accessible(mine.env)
        ]
        values = mine.read(fields_)
        status = self.env["project.task"].with_user(self.requester).deploy_status(task.id)
        return json.dumps([messages, values, status], default=str)

    def test_compare_after_deploy_names_no_model_to_a_project_user(self):
        default = self.env.ref("practice_watchdog.profile_default")
        self.env["practice.watchdog.profile.model"].sudo().create(
            {
                "profile_id": default.id,
                "model_id": self.env.ref("base.model_ir_config_parameter").id,
                "counting": "orm",
                "drop_pct": 1.0,
                "drop_abs": 5,
            }
        )
        params = self.env["ir.config_parameter"].sudo()
        for index in range(30):
            params.set_param(f"deploy_wd_test.param_{index}", "x")
        task = self._approved()
        self._dispatch(task, 200)
        self.assertTrue(task.deploy_watchdog_snapshot_id)
        params.search([("key", "=like", "deploy_wd_test.%")]).unlink()
        self._callback(task, "deployed")
        self.assertFalse(task.deploy_watchdog_ok)

        seen = self._as_project_user(task)
        self.assertNotIn("ir.config_parameter", seen)
        self.assertNotIn("→", seen)
        self.assertIn("crossed a threshold", seen)
        with self.assertRaises(AccessError):
            task.with_user(self.requester).read(["deploy_watchdog_diff_id"])
        # a practice Reader follows the link to the diff (its lines filtered by model access)
        diff = task.with_user(self.reader).deploy_watchdog_diff_id
        self.assertTrue(diff)
        self.assertIn(f"/odoo/practice.watchdog.diff/{diff.id}", self._chatter(task.sudo()))
        self.assertGreaterEqual(diff.sudo().flagged_count, 1)

    def test_gate_details_of_alerts_are_for_practice_readers_only(self):
        task = self._ready()
        self.env["practice.watchdog.alert"].sudo().create(
            {"name": "34,488 attachments deleted", "kind": "burst", "severity": "high"}
        )
        task.invalidate_recordset()
        seen = self._as_project_user(task)
        self.assertNotIn("open high alert", seen)
        self.assertNotIn("34,488", seen)
        (gate,) = [
            g
            for g in self.env["project.task"].with_user(self.requester).deploy_status(task.id)["gates"]
            if g["name"] == GATE
        ]
        self.assertFalse(gate["ok"])
        self.assertEqual(set(gate), {"name", "ok", "detail"})
        (gate,) = [
            g
            for g in self.env["project.task"].with_user(self.reader).deploy_status(task.id)["gates"]
            if g["name"] == GATE
        ]
        self.assertIn("1 open high alert", gate["detail"])
        self.assertIn("1 open high alert", task.with_user(self.reader).deploy_gates_text)
