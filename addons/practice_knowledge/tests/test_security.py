# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KnowledgeCase, sample_files


@tagged("post_install", "-at_install", "practice_security")
class TestKnowledgeSecurity(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["practice.vault"].import_files(sample_files(), repo=cls.repo.id)
        cls.rule = cls.env["practice.rule"].search([("repo_id", "=", cls.repo.id)])

    def test_reader_and_ai_user_read_only(self):
        for user in (self.reader, self.ai_user):
            with self.subTest(user=user.login):
                rule = self.rule.with_user(user)
                self.assertEqual(rule.name, "No image bytes in ORM loops")
                self.assertTrue(rule.body_html)
                with self.assertRaises(AccessError):
                    rule.write({"name": "x"})
                with self.assertRaises(AccessError):
                    self.env["practice.glossary.term"].with_user(user).create(
                        {"repo_id": self.repo.id, "name": "x", "definition": "y"}
                    )

    def test_reader_and_ai_user_export_and_dry_run_but_not_import(self):
        for user in (self.reader, self.ai_user):
            with self.subTest(user=user.login):
                vault = self.env["practice.vault"].with_user(user)
                exported = vault.export_files(repo=self.repo.id)
                self.assertEqual(len(exported), 5)
                dry = vault.import_files(exported, repo=self.repo.id, dry_run=True)
                self.assertIn("only Practice engineers", dry["errors"][0]["message"], "as the real run")
                with self.assertRaisesRegex(AccessError, "Only Practice engineers"):
                    vault.import_files(exported, repo=self.repo.id)

    def test_engineer_writes_and_imports_but_cannot_delete_or_retire(self):
        vault = self.env["practice.vault"].with_user(self.engineer)
        files = {"glossary/lease.md": "---\nterm: lease\n---\n\nValid until renewed.\n"}
        result = vault.import_files(files, repo=self.repo.id)
        self.assertEqual((result["created"], result["repo"]), (["glossary/lease.md"], self.repo.name))
        rule = self.rule.with_user(self.engineer)
        rule.write({"fix": "Smaller batches."})
        with self.assertRaises(AccessError):
            rule.unlink()
        with self.assertRaisesRegex(AccessError, "Only Practice managers"):
            rule.action_retire()

    def test_manager_retires_and_deletes(self):
        rule = self.rule.with_user(self.manager)
        rule.action_retire()
        self.assertEqual(rule.status, "retired")
        rule.action_reactivate()
        rule.unlink()
        self.assertFalse(self.rule.exists())

    def test_outsider_sees_nothing(self):
        for model in (
            "practice.rule",
            "practice.adr",
            "practice.runbook",
            "practice.glossary.term",
            "practice.citation",
            "practice.pattern",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["practice.vault"].with_user(self.outsider).export_files(repo=self.repo.id)

    def test_company_rule_hides_other_company_knowledge(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        hidden_repo = self.env["practice.repo"].create({"name": "co-repo", "company_id": other_company.id})
        hidden = self.env["practice.runbook"].create(
            {"repo_id": hidden_repo.id, "number": 1, "name": "hidden", "steps": "x"}
        )
        visible = self.env["practice.runbook"].with_user(self.reader).search([])
        self.assertNotIn(hidden, visible)
        self.assertIn(self.rule.runbook_ids, visible)
