# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployCase


@tagged("post_install", "-at_install", "practice_integration")
class TestDeploySopIncident(DeployCase):
    def test_rollback_starts_a_triage_run_linked_to_the_task(self):
        task = self._approved()
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="migration error")
        self.assertEqual(task.deploy_state, "rolled_back")
        run = task.deploy_sop_run_id
        self.assertTrue(run)
        self.assertEqual(run.sop_id.code, "SOP-TRIAGE-001")
        self.assertEqual(run.origin, "deploy")
        self.assertIn(task.name, run.name)
        self.assertFalse(task.deploy_followup_task_id)
        self.assertEqual(task.activity_ids.user_id, self.oncall)
        self.assertIn("triage run", self._chatter(task))

    def test_the_triage_run_belongs_to_the_deployed_repository(self):
        # SOP-TRIAGE-001 is global: a rollback of shop's deploy is triaged in shop
        shop = self.env["practice.repo"].create({"name": "shop"})
        task = self._ready(deploy_repo_id=shop.id)
        task.with_user(self.approver).action_deploy_approve()
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="migration error")
        run = task.deploy_sop_run_id
        self.assertEqual((run.repo_id, run.sop_id), (shop, self.env.ref("practice_sop.sop_triage_001")))
