# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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

    def test_smart_buttons_link_the_task_and_its_triage_run(self):
        from odoo.exceptions import UserError

        reader = new_test_user(
            self.env,
            login="deploy_sop_reader",
            groups="base.group_user,project.group_project_user,practice_base.group_practice_reader",
        )
        task = self._approved()
        self.assertEqual(task.with_user(reader).deploy_sop_run_count, 0)
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="production down")
        run = task.deploy_sop_run_id
        task.invalidate_recordset()
        self.assertEqual(task.with_user(reader).deploy_sop_run_count, 1)
        action = task.with_user(reader).action_deploy_view_triage_runs()
        self.assertEqual((action["res_model"], action["res_id"]), ("practice.sop.run", run.id))
        back = run.with_user(reader).action_deploy_view_task()
        self.assertEqual((back["res_model"], back["res_id"]), ("project.task", task.id))
        # a Project user without practice rights reads the task, not the runs: no count, no run
        self.assertEqual(task.with_user(self.requester).deploy_sop_run_count, 0)
        action = task.with_user(self.requester).action_deploy_view_triage_runs()
        self.assertEqual(action["domain"], [("id", "in", [])])
        other = self.env["practice.sop.run"].browse(
            self.env["practice.sop.run"].sudo().start("SOP-TRIAGE-001", "not a deploy")["id"]
        )
        with self.assertRaisesRegex(UserError, "not opened by a deploy"):
            other.with_user(reader).action_deploy_view_task()
