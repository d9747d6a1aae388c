# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import (
    ADR_1,
    CITATIONS,
    RULE,
    RUNBOOK_14,
    TERM,
    KnowledgeCase,
    read_vault,
    sample_files,
)


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultRoundTrip(KnowledgeCase):
    def test_project_vault_round_trips_byte_for_byte(self):
        files = read_vault(self.env)
        self.assertGreaterEqual(len([p for p in files if p.startswith("adr/")]), 5)
        self.assertGreaterEqual(len([p for p in files if p.startswith("rules/")]), 5)
        self.assertGreaterEqual(len([p for p in files if p.startswith("glossary/")]), 15)
        result = self.import_ok(files)
        self.assertEqual(sorted(result["created"]), sorted(files))
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(sorted(exported), sorted(files))
        for path, text in files.items():
            self.assertEqual(exported[path], text, f"{path} is not reproduced byte for byte")
        # re-import writes nothing
        before = self.counts()
        stamps = {
            m: self.env[m].search([("repo_id", "=", self.repo.id)]).mapped("write_date")
            for m in ("practice.rule", "practice.adr", "practice.runbook")
        }
        again = self.import_ok(exported)
        self.assertEqual(again["created"], [])
        self.assertEqual(again["updated"], [])
        self.assertEqual(sorted(again["unchanged"]), sorted(files))
        self.assertEqual(self.counts(), before)
        for model, dates in stamps.items():
            self.assertEqual(
                self.env[model].search([("repo_id", "=", self.repo.id)]).mapped("write_date"), dates
            )

    def test_project_vault_links_resolved(self):
        self.import_ok(read_vault(self.env))
        rule = self.env["practice.rule"].search(
            [
                ("repo_id", "=", self.repo.id),
                ("vault_path", "=", "rules/2026-11-04-raw-sql-deletes-bypass-orm.md"),
            ]
        )
        self.assertEqual(rule.runbook_ids.mapped("number"), [1])
        self.assertEqual(rule.module_ids.mapped("name"), ["practice_watchdog"])
        self.assertIn("34,488", rule.incident)
        runbook = rule.runbook_ids
        self.assertEqual(runbook.adr_ids.mapped("number"), [5])
        self.assertIn(rule, runbook.rule_ids)

    def test_sample_import_creates_records_and_links(self):
        result = self.import_ok(sample_files())
        self.assertEqual(len(result["created"]), 5)
        rule = self.env["practice.rule"].search([("repo_id", "=", self.repo.id)])
        self.assertEqual(rule.name, "No image bytes in ORM loops")
        self.assertEqual(rule.severity, "critical")
        self.assertEqual(rule.runbook_ids.number, 14)
        self.assertEqual(rule.module_ids.name, "fl_catalog")
        self.assertEqual(rule.module_ids.repo_id, self.repo)
        self.assertIn("<h2>Incident</h2>", rule.body_html)
        citations = self.env["practice.citation"].search([("repo_id", "=", self.repo.id)], order="sequence")
        self.assertEqual(citations.mapped("name"), ["Kleppmann on locks", "Nygard on ADRs"])
        self.assertEqual(citations.mapped("score"), [95, 70])

    def test_unknown_front_matter_keys_kept(self):
        self.import_ok(sample_files())
        rule = self.env["practice.rule"].search([("repo_id", "=", self.repo.id)])
        self.assertIn("owner: ops-team", rule.vault_extra)
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertIn("owner: ops-team\n---\n", exported["rules/2025-11-14-orm-image-bytes.md"])
        self.assertEqual(exported["rules/2025-11-14-orm-image-bytes.md"], RULE)

    def test_sample_exports_canonical_and_reimports_unchanged(self):
        self.import_ok(sample_files())
        exported = self.vault.export_files(repo=self.repo.id)
        for path, text in sample_files().items():
            self.assertEqual(exported[path], text, path)
        again = self.import_ok(exported)
        self.assertEqual(len(again["unchanged"]), 5)
        self.assertFalse(again["created"] or again["updated"])

    def test_changed_file_reports_updated_and_writes(self):
        self.import_ok(sample_files())
        files = {"glossary/fencing-token.md": TERM.replace("storage", "the storage layer")}
        result = self.import_ok(files)
        self.assertEqual(result["updated"], ["glossary/fencing-token.md"])
        term = self.env["practice.glossary.term"].search([("repo_id", "=", self.repo.id)])
        self.assertEqual(term.definition, "A monotonic number checked by the storage layer.")

    def test_dry_run_writes_nothing(self):
        before = self.counts()
        result = self.vault.import_files(sample_files(), repo=self.repo.id, dry_run=True)
        self.assertEqual(result["errors"], [])
        self.assertEqual(len(result["created"]), 5)
        self.assertEqual(self.counts(), before)

    def test_removed_citation_section_is_deleted(self):
        self.import_ok(sample_files())
        shorter = CITATIONS.split("## Nygard")[0].rstrip() + "\n"
        result = self.import_ok({"citations/2025-11-14.md": shorter})
        self.assertEqual(result["updated"], ["citations/2025-11-14.md"])
        names = self.env["practice.citation"].search([("repo_id", "=", self.repo.id)]).mapped("name")
        self.assertEqual(names, ["Kleppmann on locks"])

    def test_import_is_per_repository(self):
        self.import_ok(sample_files())
        self.import_ok(sample_files(), repo=self.other_repo)
        self.assertEqual(
            self.env["practice.adr"].search_count(
                [("number", "=", 1), ("repo_id", "in", [self.repo.id, self.other_repo.id])]
            ),
            2,
        )
        self.assertEqual(
            self.vault.export_files(repo=self.other_repo.id), self.vault.export_files(repo=self.repo.id)
        )

    def test_backend_record_gets_a_path_and_exports(self):
        runbook = self.env["practice.runbook"].create(
            {"repo_id": self.repo.id, "number": 7, "name": "Restart the Workers!", "steps": "1. Restart."}
        )
        self.assertEqual(runbook.vault_path, "runbooks/0007-restart-the-workers.md")
        exported = self.vault.export_files(repo=self.repo.id)
        result = self.import_ok(exported)
        self.assertEqual(result["unchanged"], ["runbooks/0007-restart-the-workers.md"])


@tagged("post_install", "-at_install", "practice_rules")
class TestVaultPlainForms(KnowledgeCase):
    PLAIN = """# Hard rule

2025-11-14: Never write image bytes through the ORM in a loop.

Incident: 34,488 ir_attachment rows disappeared in 5 minutes; thumbnails went blank.

Root cause: a cron rewrote every image.

Fix: batches of 100; see runbook 0014: 0014-image-pipeline-recovery.md.
"""

    def test_plain_hard_rule_form(self):
        files = {
            "adr/0001-use-postgresql.md": ADR_1,
            "runbooks/0014-image-pipeline-recovery.md": RUNBOOK_14,
            "rules/2025-11-14-orm-image-bytes.md": self.PLAIN,
        }
        self.import_ok(files)
        rule = self.env["practice.rule"].search([("repo_id", "=", self.repo.id)])
        self.assertEqual(str(rule.date), "2025-11-14")
        self.assertEqual(rule.rule, "Never write image bytes through the ORM in a loop.")
        self.assertIn("34,488", rule.incident)
        self.assertEqual(rule.root_cause, "a cron rewrote every image.")
        self.assertEqual(rule.runbook_ids.number, 14)
        # exported as written (byte for byte), which re-imports unchanged
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(exported["rules/2025-11-14-orm-image-bytes.md"], self.PLAIN)
        self.assertEqual(self.import_ok(exported)["updated"], [])
        # once edited in the backend: the canonical form, which re-imports unchanged
        rule.fix = "batches of 100."
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertTrue(exported["rules/2025-11-14-orm-image-bytes.md"].startswith("---\ntitle: "))
        self.import_ok(exported)
        self.assertEqual(self.import_ok(exported)["updated"], [])

    def test_plain_rule_unknown_runbook_reference(self):
        before = self.counts()
        result = self.vault.import_files({"rules/2025-11-14-x.md": self.PLAIN}, repo=self.repo.id)
        self.assertEqual([(e["path"], e["line"]) for e in result["errors"]], [("rules/2025-11-14-x.md", 9)])
        self.assertIn("unknown runbook reference 0014", result["errors"][0]["message"])
        self.assertEqual(self.counts(), before)


@tagged("post_install", "-at_install", "practice_integrity")
class TestSingleGlossaryFile(KnowledgeCase):
    """DESIGN's alternative glossary form: one glossary.md holding every term."""

    TEXT = "# Glossary\n\nFBM: The seller ships the order itself.\n\n## Lease\n\nA lock that expires.\n"

    def _terms(self):
        return self.env["practice.glossary.term"].search([("repo_id", "=", self.repo.id)], order="name")

    def test_import_export_reimport(self):
        result = self.import_ok({"glossary.md": self.TEXT})
        self.assertEqual(result["created"], ["glossary.md"])
        terms = self._terms()
        self.assertEqual(terms.mapped("name"), ["FBM", "Lease"])
        self.assertEqual(set(terms.mapped("vault_path")), {"glossary.md"})
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(exported["glossary.md"], self.TEXT)  # as written, byte for byte
        self.assertEqual(self.import_ok(exported)["unchanged"], ["glossary.md"])
        # once a term is edited in the backend: the canonical form (compact lines as sections)
        terms.filtered(lambda t: t.name == "Lease").definition = "A lock that expires, renewed."
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(
            exported["glossary.md"],
            "# Glossary\n\n## FBM\n\nThe seller ships the order itself.\n\n## Lease\n\n"
            "A lock that expires, renewed.\n",
        )
        self.import_ok(exported)
        again = self.import_ok(exported)
        self.assertEqual((again["unchanged"], again["updated"], again["created"]), (["glossary.md"], [], []))

    def test_edit_and_removal_inside_the_file(self):
        self.import_ok({"glossary.md": self.TEXT})
        lease = self._terms().filtered(lambda t: t.name == "Lease")
        edited = "# Glossary\n\n## lease\n\nA lock that expires unless renewed.\n"
        result = self.import_ok({"glossary.md": edited})
        self.assertEqual(result["updated"], ["glossary.md"])
        self.assertEqual(self._terms(), lease, "FBM left the file; Lease kept its record")
        self.assertEqual((lease.name, lease.definition), ("lease", "A lock that expires unless renewed."))

    def test_term_defined_in_both_forms_is_refused(self):
        files = {
            "glossary.md": self.TEXT,
            "glossary/lease.md": "---\nterm: LEASE\n---\n\nAnother definition.\n",
        }
        result = self.vault.import_files(files, repo=self.repo.id)
        self.assertEqual(result["created"], [])
        located = [(e["path"], e["line"]) for e in result["errors"]]
        self.assertTrue({("glossary.md", 5), ("glossary/lease.md", 2)} & set(located), result["errors"])
        self.assertFalse(self._terms())


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultPrune(KnowledgeCase):
    """``prune``: the files are the whole vault; records whose file vanished are deleted."""

    def _without(self, path):
        return {p: t for p, t in sample_files().items() if p != path}

    def test_prune_deletes_only_records_whose_file_is_gone(self):
        self.import_ok(sample_files())
        other = self.import_ok(
            {"glossary/lease.md": "---\nterm: lease\n---\n\nExpires.\n"}, repo=self.other_repo
        )
        self.assertEqual(other["created"], ["glossary/lease.md"])
        before = self.counts()
        dry = self.import_ok(self._without("glossary/fencing-token.md"), dry_run=True, prune=True)
        self.assertEqual(dry["deleted"], ["glossary/fencing-token.md"])
        self.assertEqual(self.counts(), before, "a dry run deletes nothing")
        result = self.import_ok(self._without("glossary/fencing-token.md"), prune=True)
        self.assertEqual(result["deleted"], ["glossary/fencing-token.md"])
        self.assertEqual(len(result["unchanged"]), 4)
        Term = self.env["practice.glossary.term"]
        self.assertFalse(Term.search([("repo_id", "=", self.repo.id)]))
        self.assertTrue(Term.search([("repo_id", "=", self.other_repo.id)]), "other repositories untouched")
        self.assertNotIn("glossary/fencing-token.md", self.vault.export_files(repo=self.repo.id))

    def test_prune_against_an_empty_vault_is_refused(self):
        self.import_ok(sample_files())
        before = self.counts()
        with self.assertRaisesRegex(UserError, "empty vault"):
            self.vault.import_files({}, repo=self.repo.id, prune=True)
        self.assertEqual(self.counts(), before)

    def test_without_prune_missing_files_are_kept(self):
        self.import_ok(sample_files())
        result = self.import_ok(self._without("glossary/fencing-token.md"))
        self.assertNotIn("deleted", result)
        self.assertTrue(self.env["practice.glossary.term"].search([("repo_id", "=", self.repo.id)]))

    def test_prune_is_for_managers(self):
        self.import_ok(sample_files())
        files = self._without("glossary/fencing-token.md")
        with self.assertRaisesRegex(AccessError, "managers may prune"):
            self.vault.with_user(self.engineer).import_files(files, repo=self.repo.id, prune=True)
        dry = self.vault.with_user(self.engineer).import_files(
            files, repo=self.repo.id, prune=True, dry_run=True
        )
        self.assertEqual(
            [(e["path"], e["line"]) for e in dry["errors"]], [("glossary/fencing-token.md", 1)], dry["errors"]
        )
        self.assertIn("needs a Practice Manager", dry["errors"][0]["message"])
        done = self.vault.with_user(self.manager).import_files(files, repo=self.repo.id, prune=True)
        self.assertEqual((done["errors"], done["deleted"]), ([], ["glossary/fencing-token.md"]))

    def test_engineer_removing_a_section_gets_a_located_error(self):
        self.import_ok(sample_files())
        shorter = CITATIONS.split("## Nygard")[0].rstrip() + "\n"
        before = self.counts()
        result = self.vault.with_user(self.engineer).import_files(
            {"citations/2025-11-14.md": shorter}, repo=self.repo.id
        )
        self.assertEqual([e["path"] for e in result["errors"]], ["citations/2025-11-14.md"])
        self.assertIn("needs a Practice Manager", result["errors"][0]["message"])
        self.assertEqual(self.counts(), before)


def _rules(count, tag):
    """``count`` plain rule files without runbooks (each its own title and file)."""
    return {
        f"rules/2026-01-01-{tag}-{i:03d}.md": RULE.replace(
            "No image bytes in ORM loops", f"{tag} rule {i:03d}"
        ).replace("runbooks:\n- 14\n", "")
        for i in range(count)
    }


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultImportStatistics(KnowledgeCase):
    """A bulk import refreshes the planner's statistics of what it wrote (the first bundles
    after it do not wait for autovacuum); a small one leaves that to autovacuum."""

    def reltuples(self, table):
        self.env.cr.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return self.env.cr.fetchone()[0]

    def rows(self, table):
        self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
        return self.env.cr.fetchone()[0]

    def test_bulk_import_analyzes_its_tables(self):
        files = _rules(60, "bulk")
        self.import_ok(files)
        # ANALYZE inside the import's transaction counts its own new rows: exact on small tables
        self.assertEqual(self.reltuples("practice_rule"), self.rows("practice_rule"))
        self.assertEqual(
            self.reltuples("practice_rule_code_module_rel"), self.rows("practice_rule_code_module_rel")
        )

    def test_small_import_leaves_statistics_to_autovacuum(self):
        before = self.reltuples("practice_rule")
        self.import_ok(_rules(5, "small"))
        self.assertEqual(self.reltuples("practice_rule"), before)
        self.assertNotEqual(self.rows("practice_rule"), before)

    def test_analyzed_tables_are_the_kinds_and_their_links(self):
        rule = next(kind for kind in self.vault._vault_sorted_kinds() if kind.name == "rule")
        tables = self.vault._vault_analyze([(rule, None, None, "created")] * 50)
        self.assertIn("practice_rule", tables)
        self.assertIn("practice_rule_code_module_rel", tables)
        self.assertNotIn("practice_adr", tables)
        self.assertEqual(self.vault._vault_analyze([(rule, None, None, "created")] * 49), [])
        self.assertEqual(self.vault._vault_analyze([(rule, None, None, "unchanged")] * 500), [])
