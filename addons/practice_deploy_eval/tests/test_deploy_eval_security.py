# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 5 (deploy parts): eval run names and pass counts of the deploy gate are shown
to practice Readers only; a Project user without practice groups sees the gate's name and
whether it passes."""

import json

from odoo.tests import new_test_user, tagged

from odoo.addons.practice_deploy.tests.common import DeployCase

from .test_deploy_eval import GATE, _junit


@tagged("post_install", "-at_install", "practice_security")
class TestDeployEvalDisclosure(DeployCase):
    def test_eval_gate_details_are_for_practice_readers_only(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "1")
        reader = new_test_user(
            self.env,
            login="deploy_eval_reader",
            groups="base.group_user,project.group_project_user,practice_base.group_practice_reader",
        )
        repo = self.env["practice.repo"].create({"name": "deploy-eval-disclosure"})
        task = self._ready(deploy_repo_id=repo.id)
        self.env["practice.eval.run"].sudo().import_junit(
            _junit("2026-03-02T10:00:00", failing=True), repo=repo.id, name="nightly-secret-suite"
        )
        Task = self.env["project.task"]
        status = Task.with_user(self.requester).deploy_status(task.id)
        text = task.with_user(self.requester).deploy_gates_text
        (gate,) = [g for g in status["gates"] if g["name"] == GATE]
        self.assertFalse(gate["ok"])
        for seen in (json.dumps(status), text):
            self.assertNotIn("nightly-secret-suite", seen)
            self.assertNotIn("1/2 passed", seen)
        (gate,) = [g for g in Task.with_user(reader).deploy_status(task.id)["gates"] if g["name"] == GATE]
        self.assertIn("nightly-secret-suite", gate["detail"])
        self.assertIn("1/2 passed", gate["detail"])
        self.assertIn("1/2 passed", task.with_user(reader).deploy_gates_text)
