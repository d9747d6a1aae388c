# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A vault import writes many new records of a kind in one ``create`` call and looks up what
they link to once (issue 32): the same records and links as one at a time, and a failure still
names its file and writes nothing; the bundle counts the task's words in every kind at once."""

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..tools import fts
from .common import ADR_1, KnowledgeCase


def runbook(number, adrs=(1,)):
    refs = "".join(f"- {n}\n" for n in adrs)
    return f"---\nnumber: {number}\ntitle: Runbook {number}\nadrs:\n{refs}---\n\n1. Step {number}.\n"


def rule(n, runbooks, modules):
    return (
        f"---\ntitle: Rule {n}\ndate: 2025-02-01\nseverity: high\nstatus: active\nmodules:\n"
        + "".join(f"- {m}\n" for m in modules)
        + "runbooks:\n"
        + "".join(f"- {r}\n" for r in runbooks)
        + f"---\n\n## Rule\n\nNever do thing {n}.\n\n## Fix\n\nFix {n}.\n"
    )


def bulk_files():
    files = {"adr/0001-use-postgresql.md": ADR_1}
    for number in (21, 22, 23):
        files[f"runbooks/{number:04d}-runbook-{number}.md"] = runbook(number)
    for n in range(1, 7):
        files[f"rules/2025-02-01-rule-{n}.md"] = rule(n, [21 + n % 3, 21], [f"mod_{n % 2}", "mod_shared"])
    return files


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultBulkWrite(KnowledgeCase):
    def test_bulk_import_links_every_record_as_one_at_a_time(self):
        files = bulk_files()
        self.import_ok(files)
        Rule = self.env["practice.rule"]
        runbooks = {
            rb.number: rb for rb in self.env["practice.runbook"].search([("repo_id", "=", self.repo.id)])
        }
        self.assertEqual(set(runbooks), {21, 22, 23})
        for rb in runbooks.values():
            self.assertEqual(rb.adr_ids.mapped("number"), [1])
        for n in range(1, 7):
            record = Rule.search(
                [("repo_id", "=", self.repo.id), ("vault_path", "=", f"rules/2025-02-01-rule-{n}.md")]
            )
            self.assertEqual(sorted(record.runbook_ids.mapped("number")), sorted({21 + n % 3, 21}))
            self.assertEqual(sorted(record.module_ids.mapped("name")), sorted([f"mod_{n % 2}", "mod_shared"]))
        # the modules are created once each, shared by the rules naming them
        modules = self.env["practice.code.module"].search([("repo_id", "=", self.repo.id)])
        self.assertEqual(sorted(modules.mapped("name")), ["mod_0", "mod_1", "mod_shared"])
        again = self.import_ok(files)
        self.assertEqual(len(again["unchanged"]), len(files))

    def test_values_of_many_entries_are_those_of_each(self):
        """``_vault_values_list`` (one lookup for all the entries) gives each entry's
        ``_vault_values``."""
        files = bulk_files()
        self.import_ok({path: text for path, text in files.items() if not path.startswith("rules/")})
        kinds = self.vault._vault_sorted_kinds()
        batch, errors = self.vault._vault_parse(kinds, files, self.repo)
        self.assertFalse(errors)
        for model_name, kind_name in (("practice.rule", "rule"), ("practice.runbook", "runbook")):
            model = self.env[model_name]
            entries = batch[kind_name]
            self.assertTrue(entries)
            one_by_one = [model._vault_values(entry, self.repo) for entry in entries]
            together = model._vault_values_list(entries, self.repo)
            for single, bulk in zip(one_by_one, together, strict=True):
                for key in ("module_ids", "runbook_ids", "adr_ids"):
                    if key in single:  # the same ids, whatever their order
                        self.assertEqual(sorted(single.pop(key)[0][2]), sorted(bulk.pop(key)[0][2]), key)
                self.assertEqual(single, bulk)

    @mute_logger("odoo.sql_db", "odoo.addons.practice_knowledge.models.practice_vault")
    def test_failure_in_a_bulk_create_names_its_file(self):
        """A write-time failure in the middle of a kind's bulk create (a runbook number taken
        by a record without a vault path): nothing written, the error names that file."""
        taken = self.env["practice.runbook"].create(
            {"repo_id": self.repo.id, "number": 22, "name": "Backend only", "steps": "1. x"}
        )
        taken.vault_path = False
        before = self.counts()
        result = self.vault.import_files(bulk_files(), repo=self.repo.id)
        self.assertEqual(self.counts(), before)
        self.assertEqual(result["created"], [])
        self.assertEqual([e["path"] for e in result["errors"]], ["runbooks/0022-runbook-22.md"])


@tagged("post_install", "-at_install", "practice_integrity")
class TestRelevanceMany(KnowledgeCase):
    def test_same_figures_as_one_table_at_a_time(self):
        self.import_ok(bulk_files())
        cr = self.env.cr
        lexemes = fts.task_lexemes(cr, "runbook step for rule thing fix")
        repo = self.repo.id
        specs = [
            ("practice_rule", SQL("t.repo_id = %s AND t.status = %s", repo, "active"), None, None),
            ("practice_rule", SQL("t.repo_id = %s AND t.status = %s", repo, "active"), 3, 6),
            ("practice_runbook", SQL("t.repo_id = %s", repo), 30, None),
            ("practice_adr", SQL("t.repo_id = %s AND t.status = %s", repo, "accepted"), 10, None),
            ("practice_pattern", SQL("t.repo_id = %s", repo), 5, None),
        ]
        many = fts.relevance_many(cr, specs, lexemes)
        single = [
            fts.relevance(cr, table, where, lexemes, limit=limit, total=total)
            for table, where, limit, total in specs
        ]
        self.assertEqual(many, single)
        self.assertTrue(many[0] and many[2], "rules and runbooks hold the task's words")
        self.assertEqual(fts.relevance_many(cr, specs, []), [[]] * len(specs))
