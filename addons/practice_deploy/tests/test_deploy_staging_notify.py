# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 28: production requires a verified staging deploy of the same commit (switchable),
and a notification list of partners and channels gets the deploy events like the followers."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DeployCase

SHA = "abc1234def5678abc1234def5678abc1234def56"
OTHER = "0123456789abcdef0123456789abcdef01234567"


@tagged("post_install", "-at_install", "practice_rules")
class TestDeployStagingRequirement(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("practice_deploy.require_staging", "1")

    def _staging_gate(self, task):
        task.invalidate_recordset()
        gates = [gate for gate in task._deploy_gates() if gate["name"] == "Verified on staging"]
        self.assertEqual(len(gates), 1, task._deploy_gates())
        return gates[0]

    def _verified_staging(self, **vals):
        task = self._ready(deploy_environment="staging", **vals)
        task.with_user(self.approver).action_deploy_approve()
        self._dispatch(task, 200)
        self._callback(task, "deployed")
        task.with_user(self.requester).action_deploy_verify()
        self.assertEqual(task.deploy_state, "verified")
        return task

    def test_production_is_blocked_without_a_verified_staging_deploy_of_its_commit(self):
        task = self._ready(deploy_commit_sha=SHA[:7])
        gate = self._staging_gate(task)
        self.assertFalse(gate["ok"])
        self.assertEqual(gate["detail"], "no verified staging deploy of commit abc1234")
        with self.assertRaisesRegex(UserError, "no verified staging deploy of commit abc1234"):
            task.with_user(self.approver).action_deploy_approve()
        # deployed on staging but not verified yet, and verified but of another commit: neither counts
        pending = self._ready(deploy_environment="staging", deploy_commit_sha=SHA)
        pending.with_user(self.approver).action_deploy_approve()
        self._dispatch(pending, 200)
        self._callback(pending, "deployed")
        self._verified_staging(deploy_commit_sha=OTHER)
        self.assertFalse(self._staging_gate(task)["ok"])
        # the same commit verified on staging (full SHA, the task names it abbreviated)
        staging = self._verified_staging(deploy_commit_sha=SHA)
        gate = self._staging_gate(task)
        self.assertTrue(gate["ok"], gate)
        self.assertIn(f"task {staging.id}", gate["detail"])
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")

    def test_without_a_commit_the_image_tag_is_matched_in_the_same_repository(self):
        shop = self.env["practice.repo"].create({"name": "staging-gate-shop"})
        task = self._ready(deploy_image_tag="4.2.0", deploy_repo_id=shop.id)
        self.assertEqual(self._staging_gate(task)["detail"], "no verified staging deploy of image tag 4.2.0")
        self._verified_staging(deploy_image_tag="4.2.0")  # the default repository, not shop
        self.assertFalse(self._staging_gate(task)["ok"])
        self._verified_staging(deploy_image_tag="4.2.0", deploy_repo_id=shop.id)
        self.assertTrue(self._staging_gate(task)["ok"])
        # an approver without practice rights reads the status of a task with a repository
        status = self.env["project.task"].with_user(self.approver).deploy_status(task.id)
        self.assertEqual(status["repo"], "staging-gate-shop")

    def test_switched_off_production_passes_and_staging_is_never_gated(self):
        staging = self._ready(deploy_environment="staging", deploy_commit_sha=SHA)
        self.assertFalse([g for g in staging._deploy_gates() if g["name"] == "Verified on staging"])
        task = self._ready(deploy_commit_sha=SHA)
        self.assertFalse(self._staging_gate(task)["ok"])
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.practice_deploy_require_staging)
        settings.practice_deploy_require_staging = False
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("practice_deploy.require_staging"), "0"
        )
        self.assertFalse(self.env["res.config.settings"].create({}).practice_deploy_require_staging)
        task.invalidate_recordset()
        self.assertFalse([g for g in task._deploy_gates() if g["name"] == "Verified on staging"])
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")

    def test_every_switch_reads_off_the_same_way(self):
        """One reading for every gate's switch: "OFF" or "No" set by hand turned the staging
        requirement off but left the eval/watchdog/fleet gates on (they knew only 0/False/false)."""
        params = self.env["ir.config_parameter"].sudo()
        Task = self.env["project.task"]
        for value, on in [
            ("0", False),
            ("False", False),
            ("OFF", False),
            (" no ", False),
            ("1", True),
            ("yes", True),
        ]:
            params.set_param("practice_deploy.gate_probe", value)
            self.assertEqual(Task._deploy_switch_on("gate_probe"), on, value)
        params.search([("key", "=", "practice_deploy.gate_probe")]).unlink()
        self.assertTrue(Task._deploy_switch_on("gate_probe"), "unset: on")


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployNotificationList(DeployCase):
    def test_a_listed_partner_and_channel_get_the_rolled_back_message(self):
        partner = self.env["res.partner"].create({"name": "Release manager", "email": "rm@example.com"})
        channel = self.env["discuss.channel"].create({"name": "deployments-test"})
        settings = self.env["res.config.settings"].create(
            {
                "practice_deploy_notify_partner_ids": [(6, 0, partner.ids)],
                "practice_deploy_notify_channel_ids": [(6, 0, channel.ids)],
            }
        )
        settings.execute()
        reopened = self.env["res.config.settings"].create({})
        self.assertEqual(reopened.practice_deploy_notify_partner_ids, partner)
        self.assertEqual(reopened.practice_deploy_notify_channel_ids, channel)
        task = self._approved()
        self.assertNotIn(partner, task.message_partner_ids)  # not a follower
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="migration error")
        rolled_back = self.env.ref("practice_deploy.mt_deploy_rolled_back")
        notified = self.env["mail.notification"].search(
            [("res_partner_id", "=", partner.id), ("mail_message_id.res_id", "=", task.id)]
        )
        self.assertIn(rolled_back, notified.mail_message_id.subtype_id)
        self.assertIn(self.env.ref("practice_deploy.mt_deploy_approved"), notified.mail_message_id.subtype_id)
        message = notified.mail_message_id.filtered(lambda m: m.subtype_id == rolled_back)
        self.assertIn("Rolled Back", str(message.body))
        self.assertEqual(message.model, "project.task")
        posted = channel.message_ids.filtered(lambda m: "Rolled Back" in str(m.body))
        self.assertEqual(len(posted), 1)
        self.assertIn(f"/odoo/project.task/{task.id}", str(posted.body))
        # a step that notifies nobody (ready for review) reaches neither
        other = self._ready()
        self.assertFalse(
            self.env["mail.notification"].search_count(
                [("res_partner_id", "=", partner.id), ("mail_message_id.res_id", "=", other.id)]
            )
        )
