# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Gates per environment read the checks of the deploy task's own commit (issue 28 item 1)."""

import json

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployCase

from .test_deploy_eval import _junit

SHA = "0123456789abcdef0123456789abcdef01234567"
OTHER = "fedcba9876543210fedcba9876543210fedcba98"


def _cobertura(rate):
    return f'<coverage line-rate="{rate}" lines-valid="100" lines-covered="{int(rate * 100)}"/>'


CLEAN_AUDIT = json.dumps({"dependencies": [{"name": "click", "version": "8.1.7", "vulns": []}]})
HIGH_AUDIT = json.dumps(
    {"dependencies": [{"name": "requests", "version": "2.0", "vulns": [{"id": "PYSEC-1"}]}]}
)


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployEvalCommitGates(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "1")
        cls.repo = cls.env["practice.repo"].create({"name": "deploy-eval-checks"})
        cls.Run = cls.env["practice.eval.run"].sudo()
        cls.Check = cls.env["practice.eval.check"].sudo()

    def _failing(self, task):
        task.invalidate_recordset()
        return {gate["name"]: gate["detail"] for gate in task._deploy_gates() if not gate["ok"]}

    def test_production_requires_every_check_on_the_task_commit(self):
        task = self._ready(deploy_repo_id=self.repo.id, deploy_commit_sha=SHA)
        failing = self._failing(task)
        short = SHA[:12]
        self.assertEqual(
            failing,
            {
                f"Tests green on {short}": "missing: no test run of this commit",
                f"Coverage ≥ 75 % on {short}": "missing: no coverage check of this commit",
                f"Lint green on {short}": "missing: no lint check of this commit",
                f"At most 0 high/critical vulnerabilities on {short}": "missing: no vulnerability scan of this commit",
            },
        )
        # everything green, but on another commit: nothing counts
        self.Run.import_junit(_junit("2026-03-01T10:00:00"), repo=self.repo.id, commit=OTHER)
        for kind, content in (
            ("coverage", _cobertura(0.9)),
            ("lint", '{"exit_code": 0}'),
            ("audit", CLEAN_AUDIT),
        ):
            self.Check.push_check(kind, content, commit=OTHER, repo=self.repo.id)
        self.assertEqual(len(self._failing(task)), 4)
        with self.assertRaisesRegex(UserError, "Coverage"):
            task.with_user(self.approver).action_deploy_approve()
        # the task's own commit: a red run, low coverage, a lint error, a high vulnerability
        self.Run.import_junit(_junit("2026-03-02T10:00:00", failing=True), repo=self.repo.id, commit=SHA)
        self.Check.push_check("coverage", _cobertura(0.5), commit=SHA, repo=self.repo.id)
        self.Check.push_check("lint", "exit_code=1\nerrors=3\n", commit=SHA, repo=self.repo.id)
        self.Check.push_check("audit", HIGH_AUDIT, commit=SHA, repo=self.repo.id)
        failing = self._failing(task)
        self.assertEqual(len(failing), 4)
        self.assertEqual(failing[f"Coverage ≥ 75 % on {short}"], "coverage 50 %")
        self.assertIn("red, 1/2 passed", failing[f"Tests green on {short}"])
        # then fixed: the latest check of each kind counts
        self.Run.import_junit(_junit("2026-03-03T10:00:00"), repo=self.repo.id, commit=SHA)
        self.Check.push_check("coverage", _cobertura(0.8), commit=SHA, repo=self.repo.id)
        self.Check.push_check("lint", '{"exit_code": 0, "warnings": 2}', commit=SHA, repo=self.repo.id)
        self.Check.push_check("audit", CLEAN_AUDIT, commit=SHA, repo=self.repo.id)
        self.assertEqual(self._failing(task), {})
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")

    def test_an_abbreviated_task_sha_matches_the_full_commit(self):
        params = self.env["ir.config_parameter"].sudo()
        for key in ("coverage", "lint", "audit"):
            params.set_param(f"practice_deploy_eval.production_{key}", "off")
        task = self._ready(deploy_repo_id=self.repo.id, deploy_commit_sha=SHA[:7])
        self.assertEqual(list(self._failing(task)), [f"Tests green on {SHA[:7]}"])
        self.Run.import_junit(_junit("2026-03-01T10:00:00"), repo=self.repo.id, commit=SHA)
        self.assertEqual(self._failing(task), {})

    def test_thresholds_per_environment_from_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        staging = self._ready(
            deploy_repo_id=self.repo.id, deploy_commit_sha=SHA, deploy_environment="staging"
        )
        self.assertEqual(list(self._failing(staging)), [f"Tests green on {SHA[:12]}"])
        self.Run.import_junit(_junit("2026-03-01T10:00:00"), repo=self.repo.id, commit=SHA)
        self.assertEqual(self._failing(staging), {})
        params.set_param("practice_deploy_eval.staging_coverage", "80")
        self.Check.push_check("coverage", _cobertura(0.765), commit=SHA, repo=self.repo.id)
        self.assertEqual(self._failing(staging), {f"Coverage ≥ 80 % on {SHA[:12]}": "coverage 76.5 %"})
        params.set_param("practice_deploy_eval.staging_coverage", "70")
        self.assertEqual(self._failing(staging), {})

    def test_production_without_a_commit_names_what_is_missing(self):
        task = self._ready(deploy_repo_id=self.repo.id)
        failing = self._failing(task)
        self.assertIn("Checks on the deploy commit", failing)
        self.assertIn("no commit SHA", failing["Checks on the deploy commit"])
        self.assertIn("Latest eval run green", failing)
