# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 28 item 1: gate thresholds per repository (practice.deploy.gate), the global
parameters as the default of every other repository."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.practice_deploy.tests.common import DeployCase

from .test_deploy_eval_checks import CLEAN_AUDIT, SHA, _cobertura

SHORT = SHA[:12]


@tagged("post_install", "-at_install", "practice_rules")
class TestDeployGatePerRepository(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("practice_deploy.gate_eval", "1")
        cls.shop = cls.env["practice.repo"].create({"name": "gates-shop"})
        cls.blog = cls.env["practice.repo"].create({"name": "gates-blog"})
        cls.Gate = cls.env["practice.deploy.gate"]

    def _failing(self, task):
        task.invalidate_recordset()
        return {gate["name"]: gate["detail"] for gate in task._deploy_gates() if not gate["ok"]}

    def _push_all(self, repo, coverage):
        from .test_deploy_eval import _junit

        self.env["practice.eval.run"].sudo().import_junit(
            _junit("2026-03-01T10:00:00"), repo=repo.id, commit=SHA
        )
        Check = self.env["practice.eval.check"].sudo()
        Check.push_check("coverage", _cobertura(coverage), commit=SHA, repo=repo.id)
        Check.push_check("lint", '{"exit_code": 0}', commit=SHA, repo=repo.id)
        Check.push_check("audit", CLEAN_AUDIT, commit=SHA, repo=repo.id)

    def test_a_repository_threshold_overrides_the_default_another_keeps_it(self):
        for repo in (self.shop, self.blog):
            self._push_all(repo, 0.65)
        self.Gate.with_user(self.env.ref("base.user_admin")).create(
            {"repo_id": self.shop.id, "environment": "production", "kind": "coverage", "threshold": 60}
        )
        shop = self._ready(deploy_repo_id=self.shop.id, deploy_commit_sha=SHA)
        blog = self._ready(deploy_repo_id=self.blog.id, deploy_commit_sha=SHA)
        self.assertEqual(self._failing(shop), {})
        self.assertEqual(self._failing(blog), {f"Coverage ≥ 75 % on {SHORT}": "coverage 65 %"})
        # the global parameter still moves the default of the repository without a gate
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy_eval.production_coverage", "64")
        self.assertEqual(self._failing(blog), {})
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy_eval.production_coverage", "70")
        self.assertIn(f"Coverage ≥ 70 % on {SHORT}", self._failing(blog))
        self.assertEqual(self._failing(shop), {})  # shop's own 60 % wins over the parameter

    def test_a_repository_gate_adds_or_drops_a_check_in_one_environment(self):
        self.Gate.create({"repo_id": self.shop.id, "environment": "staging", "kind": "lint"})
        self.Gate.create(
            {"repo_id": self.shop.id, "environment": "production", "kind": "audit", "required": False}
        )
        shop_staging = self._ready(
            deploy_repo_id=self.shop.id, deploy_commit_sha=SHA, deploy_environment="staging"
        )
        blog_staging = self._ready(
            deploy_repo_id=self.blog.id, deploy_commit_sha=SHA, deploy_environment="staging"
        )
        self.assertEqual(
            set(self._failing(shop_staging)), {f"Tests green on {SHORT}", f"Lint green on {SHORT}"}
        )
        self.assertEqual(set(self._failing(blog_staging)), {f"Tests green on {SHORT}"})
        shop_production = self._ready(deploy_repo_id=self.shop.id, deploy_commit_sha=SHA)
        names = " ".join(self._failing(shop_production))
        self.assertNotIn("vulnerabilities", names)
        self.assertIn("Coverage ≥ 75 %", names)

    def test_thresholds_are_validated_and_unique(self):
        with self.assertRaisesRegex(ValidationError, "percentage"):
            self.Gate.create(
                {"repo_id": self.shop.id, "environment": "production", "kind": "coverage", "threshold": 120}
            )
        with self.assertRaisesRegex(ValidationError, "whole number"):
            self.Gate.create(
                {"repo_id": self.shop.id, "environment": "production", "kind": "audit", "threshold": 1.5}
            )
        self.Gate.create({"repo_id": self.shop.id, "environment": "production", "kind": "tests"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Gate.create({"repo_id": self.shop.id, "environment": "production", "kind": "tests"})


@tagged("post_install", "-at_install", "practice_security")
class TestDeployGateSecurity(DeployCase):
    def test_only_managers_edit_gates_readers_read_them_other_companies_hidden(self):
        repo = self.env["practice.repo"].create({"name": "gates-security"})
        reader = new_test_user(
            self.env, login="gate_reader", groups="base.group_user,practice_base.group_practice_reader"
        )
        engineer = new_test_user(
            self.env, login="gate_engineer", groups="base.group_user,practice_base.group_practice_engineer"
        )
        manager = new_test_user(
            self.env, login="gate_manager", groups="base.group_user,practice_base.group_practice_manager"
        )
        Gate = self.env["practice.deploy.gate"]
        gate = Gate.with_user(manager).create(
            {"repo_id": repo.id, "environment": "production", "kind": "coverage", "threshold": 80}
        )
        gate.with_user(manager).write({"threshold": 70})
        self.assertEqual(Gate.with_user(reader).search([("repo_id", "=", repo.id)]), gate)
        for user in (reader, engineer, self.approver):
            with self.assertRaises(AccessError):
                gate.with_user(user).write({"threshold": 10})
            with self.assertRaises(AccessError):
                Gate.with_user(user).create({"repo_id": repo.id, "environment": "staging", "kind": "lint"})
        with self.assertRaises(AccessError):
            gate.with_user(self.requester).read(["threshold"])
        other = self.env["res.company"].create({"name": "Gates Other Co"})
        hidden_repo = self.env["practice.repo"].create({"name": "gates-other-co", "company_id": other.id})
        hidden = Gate.create({"repo_id": hidden_repo.id, "environment": "production", "kind": "tests"})
        self.assertNotIn(hidden, Gate.with_user(manager).search([]))
