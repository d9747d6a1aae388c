# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployCase

GATE = "Latest eval run green"


def _junit(stamp, failing=False):
    failure = '<failure message="boom">trace</failure>' if failing else ""
    return (
        f'<testsuite name="pytest" timestamp="{stamp}" time="1.0">'
        f'<testcase classname="tests.a" name="test_one" time="0.1"/>'
        f'<testcase classname="tests.a" name="test_two" time="0.1">{failure}</testcase>'
        "</testsuite>"
    )


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployEvalGate(DeployCase):
    def _gate(self, task):
        task.invalidate_recordset()
        return [gate for gate in task._deploy_gates() if gate["name"] == GATE]

    def test_latest_eval_run_of_the_repository_must_be_green(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "1")
        repo = self.env["practice.repo"].create({"name": "deploy-eval-repo"})
        task = self._ready(deploy_repo_id=repo.id, deploy_environment="staging")
        (gate,) = self._gate(task)
        self.assertEqual((gate["ok"], gate["detail"]), (False, "no eval run of the repository yet"))
        Run = self.env["practice.eval.run"].sudo()
        Run.import_junit(_junit("2026-03-01T10:00:00"), repo=repo.id)
        Run.import_junit(_junit("2026-03-02T10:00:00", failing=True), repo=repo.id)
        (gate,) = self._gate(task)
        self.assertFalse(gate["ok"])
        self.assertIn("red, 1/2 passed", gate["detail"])
        with self.assertRaisesRegex(UserError, "Latest eval run green"):
            task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "ready")
        Run.import_junit(_junit("2026-03-03T10:00:00"), repo=repo.id)
        (gate,) = self._gate(task)
        self.assertTrue(gate["ok"])
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "0")
        self.assertEqual(self._gate(task), [])

    def test_the_gate_counts_passed_of_ran_like_eval_latest(self):
        """Issue 24 item 5: the gate said 2/3 passed for a run with one skip, `eval latest`
        said 2/2: both count the tests that ran."""
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "1")
        repo = self.env["practice.repo"].create({"name": "deploy-eval-skips"})
        task = self._ready(deploy_repo_id=repo.id)
        skipped = (
            '<testcase classname="tests.a" name="test_later" time="0"><skipped message="later"/></testcase>'
        )
        self.env["practice.eval.run"].sudo().import_junit(
            _junit("2026-03-01T10:00:00").replace("</testsuite>", skipped + "</testsuite>"), repo=repo.id
        )
        (gate,) = self._gate(task)
        self.assertTrue(gate["ok"])
        self.assertIn("green, 2/2 passed, 1 skipped", gate["detail"])
