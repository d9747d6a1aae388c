# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BEARER, SECRET, DeployCase


@tagged("post_install", "-at_install", "practice_security")
class TestDeploySecurity(DeployCase):
    def test_only_the_approver_group_approves(self):
        task = self._ready()
        other = new_test_user(
            self.env, login="deploy_other", groups="base.group_user,project.group_project_user"
        )
        with self.assertRaisesRegex(
            AccessError, "Only Practice / Deploy Approver users may approve a deploy"
        ):
            task.with_user(other).action_deploy_approve()
        self.assertEqual(task.deploy_state, "ready")

    def test_practice_managers_are_deploy_approvers(self):
        manager = new_test_user(
            self.env, login="deploy_mgr", groups="base.group_user,practice_base.group_practice_manager"
        )
        self.assertTrue(manager.has_group("practice_deploy.group_deploy_approver"))
        engineer = new_test_user(
            self.env, login="deploy_eng", groups="base.group_user,practice_base.group_practice_engineer"
        )
        self.assertFalse(engineer.has_group("practice_deploy.group_deploy_approver"))

    def test_nobody_approves_their_own_request(self):
        task = self._task(user=self.approver)
        task.with_user(self.approver).action_deploy_ready()
        with self.assertRaisesRegex(AccessError, "nobody approves their own deploy request"):
            task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "ready")
        self.assertFalse(task.deploy_approved_by_id)

    def test_state_and_outcome_fields_change_only_through_the_actions(self):
        task = self._ready()
        for vals in (
            {"deploy_state": "deployed"},
            {"deploy_deployment_id": "forged"},
            {"deploy_approved_by_id": self.approver.id},
            {"deploy_idempotency_key": "k"},
        ):
            with self.assertRaisesRegex(AccessError, "change only through"):
                task.with_user(self.approver).write(vals)
        with self.assertRaisesRegex(AccessError, "change only through"):
            self._task(deploy_state="approved")
        forged = (
            self.env["project.task"]
            .with_user(self.requester)
            .with_context(default_deploy_state="deployed", default_deploy_approved_by_id=self.approver.id)
            .create({"name": "t", "project_id": self.project.id, "is_deploy": True})
        )
        self.assertEqual((forged.deploy_state, forged.deploy_approved_by_id.id), ("draft", False))
        self.assertEqual(task.deploy_state, "ready")

    def test_secrets_are_readable_by_administrators_only(self):
        params = self.env["ir.config_parameter"]
        with self.assertRaises(AccessError):
            params.with_user(self.approver).get_param("practice_deploy.secret")
        settings = self.env["res.config.settings"]
        self.assertEqual(settings._fields["practice_deploy_endpoint"].groups, "base.group_system")
        # the secrets are no settings fields at all (test_deploy_secrets.py calls every method)
        self.assertNotIn("practice_deploy_secret", settings._fields)
        self.assertNotIn("practice_deploy_bearer_token", settings._fields)
        with self.assertRaises(AccessError):
            self.env["practice.deploy.nonce"].with_user(self.approver).search([])

    def test_secrets_never_reach_chatter_logs_task_or_answers(self):
        task = self._approved()
        with self.assertLogs("odoo.addons.practice_deploy", level="DEBUG") as logs:
            self._dispatch(task, (401, f"bad credentials: Bearer {BEARER} key={SECRET}"))
        self.assertEqual(task.deploy_state, "failed")
        self.assertIn("bad credentials", task.deploy_last_error)
        status = self.env["project.task"].with_user(self.requester).deploy_status(task.id)
        task_values = json.dumps(task.read()[0], default=str)
        for text in ("\n".join(logs.output), self._chatter(task), json.dumps(status), task_values):
            self.assertNotIn(SECRET, text)
            self.assertNotIn(BEARER, text)
        self.assertIn("***", task.deploy_last_error)

    def test_deploy_status_needs_read_access_and_good_input(self):
        task = self._ready()
        outsider = new_test_user(self.env, login="deploy_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["project.task"].with_user(outsider).deploy_status(task.id)
        from odoo.exceptions import UserError

        for bad in (0, -1, "1", True, None):
            with self.assertRaisesRegex(UserError, "task_id must be a positive integer"):
                self.env["project.task"].deploy_status(bad)
        with self.assertRaisesRegex(UserError, "no task"):
            self.env["project.task"].deploy_status(2_000_000_000)
