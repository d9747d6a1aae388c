# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily-usage guide's daily note imports whole (issue 11 item 8): ../shared/seeds/002_…,
"Note-Taking Workflow" (the template), "Common Workflows" (the entries it appends)."""

import pytest

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import vault_format as vf
from .common import KnowledgeCase

PATH = "notes/2025-11-14.md"

# The guide's template, verbatim (the heredoc, with $(date +%Y-%m-%d) = 2025-11-14; the heredoc's
# last line is empty, so the file ends with a blank line).
TEMPLATE = """# Daily Citations – 2025-11-14

## OCA Guidelines
<!-- Patterns from OCA repos, maintainer notes -->

## Odoo Official Docs
<!-- API changes, new features, best practices -->

## Community Wisdom
<!-- Reddit r/odoo, Stack Overflow, forums -->

## Docker/Infrastructure
<!-- Deployment patterns, Docker optimization -->

## ORM Patterns
<!-- Field types, decorators, performance -->

"""

# Filled: the guide's example citation under its category, then the two entries the guide's
# workflows append with `echo "..." >> notes/$(date).md` (plain "- Label: value" lines).
FILLED = TEMPLATE.replace(
    "<!-- Field types, decorators, performance -->\n\n",
    """<!-- Field types, decorators, performance -->

### @api.depends with Related Fields
- **Link**: https://github.com/OCA/account-financial-tools/blob/16.0/account_move_line_tax_editable/models/account_move_line.py#L45
- **Takeaway**: When depending on related fields, use 'field_id.related_field' format, not just 'field_id'
- **Application**: odoo-module-dev
- **Quality Score**: 90
- **Date Added**: 2025-11-01

## Task Priority Module
- Pattern: Simple color-coded priority system
- Takeaway: Use Integer for sorting, Char for color hex codes
- Application: odoo-module-dev
- Date: 2025-11-14

## Eval Failure Resolution
- Scenario: 04_orm_compliance
- Issue: N+1 query in computed field
- Fix: Added read_group with limit parameter
- Date: 2025-11-14

""",
)
CATEGORIES = [
    "OCA Guidelines",
    "Odoo Official Docs",
    "Community Wisdom",
    "Docker/Infrastructure",
    "ORM Patterns",
]


def _parse(text):
    kind = vf.find_kind(vf.CORE_KINDS, PATH)
    return kind, kind.parse(PATH, text)


@pytest.mark.integrity
def test_template_round_trips_byte_for_byte():
    kind, entries = _parse(TEMPLATE)
    assert [(e.data["entry_type"], e.data["name"]) for e in entries] == [("category", c) for c in CATEGORIES]
    assert entries[0].data["body"] == "<!-- Patterns from OCA repos, maintainer notes -->"
    assert kind.serialize(PATH, [e.data for e in entries]) == TEMPLATE


@pytest.mark.integrity
def test_filled_note_round_trips_with_every_entry_kind():
    kind, entries = _parse(FILLED)
    by_name = {e.data["name"]: e for e in entries}
    citation = by_name["@api.depends with Related Fields"].data
    assert (citation["entry_type"], citation["category"], citation["score"]) == (
        "citation",
        "ORM Patterns",
        90,
    )
    assert citation["date_added"] == "2025-11-01" and citation["application"] == "odoo-module-dev"
    pattern = by_name["Task Priority Module"].data
    assert (pattern["entry_type"], pattern["category"]) == ("note", "")
    assert vf.note_fields(pattern["body"]) == [
        ("Pattern", "Simple color-coded priority system"),
        ("Takeaway", "Use Integer for sorting, Char for color hex codes"),
        ("Application", "odoo-module-dev"),
        ("Date", "2025-11-14"),
    ]
    resolution = vf.note_fields(by_name["Eval Failure Resolution"].data["body"])
    assert [label for label, _value in resolution] == ["Scenario", "Issue", "Fix", "Date"]
    assert kind.serialize(PATH, [e.data for e in entries]) == FILLED


@pytest.mark.integrity
def test_plain_citation_and_repeated_entries():
    text = (
        "# Daily Citations – 2025-11-14\n\n"
        "## Eval Failure Resolution\n- Scenario: a\n- Fix: b\n\n"
        "## Eval Failure Resolution\n- Scenario: c\n- Fix: d\n\n"
        "## Plain source\n- Link: https://x\n- Takeaway: t\n- Quality Score: 75\n- Date Added: 2025-11-14\n\n"
    )
    kind, entries = _parse(text)
    assert [e.key for e in entries] == [
        "Eval Failure Resolution",
        "Eval Failure Resolution (2)",
        "Plain source",
    ]
    assert entries[2].data["entry_type"] == "citation" and entries[2].data["label_style"] == "plain"
    assert kind.serialize(PATH, [e.data for e in entries]) == text


@pytest.mark.integrity
def test_note_errors_are_located():
    kind = vf.find_kind(vf.CORE_KINDS, PATH)
    with pytest.raises(vf.VaultError) as info:
        kind.parse(PATH, TEMPLATE.replace("# Daily", "stray text\n# Daily"))
    assert info.value.line == 1
    with pytest.raises(vf.VaultError) as info:
        kind.parse(PATH, FILLED.replace("Quality Score**: 90", "Quality Score**: 12"))
    assert "out of range" in info.value.message and info.value.line == 22
    with pytest.raises(vf.VaultError) as info:
        kind.parse("notes/nov.md", TEMPLATE)
    assert "notes/YYYY-MM-DD.md" in info.value.message


@tagged("post_install", "-at_install", "practice_integrity")
class TestDailyNoteImport(KnowledgeCase):
    def _entries(self):
        return self.env["practice.citation"].search(
            [("repo_id", "=", self.repo.id), ("vault_path", "=", PATH)], order="sequence"
        )

    def _round_trip(self, text):
        result = self.import_ok({PATH: text})
        self.assertEqual(result["created"], [PATH])
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(exported[PATH], text)  # byte for byte
        self.assertEqual(self.import_ok({PATH: text})["unchanged"], [PATH])
        self.assertEqual(self.import_ok(exported)["unchanged"], sorted(exported))

    def test_template_imports(self):
        self._round_trip(TEMPLATE)
        entries = self._entries()
        self.assertEqual(entries.mapped("entry_type"), ["category"] * 5)
        self.assertEqual(entries.mapped("name"), CATEGORIES)

    def test_filled_note_imports(self):
        self._round_trip(FILLED)
        entries = self._entries()
        citation = entries.filtered(lambda e: e.entry_type == "citation")
        self.assertEqual(citation.name, "@api.depends with Related Fields")
        self.assertEqual(
            (citation.category, citation.score, str(citation.date_added)), ("ORM Patterns", 90, "2025-11-01")
        )
        notes = entries.filtered(lambda e: e.entry_type == "note")
        self.assertEqual(notes.mapped("name"), ["Task Priority Module", "Eval Failure Resolution"])
        self.assertIn("- Issue: N+1 query in computed field", notes[1].note_body)
        # a note is not promoted to a pattern
        with self.assertRaises(UserError):
            notes[0].action_promote()
        # an edit in the backend is exported and re-imports unchanged
        citation.takeaway = "Depend on 'field_id.related_field'."
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertIn("- **Takeaway**: Depend on 'field_id.related_field'.\n", exported[PATH])
        self.assertEqual(self.import_ok(exported)["unchanged"], sorted(exported))


LIBRARY_PATH = "patterns/orm_library.md"
LIBRARY = """# orm_library

## @api.depends with Related Fields

When depending on related fields, use 'field_id.related_field' format, not just 'field_id'.

**Application**: odoo-module-dev

## read_group instead of N+1 reads

Aggregate in SQL with read_group and a limit.
"""


@pytest.mark.integrity
def test_pattern_library_round_trips():
    kind = vf.find_kind(vf.CORE_KINDS, LIBRARY_PATH)
    entries = kind.parse(LIBRARY_PATH, LIBRARY)
    assert [e.data["name"] for e in entries] == [
        "@api.depends with Related Fields",
        "read_group instead of N+1 reads",
    ]
    assert entries[0].data["application"] == "odoo-module-dev"
    assert kind.serialize(LIBRARY_PATH, [e.data for e in entries]) == LIBRARY
    with pytest.raises(vf.VaultError) as info:
        kind.parse(LIBRARY_PATH, LIBRARY + "\n## Empty\n")
    assert "has no text" in info.value.message


@tagged("post_install", "-at_install", "practice_integrity")
class TestPatternLibraryImport(KnowledgeCase):
    def test_library_imports_and_round_trips(self):
        self.assertEqual(self.import_ok({LIBRARY_PATH: LIBRARY})["created"], [LIBRARY_PATH])
        patterns = self.env["practice.pattern"].search([("repo_id", "=", self.repo.id)], order="sequence")
        self.assertEqual(patterns.mapped("vault_path"), [LIBRARY_PATH] * 2)
        self.assertEqual(patterns[0].application, "odoo-module-dev")
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual(exported[LIBRARY_PATH], LIBRARY)
        self.assertEqual(self.import_ok(exported)["unchanged"], sorted(exported))
