# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The authors' plain hard-rule form imports faithfully (issue 11 item 7): the seed's own example,
verbatim (../shared/seeds/000_…, "5. Hard rules tied to real incidents")."""

import pytest

from odoo.tests import tagged

from ..tools import vault_format as vf
from .common import ADR_1, RUNBOOK_14, KnowledgeCase
from .common import RULE as RULE_FRONT_MATTER

# Copied verbatim from the seed (soft line breaks, "Root cause:" inside the Incident paragraph,
# "runbook 0014: image-pipeline-recovery.md" naming the file without its number).
SEED_RULE = """# Hard rule
2025-11-14: Don't bypass Odoo ORM for image bytes unless re-firing
the derivative-compute chain in the same transaction.

Incident: PIL bulk-update of 2,847 images via direct SQL bypassed
ir_attachment. Catalog thumbnails went blank for 3.5 hours before
recovery script finished. Root cause: derivative-compute chain
didn't re-fire because nothing accessed the records.

Fix: bulk-insert PIL output directly to ir_attachment (see
runbook 0014: image-pipeline-recovery.md).
"""
SEED_TITLE = "Don't bypass Odoo ORM for image bytes unless re-firing the derivative-compute chain in the same transaction."
SEED_INCIDENT = (
    "PIL bulk-update of 2,847 images via direct SQL bypassed ir_attachment. Catalog thumbnails "
    "went blank for 3.5 hours before recovery script finished."
)
SEED_ROOT_CAUSE = "derivative-compute chain didn't re-fire because nothing accessed the records."
SEED_FIX = "bulk-insert PIL output directly to ir_attachment (see runbook 0014: image-pipeline-recovery.md)."
RULE_PATH = "rules/2025-11-14-orm-image-bytes.md"
RUNBOOK_15 = RUNBOOK_14.replace("number: 14", "number: 15").replace("Image pipeline", "Other")


@pytest.mark.rules
def test_seed_rule_fields():
    (entry,) = vf.parse_rule(RULE_PATH, SEED_RULE)
    data = entry.data
    assert data["date"] == "2025-11-14"
    assert data["title"] == SEED_TITLE
    assert data["rule"] == SEED_TITLE  # one sentence, its soft line break joined
    assert data["incident"] == SEED_INCIDENT
    assert data["root_cause"] == SEED_ROOT_CAUSE
    assert data["fix"] == SEED_FIX
    assert data["runbooks"] == [14]
    assert entry.lines["root_cause"] == 7 and entry.lines["fix"] == 10
    assert entry.lines["runbook_refs"] == {14: 11}  # the line the file name is on


@pytest.mark.rules
def test_fix_starting_a_sentence_starts_its_section():
    text = "# Hard rule\n\n2025-01-02: Lock first.\n\nIncident: lost a write. Fix: renew the lease.\n"
    (entry,) = vf.parse_rule("rules/x.md", text)
    assert (entry.data["incident"], entry.data["fix"]) == ("lost a write.", "renew the lease.")
    # a label inside a sentence is text, not a section
    text = "# Hard rule\n\n2025-01-02: Lock first.\n\nIncident: the fix: renew was missing.\n"
    (entry,) = vf.parse_rule("rules/x.md", text)
    assert entry.data["incident"] == "the fix: renew was missing." and entry.data["fix"] == ""


@pytest.mark.rules
def test_soft_breaks_kept_in_lists():
    text = "# Hard rule\n\n2025-01-02: Lock first.\n\nFix:\n- renew\n- release\n"
    (entry,) = vf.parse_rule("rules/x.md", text)
    assert entry.data["fix"] == "- renew\n- release"


@pytest.mark.rules
def test_title_cut_only_at_a_word_boundary_past_100():
    words = "regenerate every product thumbnail in small batches " * 6
    (entry,) = vf.parse_rule("rules/x.md", f"# Hard rule\n\n2025-01-02: {words.strip()}.\n")
    title = entry.data["title"]
    assert title.endswith("…") and "..." not in title
    assert 100 <= len(title) - 1 <= 140
    head = title[:-1]
    assert words.startswith(head + " ")  # whole words only
    assert vf.plain_title("Short one. Second sentence.") == "Short one."
    # a sentence up to 140 characters stays whole
    sentence = ("x" * 9 + " ") * 13 + "end."
    assert vf.plain_title(sentence) == sentence


@pytest.mark.rules
def test_numbered_name_of_another_runbook_is_an_error():
    text = SEED_RULE.replace("runbook 0014: image-pipeline-recovery.md", "runbook 0014: 0015-other.md")
    with pytest.raises(vf.VaultError) as info:
        vf.parse_rule(RULE_PATH, text)
    assert info.value.line == 11 and "0015" in info.value.message


@pytest.mark.rules
def test_runbook_file_errors():
    (entry,) = vf.parse_rule(RULE_PATH, SEED_RULE)
    assert vf.runbook_file_errors(entry, {14: "runbooks/0014-image-pipeline-recovery.md"}) == []
    assert vf.runbook_file_errors(entry, {14: "runbooks/0014-renamed.md"}) == []  # the number decides
    (err,) = vf.runbook_file_errors(
        entry, {14: "runbooks/0014-renamed.md", 15: "runbooks/0015-image-pipeline-recovery.md"}
    )
    assert err.line == 11 and "runbook 0015" in err.message


@pytest.mark.rules
def test_runbook_file_errors_with_names_computed_once():
    """A check of many rules passes the runbooks' names computed once: the same errors; a rule
    without ``runbook NNNN: name.md`` references has none to check."""
    (entry,) = vf.parse_rule(RULE_PATH, SEED_RULE)
    paths = {14: "runbooks/0014-renamed.md", 15: "runbooks/0015-image-pipeline-recovery.md"}
    by_name = vf.runbook_names(paths)
    assert by_name == {"renamed.md": {14}, "image-pipeline-recovery.md": {15}}
    (err,) = vf.runbook_file_errors(entry, paths, by_name)
    assert [err.as_dict()] == [e.as_dict() for e in vf.runbook_file_errors(entry, paths)]
    assert vf.runbook_file_errors(entry, {}, {}) == []
    (front,) = vf.parse_rule("rules/2025-11-14-x.md", RULE_FRONT_MATTER)
    assert vf.runbook_file_errors(front, paths) == []


@tagged("post_install", "-at_install", "practice_rules")
class TestSeedRuleImport(KnowledgeCase):
    def test_seed_rule_imports_verbatim(self):
        files = {
            "adr/0001-use-postgresql.md": ADR_1,
            "runbooks/0014-image-pipeline-recovery.md": RUNBOOK_14,
            RULE_PATH: SEED_RULE,
        }
        result = self.import_ok(files)
        self.assertIn(RULE_PATH, result["created"])
        rule = self.env["practice.rule"].search(
            [("repo_id", "=", self.repo.id), ("vault_path", "=", RULE_PATH)]
        )
        self.assertEqual(str(rule.date), "2025-11-14")
        self.assertEqual(rule.name, SEED_TITLE)
        self.assertEqual(rule.rule, SEED_TITLE)
        self.assertEqual(rule.incident, SEED_INCIDENT)
        self.assertEqual(rule.root_cause, SEED_ROOT_CAUSE)
        self.assertEqual(rule.fix, SEED_FIX)
        self.assertEqual(rule.runbook_ids.vault_path, "runbooks/0014-image-pipeline-recovery.md")
        self.assertEqual(rule.runbook_ids.number, 14)
        # the original re-imports unchanged, and so does the canonical export
        self.assertEqual(self.import_ok(files)["unchanged"], sorted(files))
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(self.import_ok(exported)["unchanged"], sorted(exported))

    def test_slug_of_another_runbook_is_refused(self):
        before = self.counts()
        files = {
            "adr/0001-use-postgresql.md": ADR_1,
            "runbooks/0014-renamed.md": RUNBOOK_14,
            "runbooks/0015-image-pipeline-recovery.md": RUNBOOK_15,
            RULE_PATH: SEED_RULE,
        }
        result = self.vault.import_files(files, repo=self.repo.id)
        self.assertEqual(len(result["errors"]), 1, result["errors"])
        error = result["errors"][0]
        self.assertEqual((error["path"], error["line"]), (RULE_PATH, 11))
        self.assertIn("runbook 0015", error["message"])
        self.assertEqual(self.counts(), before)
