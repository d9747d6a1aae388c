# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile vault uploads through ``practice.vault.import_files`` and the zip wizard: a short
located error, nothing written, the dry run and the real run agree, the limits come from the
settings."""

import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import limits as vl
from .common import TERM, KnowledgeCase, sample_files
from .test_vault_hostile import alias_bomb, declare_size, deep_list, zip_bytes

MAX_ANSWER_CHARS = 2000


@tagged("post_install", "-at_install", "practice_security")
class TestVaultHostileImport(KnowledgeCase):
    def assertRefused(self, files, path, line, message, user=None, dry_run=False):
        before = self.counts()
        vault = self.vault.with_user(user) if user else self.vault
        result = vault.import_files(files, repo=self.repo.id, dry_run=dry_run)
        self.assertEqual(self.counts(), before, "nothing may be written")
        self.assertEqual(result["created"] + result["updated"] + result["unchanged"], [])
        self.assertLess(len(str(result)), MAX_ANSWER_CHARS, "the answer stays small")
        errors = [e for e in result["errors"] if e["path"] == path]
        self.assertEqual([e["line"] for e in errors], [line], result["errors"])
        self.assertIn(message, errors[0]["message"])
        return result

    def test_reader_dry_run_of_an_alias_bomb(self):
        self.assertRefused(
            {"glossary/bomb.md": alias_bomb()},
            "glossary/bomb.md",
            2,
            "anchors and aliases are not allowed",
            user=self.reader,
            dry_run=True,
        )

    def test_deep_nesting_dry_run_and_real_run_agree(self):
        files = dict(sample_files(), **{"glossary/deep.md": deep_list(900)})
        dry = self.assertRefused(files, "glossary/deep.md", 3, "nested deeper than", self.engineer, True)
        real = self.assertRefused(files, "glossary/deep.md", 3, "nested deeper than", self.engineer)
        self.assertEqual(dry["errors"], real["errors"])

    def test_oversized_term_is_refused(self):
        text = TERM.replace("A monotonic", "x" * (20 * vl.MIB) + " A monotonic")
        self.assertRefused(
            {"glossary/huge.md": text}, "glossary/huge.md", 1, "a vault file has at most 1 MiB", self.engineer
        )

    def test_long_and_bidi_paths_are_refused(self):
        long_path = "glossary/" + "a" * 5000 + ".md"
        result = self.vault.with_user(self.engineer).import_files(
            dict(sample_files(), **{long_path: TERM, "glossary/x\u202egpj.md": TERM}), repo=self.repo.id
        )
        messages = sorted(e["message"] for e in result["errors"])
        self.assertEqual(len(messages), 2, result["errors"])
        self.assertIn("path holds the control or bidirectional character U+202E", messages[0])
        self.assertIn("path of 5012 characters: a vault path has at most 255", messages[1])
        self.assertNotIn("\u202e", str(result))
        self.assertLess(len(str(result)), MAX_ANSWER_CHARS)
        self.assertEqual(self.env["practice.glossary.term"].search_count([("repo_id", "=", self.repo.id)]), 0)

    def test_upload_bounds_come_from_the_settings(self):
        settings = self.env["res.config.settings"].create(
            {"practice_vault_max_files": 4, "practice_vault_max_path_chars": 30}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("practice_knowledge.vault_max_files"), "4"
        )
        limits = self.vault._vault_limits()
        self.assertEqual((limits.max_files, limits.max_path_chars), (4, 30))
        self.assertEqual(limits.max_file_bytes, vl.DEFAULTS["max_file_bytes"])
        result = self.assertRefused(
            sample_files(),
            "runbooks/0014-image-pipeline-recovery.md",
            1,
            "too many files in one upload: 5 (at most 4)",
        )
        self.assertEqual(len(result["errors"]), 1)
        self.env["ir.config_parameter"].sudo().set_param("practice_knowledge.vault_max_files", "0")
        self.assertRefused(
            sample_files(), "runbooks/0014-image-pipeline-recovery.md", 1, "a vault path has at most 30"
        )

    def test_stored_bomb_in_unknown_keys_cannot_block_later_imports(self):
        # Unknown keys stored before these checks existed (or written by hand): reading them
        # back must neither expand nor raise, and the next import replaces them.
        self.import_ok({"glossary/fencing-token.md": TERM})
        term = self.env["practice.glossary.term"].search([("repo_id", "=", self.repo.id)])
        term.sudo().vault_extra = alias_bomb(levels=4, key="notes").split("---")[1]
        self.assertEqual(term._vault_extra_dict(), {})
        self.assertIn("glossary/fencing-token.md", self.vault.export_files(repo=self.repo.id))
        result = self.import_ok(
            {"glossary/fencing-token.md": TERM.replace("- token\n", "- token\nnotes: ok\n")}
        )
        self.assertEqual(result["updated"], ["glossary/fencing-token.md"])
        self.assertEqual(term._vault_extra_dict(), {"notes": "ok"})


@tagged("post_install", "-at_install", "practice_security")
class TestVaultWizardZipBomb(KnowledgeCase):
    def _wizard(self, data, user):
        return (
            self.env["practice.vault.wizard"]
            .with_user(user)
            .create({"repo_id": self.repo.id, "zip_file": base64.b64encode(data), "zip_name": "k.zip"})
        )

    def test_reader_checking_a_zip_bomb_gets_a_user_error(self):
        # 3 GiB declared: refused from the zip's own sizes, nothing decompressed.
        bomb = declare_size(zip_bytes({"knowledge/glossary/a.md": TERM}), 3 * 1024 * vl.MIB)
        with self.assertRaisesRegex(UserError, "expands to 3 GiB"):
            self._wizard(bomb, self.reader).action_check()

    def test_zip_bound_comes_from_the_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_knowledge.vault_max_zip_bytes", "4000")
        data = zip_bytes({f"knowledge/glossary/t{i}.md": TERM + "x" * 5000 for i in range(2)})
        self.assertLess(len(data), 2000)
        with self.assertRaisesRegex(UserError, "expands to .* at most 3.9 KiB"):
            self._wizard(data, self.engineer).action_check()

    def test_bad_paths_in_a_zip_are_located_errors(self):
        data = zip_bytes({"knowledge/glossary/\u202etxt.md": TERM, "knowledge/glossary/ok.md": TERM})
        wizard = self._wizard(data, self.engineer)
        wizard.action_check()
        self.assertTrue(wizard.has_errors)
        self.assertIn(
            "glossary/\\u202etxt.md:1: path holds the control or bidirectional character", wizard.report
        )
