# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
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

    def test_production_rollback_opens_a_critical_run_owned_by_oncall_linked_both_ways(self):
        from datetime import timedelta

        task = self._approved()  # production
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="production down")
        run = task.deploy_sop_run_id
        self.assertEqual((run.severity, run.user_id, run.deploy_task_id), ("critical", self.oncall, task))
        self.assertTrue(run.sla_minutes)
        self.assertEqual(run.due_at, run.started_at + timedelta(minutes=run.sla_minutes))
        with self.assertRaises(AccessError):  # the link is guarded: only the callback sets it
            run.with_user(self.approver).write({"deploy_task_id": False})

    def test_staging_rollback_opens_a_high_run(self):
        task = self._ready(deploy_environment="staging")
        task.with_user(self.approver).action_deploy_approve()
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="staging broken")
        self.assertEqual(task.deploy_sop_run_id.severity, "high")
