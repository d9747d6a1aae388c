# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DeployCase

REQUEST = {
    "deploy_branch": "main",
    "deploy_commit_message": "feat(expense): approvals",
    "deploy_environment": "staging",
    "deploy_image_tag": "1.0.0",
}


class DeployProjectCase(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deploy_project = cls.env.ref("practice_deploy.project_deploy")
        # a Deploy Approver and nothing else on Project: reads what every internal user reads
        cls.plain_approver = new_test_user(
            cls.env,
            login="deploy_plain_approver",
            groups="base.group_user,practice_deploy.group_deploy_approver",
        )

    def _assert_approvers_see(self, task):
        """The task is in the deploy project, in one of its stages, and both approvers (with
        and without Project rights) read the task, its project and its stage."""
        self.assertTrue(task.project_id)
        self.assertEqual(task.project_id, self.deploy_project)
        self.assertTrue(task.stage_id)
        self.assertIn(task.stage_id, self.deploy_project.type_ids)
        self.assertFalse(task.stage_id.user_id)  # a project stage, not someone's personal stage
        for user in (self.approver, self.plain_approver):
            seen = task.with_user(user)
            values = seen.read(["project_id", "stage_id", "deploy_state"])[0]
            self.assertEqual(values["project_id"][0], self.deploy_project.id)
            self.assertEqual(values["stage_id"][0], task.stage_id.id)
            self.assertEqual(seen.stage_id.name, task.stage_id.name)
            self.assertEqual(seen.project_id.name, self.deploy_project.name)
            self.assertEqual(seen.deploy_status(task.id)["state"], "draft")


@tagged("post_install", "-at_install", "practice_security")
class TestDeployProject(DeployProjectCase):
    def test_deploy_project_is_visible_to_all_internal_users(self):
        self.assertEqual(self.deploy_project.privacy_visibility, "employees")
        for user in (self.approver, self.plain_approver):
            self.assertEqual(
                self.deploy_project.with_user(user).read(["name"])[0]["id"], self.deploy_project.id
            )

    def test_task_created_from_the_deploy_menu_lands_in_the_deploy_project(self):
        action = self.env.ref("practice_deploy.action_deploy_tasks")
        context = safe_eval(action.context)
        self.assertEqual(context.get("default_project_id"), self.deploy_project.id)
        view = self.env.ref("project.view_task_form2")
        with Form(
            self.env["project.task"].with_user(self.approver).with_context(**context), view=view
        ) as form:
            form.name = "Deploy expense_approval 1.0.0"
            for name, value in REQUEST.items():
                setattr(form, name, value)
        task = form.record
        self.assertTrue(task.is_deploy)
        self._assert_approvers_see(task)
        # the Deploy Approver without Project rights approves it (the requester asked for review)
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.endpoint", "")
        task.with_user(self.approver).action_deploy_ready()
        self.assertEqual(task.with_user(self.plain_approver).deploy_state, "ready")

    def test_task_created_over_rpc_without_project_lands_in_the_deploy_project(self):
        Task = self.env["project.task"].with_user(self.requester)
        no_project = Task.create(dict(REQUEST, name="Deploy over RPC", is_deploy=True))
        self._assert_approvers_see(no_project)
        blank = Task.create(
            dict(REQUEST, name="Deploy with a blank project", is_deploy=True, project_id=False)
        )
        self._assert_approvers_see(blank)
        by_default = Task.with_context(default_is_deploy=True).create(dict(REQUEST, name="Deploy by default"))
        self._assert_approvers_see(by_default)
        # a private task made a deploy task moves to the deploy project
        private = Task.create({"name": "A private task"})
        self.assertFalse(private.project_id)
        private.write(dict(REQUEST, is_deploy=True))
        self._assert_approvers_see(private)
        # an explicit project is kept; other tasks are left alone
        chosen = Task.create(
            dict(REQUEST, name="Deploy in its project", is_deploy=True, project_id=self.project.id)
        )
        self.assertEqual(chosen.project_id, self.project)
        self.assertFalse(Task.create({"name": "Another private task"}).project_id)


@tagged("post_install", "-at_install", "practice_integrity")
class TestDeployProjectIntegrity(DeployProjectCase):
    def test_deploy_task_never_without_project_nor_in_a_followers_only_project(self):
        task = self._task()
        with self.assertRaisesRegex(ValidationError, "needs a project"):
            task.with_user(self.requester).write({"project_id": False})
        secret = self.env["project.project"].create(
            {"name": "Invited only", "privacy_visibility": "followers"}
        )
        secret.message_subscribe(self.requester.partner_id.ids)
        with self.assertRaisesRegex(ValidationError, "only its invited users see it"):
            self._task(project_id=secret.id)
        with self.assertRaisesRegex(ValidationError, "only its invited users see it"):
            task.with_user(self.requester).write({"project_id": secret.id})
        # an ordinary task may still be private or in an invited-only project
        Task = self.env["project.task"].with_user(self.requester)
        self.assertFalse(Task.create({"name": "private"}).project_id)
        self.assertEqual(Task.create({"name": "invited", "project_id": secret.id}).project_id, secret)
