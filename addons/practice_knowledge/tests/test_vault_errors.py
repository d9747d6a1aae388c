# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Malformed vault input: a clear error at file:line, and nothing written."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ADR_1, RULE, TERM, KnowledgeCase, sample_files


@tagged("post_install", "-at_install", "practice_rules")
class TestVaultErrors(KnowledgeCase):
    def assertRejected(self, extra_files, path, line, message, base=True):
        files = dict(sample_files()) if base else {}
        files.update(extra_files)
        before = self.counts()
        result = self.vault.import_files(files, repo=self.repo.id)
        self.assertEqual(self.counts(), before, "nothing may be written when there is an error")
        self.assertEqual(result["created"] + result["updated"] + result["unchanged"], [])
        located = [(e["path"], e["line"]) for e in result["errors"]]
        self.assertIn((path, line), located, result["errors"])
        messages = " | ".join(e["message"] for e in result["errors"] if e["path"] == path)
        self.assertIn(message, messages)
        return result

    def test_bad_yaml_names_the_yaml_line(self):
        text = "---\nnumber: 2\ntitle: [unclosed\ndate: 2025-01-01\n---\n\n## Decision\n\nx\n"
        self.assertRejected({"adr/0002-bad.md": text}, "adr/0002-bad.md", 4, "bad YAML")

    def test_missing_required_field(self):
        text = ADR_1.replace("title: Use PostgreSQL\n", "").replace("number: 1", "number: 2")
        self.assertRejected({"adr/0002-x.md": text}, "adr/0002-x.md", 1, "missing required field 'title'")

    def test_bad_date(self):
        text = RULE.replace("date: 2025-11-14", "date: 2025-02-30")
        self.assertRejected(
            {"rules/2025-02-30-x.md": text}, "rules/2025-02-30-x.md", 3, "bad date for 'date'"
        )

    def test_score_out_of_range(self):
        text = "## Weak source\n\n- **Link**: x\n- **Takeaway**: y\n- **Quality Score**: 42\n"
        self.assertRejected(
            {"citations/2025-11-15.md": text}, "citations/2025-11-15.md", 5, "out of range 60-100"
        )

    def test_duplicate_adr_number(self):
        text = ADR_1.replace("title: Use PostgreSQL", "title: Use MySQL")
        result = self.assertRejected(
            {"adr/0001-use-mysql.md": text}, "adr/0001-use-postgresql.md", 2, "duplicate ADR number 0001"
        )
        self.assertIn("adr/0001-use-mysql.md", result["errors"][0]["message"])

    def test_duplicate_adr_number_against_database(self):
        self.import_ok(sample_files())
        text = ADR_1.replace("title: Use PostgreSQL", "title: Use MySQL")
        self.assertRejected(
            {"adr/0001-use-mysql.md": text},
            "adr/0001-use-mysql.md",
            2,
            "already used by adr/0001-use-postgresql.md",
            base=False,
        )

    def test_unknown_status(self):
        text = ADR_1.replace("status: accepted", "status: done").replace("number: 1", "number: 3")
        self.assertRejected({"adr/0003-x.md": text}, "adr/0003-x.md", 5, "unknown status 'done'")

    def test_unknown_runbook_reference(self):
        text = RULE.replace("- 14", "- 15")
        self.assertRejected(
            {"rules/2025-11-14-orm-image-bytes.md": text},
            "rules/2025-11-14-orm-image-bytes.md",
            8,
            "unknown runbook reference 0015",
        )

    def test_path_outside_known_folders(self):
        self.assertRejected({"notes/todo.md": TERM}, "notes/todo.md", 1, "path outside known folders")
        self.assertRejected({"../etc/passwd.md": TERM}, "../etc/passwd.md", 1, "path outside the vault")

    def test_non_markdown_file(self):
        self.assertRejected({"rules/image.png": "binary"}, "rules/image.png", 1, "not a markdown file")

    def test_empty_file(self):
        self.assertRejected({"glossary/empty.md": "  \n\n"}, "glossary/empty.md", 1, "empty file")

    def test_duplicate_glossary_term_differing_in_case(self):
        text = TERM.replace("term: Fencing token", "term: FENCING TOKEN")
        self.assertRejected(
            {"glossary/fencing-token-2.md": text},
            "glossary/fencing-token.md",
            2,
            "glossary/fencing-token-2.md defines 'FENCING TOKEN'",
        )

    def test_missing_required_section(self):
        text = RULE.split("## Rule")[0] + "## Fix\n\nsomething\n"
        self.assertRejected(
            {"rules/2025-11-14-orm-image-bytes.md": text},
            "rules/2025-11-14-orm-image-bytes.md",
            12,
            "missing required section '## Rule'",
        )

    def test_text_outside_sections(self):
        text = RULE.replace("## Rule\n", "stray text\n\n## Rule\n")
        self.assertRejected(
            {"rules/2025-11-14-orm-image-bytes.md": text},
            "rules/2025-11-14-orm-image-bytes.md",
            13,
            "text outside a section",
        )

    def test_adr_number_must_match_file_name(self):
        self.assertRejected(
            {"adr/0009-x.md": ADR_1.replace("number: 1", "number: 8")},
            "adr/0009-x.md",
            2,
            "does not match the file name",
        )

    def test_citation_missing_link(self):
        text = "## Source\n\n- **Takeaway**: y\n- **Quality Score**: 80\n"
        self.assertRejected({"citations/2025-11-16.md": text}, "citations/2025-11-16.md", 1, "missing 'Link'")

    def test_every_error_is_reported_at_once(self):
        result = self.vault.import_files(
            {"glossary/empty.md": "", "notes/x.md": "x", "rules/x.txt": "x"}, repo=self.repo.id
        )
        self.assertEqual(
            [(e["path"], e["line"]) for e in result["errors"]],
            [("glossary/empty.md", 1), ("notes/x.md", 1), ("rules/x.txt", 1)],
        )

    def test_files_must_be_a_mapping(self):
        from odoo.exceptions import UserError

        with self.assertRaisesRegex(UserError, "mapping"):
            self.vault.import_files([("a.md", "x")], repo=self.repo.id)

    def test_duplicate_term_against_database(self):
        self.env["practice.glossary.term"].create(
            {
                "repo_id": self.repo.id,
                "name": "fencing TOKEN",
                "definition": "x",
                "vault_path": "glossary/other.md",
            }
        )
        self.assertRejected(
            {}, "glossary/fencing-token.md", 2, "glossary/other.md already defines 'fencing TOKEN'"
        )

    @mute_logger("odoo.sql_db")
    def test_write_time_failure_rolls_back_everything(self):
        """A failure while writing (a runbook number taken by a record without a vault path)
        rolls the whole import back, including the ADR written before it."""
        runbook = self.env["practice.runbook"].create(
            {"repo_id": self.repo.id, "number": 14, "name": "Backend only", "steps": "1. x"}
        )
        runbook.vault_path = False
        before = self.counts()
        result = self.vault.import_files(sample_files(), repo=self.repo.id)
        self.assertEqual(self.counts(), before)
        self.assertEqual(result["created"], [])
        self.assertEqual(result["errors"][0]["path"], "runbooks/0014-image-pipeline-recovery.md")
        self.assertFalse(self.env["practice.adr"].search([("repo_id", "=", self.repo.id)]))
