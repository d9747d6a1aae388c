# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_security")
class TestBaseSecurity(PracticeCase):
    def test_group_chain(self):
        reader = self.env.ref("practice_base.group_practice_reader")
        engineer = self.env.ref("practice_base.group_practice_engineer")
        manager = self.env.ref("practice_base.group_practice_manager")
        self.assertIn(reader, engineer.implied_ids)
        self.assertIn(engineer, manager.implied_ids)
        self.assertTrue(self.manager.has_group("practice_base.group_practice_reader"))
        self.assertFalse(self.reader.has_group("practice_base.group_practice_engineer"))

    def test_ai_session_is_narrow(self):
        self.assertTrue(self.ai_user.has_group("practice_base.group_practice_reader"))
        self.assertFalse(self.ai_user.has_group("practice_base.group_practice_engineer"))
        self.assertFalse(self.ai_user.has_group("practice_base.group_practice_manager"))

    def test_reader_reads_but_cannot_write_repos(self):
        repo = self.repo.with_user(self.reader)
        self.assertEqual(repo.name, "test-repo")
        with self.assertRaises(AccessError):
            repo.write({"name": "renamed"})
        with self.assertRaises(AccessError):
            self.env["practice.repo"].with_user(self.reader).create({"name": "x"})

    def test_engineer_adds_modules_not_repos(self):
        module = (
            self.env["practice.code.module"]
            .with_user(self.engineer)
            .create({"name": "eng_mod", "repo_id": self.repo.id})
        )
        self.assertTrue(module.id)
        with self.assertRaises(AccessError):
            module.unlink()
        with self.assertRaises(AccessError):
            self.env["practice.repo"].with_user(self.engineer).create({"name": "eng-repo"})

    def test_manager_manages_repos(self):
        repo = self.env["practice.repo"].with_user(self.manager).create({"name": "mgr-repo"})
        repo.unlink()
        self.assertFalse(repo.exists())

    def test_outsider_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["practice.repo"].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["practice.code.module"].with_user(self.outsider).search([])

    def test_company_rule_hides_other_company_repo(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        hidden = self.env["practice.repo"].create({"name": "co-repo", "company_id": other_company.id})
        visible = self.env["practice.repo"].with_user(self.reader).search([])
        self.assertNotIn(hidden, visible)
        self.assertIn(self.repo, visible)

    def test_only_managers_create_ai_users(self):
        with self.assertRaises(AccessError):
            self.env["practice.ai.user.wizard"].with_user(self.engineer).create({"name": "x", "login": "x"})


@tagged("post_install", "-at_install", "practice_security")
class TestEveryPracticeModelIsGuarded(PracticeCase):
    def test_every_model_has_access_rules_and_record_rules(self):
        """Groups and record rules for every model of every installed practice addon."""
        missing = []
        for model_name, model in self.env.registry.items():
            if (
                model._abstract
                or model._transient
                or not (model._original_module or "").startswith("practice_")
            ):
                continue
            ir_model = self.env["ir.model"]._get(model_name)
            if not self.env["ir.model.access"].search_count([("model_id", "=", ir_model.id)]):
                missing.append(f"{model_name}: no ir.model.access")
            if not self.env["ir.rule"].search_count([("model_id", "=", ir_model.id)]):
                missing.append(f"{model_name}: no ir.rule")
        self.assertFalse(missing, "\n".join(missing))
