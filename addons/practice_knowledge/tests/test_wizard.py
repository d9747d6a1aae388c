# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import zipfile

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards.practice_vault_wizard import read_zip
from .common import KnowledgeCase, sample_files


def make_zip(files, prefix="knowledge/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(prefix + path, text)
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install", "practice_integration")
class TestVaultWizard(KnowledgeCase):
    def _wizard(self, files, user=None):
        return (
            self.env["practice.vault.wizard"]
            .with_user(user or self.engineer)
            .create({"repo_id": self.repo.id, "zip_file": make_zip(files), "zip_name": "k.zip"})
        )

    def test_upload_dry_run_then_apply(self):
        wizard = self._wizard(sample_files())
        before = self.counts()
        wizard.action_check()
        self.assertEqual(wizard.state, "checked")
        self.assertFalse(wizard.has_errors)
        self.assertIn("5 file(s) would be created", wizard.report)
        self.assertIn("rules/2025-11-14-orm-image-bytes.md", wizard.report)
        self.assertEqual(self.counts(), before, "the dry run writes nothing")
        wizard.action_apply()
        self.assertEqual(wizard.state, "done")
        self.assertIn("5 file(s) were created", wizard.report)
        self.assertEqual(self.env["practice.rule"].search_count([("repo_id", "=", self.repo.id)]), 1)

    def test_errors_block_apply(self):
        files = dict(sample_files(), **{"glossary/empty.md": ""})
        wizard = self._wizard(files)
        wizard.action_check()
        self.assertTrue(wizard.has_errors)
        self.assertIn("glossary/empty.md:1: empty file", wizard.report)
        with self.assertRaisesRegex(UserError, "without errors"):
            wizard.action_apply()

    def test_apply_needs_a_check_first(self):
        with self.assertRaisesRegex(UserError, "dry run"):
            self._wizard(sample_files()).action_apply()

    def test_download_zip_round_trips(self):
        self.import_ok(sample_files())
        wizard = self.env["practice.vault.wizard"].with_user(self.reader).create({"repo_id": self.repo.id})
        action = wizard.action_export()
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertEqual(wizard.zip_name, "knowledge-test-repo.zip")
        files = read_zip(base64.b64decode(wizard.zip_file))
        self.assertEqual(files, sample_files())

    def test_not_a_zip(self):
        wizard = self.env["practice.vault.wizard"].create(
            {"repo_id": self.repo.id, "zip_file": base64.b64encode(b"plain text")}
        )
        with self.assertRaisesRegex(UserError, "not a zip"):
            wizard.action_check()
