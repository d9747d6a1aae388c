# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the vault parser/serializer (no database)."""

import pytest

from ..tools import vault_format as vf
from .common import ADR_1, CITATIONS, RULE, RUNBOOK_14, TERM, VAULT_DIR


def _error(fn, *args):
    with pytest.raises(vf.VaultError) as info:
        fn(*args)
    return info.value


@pytest.mark.integrity
@pytest.mark.parametrize(
    "path, text",
    [
        ("adr/0001-use-postgresql.md", ADR_1),
        ("runbooks/0014-image-pipeline-recovery.md", RUNBOOK_14),
        ("rules/2025-11-14-orm-image-bytes.md", RULE),
        ("glossary/fencing-token.md", TERM),
        ("citations/2025-11-14.md", CITATIONS),
    ],
)
def test_canonical_files_round_trip(path, text):
    kind = vf.find_kind(vf.CORE_KINDS, path)
    entries = kind.parse(path, text)
    assert kind.serialize(path, [e.data for e in entries]) == text


@pytest.mark.integrity
def test_project_vault_is_canonical():
    files = {p.relative_to(VAULT_DIR).as_posix(): p.read_text() for p in VAULT_DIR.rglob("*.md")}
    core = {p: t for p, t in files.items() if any(k.matches(p) for k in vf.CORE_KINDS)}
    batch, errors = vf.parse_files(vf.CORE_KINDS, core)
    assert errors == []
    for kind in vf.CORE_KINDS:
        by_path = {}
        for entry in batch[kind.name]:
            by_path.setdefault(entry.path, []).append(entry.data)
        for path, items in by_path.items():
            assert kind.serialize(path, items) == core[path], path


@pytest.mark.integrity
def test_non_canonical_input_is_normalized():
    messy = RULE.replace("\n", "\r\n").replace("- fl_catalog", "- zz_mod\n- fl_catalog")
    (entry,) = vf.parse_rule("rules/x.md", messy)
    assert entry.data["modules"] == ["fl_catalog", "zz_mod"]
    text = vf.serialize_rule("rules/x.md", [entry.data])
    assert "\r" not in text and text.endswith(".\n") and not text.endswith("\n\n")
    assert vf.parse_rule("rules/x.md", text)[0].data == entry.data


@pytest.mark.integrity
def test_unknown_keys_kept_sorted_after_known_keys():
    text = ADR_1.replace("deciders:", "zeta: 1\nalpha:\n  nested: [1, 2]\nreviewed: 2025-12-01\ndeciders:")
    (entry,) = vf.parse_adr("adr/0001-x.md", text)
    assert entry.data["extra"] == {"zeta": 1, "alpha": {"nested": [1, 2]}, "reviewed": "2025-12-01"}
    out = vf.serialize_adr("adr/0001-x.md", [entry.data])
    assert (
        out.index("deciders:")
        < out.index("alpha:")
        < out.index("reviewed: 2025-12-01")
        < out.index("zeta: 1")
    )
    assert vf.extra_load(vf.extra_dump(entry.data["extra"])) == entry.data["extra"]


@pytest.mark.rules
def test_plain_hard_rule_form():
    text = (
        "# Hard rule\n\n2025-11-14: Never loop image writes. Really.\n\n"
        "Incident: 34,488 rows gone.\n\nRoot cause: cron.\n\nFix: see runbook 0014: 0014-recovery.md\n"
    )
    (entry,) = vf.parse_rule("rules/x.md", text)
    assert entry.data["title"] == "Never loop image writes."
    assert entry.data["runbooks"] == [14]
    assert entry.data["incident"] == "34,488 rows gone."
    assert entry.lines["runbook_refs"] == {14: 9}


@pytest.mark.rules
def test_plain_rule_errors():
    err = _error(vf.parse_rule, "rules/x.md", "# Hard rule\n\nno date here\n")
    assert (err.line, "YYYY-MM-DD") == (3, "YYYY-MM-DD") and "expected" in err.message
    err = _error(vf.parse_rule, "rules/x.md", "# Hard rule\n\n2025-01-01: x runbook 0003: 0004-other.md\n")
    assert err.line == 3 and "names the file 0004-other.md" in err.message


@pytest.mark.rules
def test_citation_errors_and_labels():
    err = _error(vf.parse_citations, "citations/2025-11-14.md", CITATIONS.replace("95", "ninety"))
    assert err.line == 8 and "whole number" in err.message
    err = _error(vf.parse_citations, "citations/nov.md", CITATIONS)
    assert "citations/YYYY-MM-DD.md" in err.message
    err = _error(vf.parse_citations, "citations/2025-11-14.md", CITATIONS + "\n## Nygard on ADRs\n")
    assert "appears twice" in err.message
    err = _error(vf.parse_citations, "citations/2025-11-14.md", "stray\n## A\n")
    assert err.line == 1
    entries = vf.parse_citations(
        "citations/2025-11-14.md",
        "## A\n- **Link**: l\n- **Takeaway**: t\n- **Quality Score**: 61/100\n- **Tag**: x\n",
    )
    assert entries[0].data["score"] == 61
    assert entries[0].data["date_added"] == "2025-11-14"  # defaults to the note's day
    assert entries[0].data["extra"] == {"Tag": "x"}


@pytest.mark.rules
def test_front_matter_errors():
    assert _error(vf.parse_adr, "adr/0001-x.md", "no header\n").message.startswith(
        "missing YAML front matter"
    )
    assert "not closed" in _error(vf.parse_adr, "adr/0001-x.md", "---\nnumber: 1\n").message
    assert "mapping" in _error(vf.parse_adr, "adr/0001-x.md", "---\n- a\n---\n").message
    err = _error(vf.parse_adr, "adr/0001-x.md", ADR_1.replace("number: 1", "number: one"))
    assert (err.line, "whole number" in err.message) == (2, True)
    err = _error(vf.parse_adr, "adr/0001-x.md", ADR_1.replace("deciders:", "supersedes: [1]\ndeciders:"))
    assert "itself" in err.message


@pytest.mark.rules
def test_paths_checked():
    for path, message in (
        ("/abs/x.md", "outside the vault"),
        ("rules/../x.md", "outside the vault"),
        ("rules\\x.md", "outside the vault"),
        ("rules/x.txt", "not a markdown file"),
        ("rules/sub/x.md", "outside known folders"),
        ("README.md", "outside known folders"),
    ):
        assert message in _error(vf.find_kind, vf.CORE_KINDS, path).message, path


@pytest.mark.domain
def test_words_in_matches_whole_words_case_insensitively():
    text = "Check the Fencing Token before a write; tokenized is another word."
    assert vf.words_in(text, ["fencing token", "token", "tokenize", "lease"]) == {"fencing token", "token"}


GLOSSARY_FILE = """# Glossary

## FBM

- **Aliases**: fulfilled by merchant, merchant fulfilled

The seller stores and ships the order itself.

## Lease

A lock that expires unless renewed.
Renewing extends it.
"""


@pytest.mark.integrity
def test_single_glossary_file_round_trips():
    kind = vf.find_kind(vf.CORE_KINDS, "glossary.md")
    entries = kind.parse("glossary.md", GLOSSARY_FILE)
    assert [(e.key, e.line) for e in entries] == [("fbm", 3), ("lease", 9)]
    assert entries[0].data["aliases"] == ["fulfilled by merchant", "merchant fulfilled"]
    assert entries[1].data["definition"] == "A lock that expires unless renewed.\nRenewing extends it."
    assert kind.serialize("glossary.md", [e.data for e in reversed(entries)]) == GLOSSARY_FILE


@pytest.mark.integrity
def test_aliases_holding_commas_or_quotes_round_trip():
    data = {
        "term": "SKU",
        "aliases": ["stock keeping unit", "article, variant", 'the "reference"'],
        "definition": "One sellable variant.",
        "extra": {},
    }
    text = vf.serialize_glossary("glossary.md", [data])
    assert '- **Aliases**: stock keeping unit, "article, variant", "the ""reference"""' in text
    (entry,) = vf.parse_glossary("glossary.md", text)
    assert entry.data == data


@pytest.mark.integrity
def test_compact_term_lines_are_accepted_and_normalized():
    text = "# Glossary\n\nFBM: Fulfilled by merchant.\n**ASIN**: Amazon's product id,\n  unique per marketplace.\n"
    entries = vf.parse_glossary("glossary.md", text)
    assert [(e.data["term"], e.line) for e in entries] == [("FBM", 3), ("ASIN", 4)]
    assert entries[1].data["definition"] == "Amazon's product id,\nunique per marketplace."
    canonical = vf.serialize_glossary("glossary.md", [e.data for e in entries])
    assert canonical.startswith("# Glossary\n\n## ASIN\n\nAmazon's product id,")
    assert [e.data for e in vf.parse_glossary("glossary.md", canonical)] == [
        e.data for e in sorted(entries, key=lambda e: e.key)
    ]


@pytest.mark.integrity
@pytest.mark.parametrize(
    "text, line, message",
    [
        ("# Glossary\n\n## FBM\n\n## Lease\n\nExpires.\n", 3, "'FBM' has no definition"),
        ("# Glossary\n\nsome loose prose\n", 3, "expected '## Term' sections"),
        ("# Glossary\n\n## \n\nx\n", 3, "needs the term"),
        ("\n\n", 1, "empty file"),
        ("# Glossary\n", 1, "no term in glossary.md"),
    ],
)
def test_single_glossary_file_errors_name_the_line(text, line, message):
    err = _error(vf.parse_glossary, "glossary.md", text)
    assert (err.path, err.line) == ("glossary.md", line)
    assert message in err.message
