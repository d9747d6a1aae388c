# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployTour(HttpCase):
    def test_tour_approve_a_deploy_ready_for_review(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("practice_deploy.endpoint", "http://127.0.0.1:9/dispatch")
        params.set_param("practice_deploy.secret", "tour-secret")
        params.set_param("practice_deploy.gate_eval", "0")  # gates of bridge addons (when installed)
        params.set_param("practice_deploy.gate_watchdog", "0")
        requester = new_test_user(
            self.env, login="tour_requester", groups="base.group_user,project.group_project_user"
        )
        project = self.env["project.project"].create({"name": "Tour deploys"})
        task = (
            self.env["project.task"]
            .with_user(requester)
            .create(
                {
                    "name": "Deploy tour_module 2.0.0",
                    "project_id": project.id,
                    "is_deploy": True,
                    "deploy_branch": "main",
                    "deploy_commit_message": "feat: tour",
                    "deploy_environment": "staging",
                    "deploy_image_tag": "2.0.0",
                }
            )
        )
        task.action_deploy_ready()
        self.start_tour("/odoo", "practice_deploy_approve_tour", login="admin")
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "approved")
        self.assertEqual(task.deploy_approved_by_id.login, "admin")
        self.assertTrue(task.deploy_idempotency_key)
