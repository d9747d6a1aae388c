# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Property-based fuzz test of the vault parsers (no database): any path and text give
entries or located VaultErrors — never another exception — and what parses can be written
back (serialize, stored unknown keys) without an exception either. Deterministic: hypothesis
runs derandomized with a fixed number of examples."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..tools import limits as vl
from ..tools import vault_format as vf
from .common import ADR_1, CITATIONS, RULE, RUNBOOK_14, TERM

pytestmark = pytest.mark.integrity

FUZZ = settings(max_examples=250)  # the rest: the suite's profile (conftest.py)

FOLDERS = ["adr/", "runbooks/", "rules/", "glossary/", "citations/", "", "sessions/", "../"]
NAMES = ["0001-x.md", "0014-y.md", "2025-11-14.md", "2025-11-14-z.md", "a.md", "glossary.md", "x.txt"]
SAMPLES = [ADR_1, RUNBOOK_14, RULE, TERM, CITATIONS, "# Hard rule\n\n2025-01-01: Never.\n"]

# Fragments that steer random text towards the parsers' interesting corners.
FRAGMENTS = [
    "---\n",
    "---",
    "\n",
    "## Rule\n",
    "## Decision\n",
    "## Incident\n",
    "## Term\n",
    "## Name\n",
    "# Hard rule\n",
    "- **Link**: x\n",
    "- **Quality Score**: ",
    "- **Date Added**: ",
    '- **Aliases**: a, "b, c"\n',
    "  continued\n",
    "Term: definition\n",
    "**Bold**: text\n",
    "number: ",
    "title: ",
    "date: ",
    "term: ",
    "status: ",
    "severity: ",
    "modules: ",
    "runbooks: ",
    "supersedes: ",
    "aliases: ",
    "2025-11-14",
    "2025-02-30",
    "runbook 14: `0014-y.md`",
    "&a ",
    "*a",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    "!!binary ",
    "!!set ",
    "!!python/object:os.system ",
    "!!timestamp ",
    "'",
    '"',
    "|\n  ",
    "#",
    "\t",
    "\r\n",
    "\x00",
    "\u202e",
    "9" * 4400,
    "²",
    "0x1F",
    "1:2:3",
    ".nan",
    "~",
    "yes",
    "42",
    "-1",
]

KEYS = sorted(
    {key.name for keys in (vf.RULE_KEYS, vf.ADR_KEYS, vf.RUNBOOK_KEYS, vf.GLOSSARY_KEYS) for key in keys}
    | {"extra", "1", "yes", "? [a]", "<<"}
)
VALUES = [
    "",
    "x",
    "²",
    "9" * 4400,
    "99999999999",
    "-1",
    "2025-11-14",
    "2025-02-30",
    "high",
    "accepted",
    "[1, 2]",
    "[a, [b, [c]]]",
    "{a: 1}",
    "&a [x]",
    "*a",
    "!!binary aGk=",
    "!!set {a, b}",
    "!!timestamp 2025-01-01",
    "!!float nan",
    "!!python/name:os.system",
    "'quoted: text'",
    "|\n  block",
    "\n  - item\n  - [deep]",
    "~",
    "yes",
    "0o17",
    "1_000",
    "[" * 30 + "]" * 30,
]
front_matters = st.tuples(
    st.lists(
        st.tuples(st.sampled_from(KEYS), st.one_of(st.sampled_from(VALUES), st.text(max_size=20))).map(
            lambda kv: f"{kv[0]}: {kv[1]}"
        ),
        max_size=8,
    ),
    st.sampled_from(["", "\n## Rule\n\nText.\n", "\n## Decision\n\nYes.\n", "\nSteps.\n", "\n## Nope\n"]),
).map(lambda t: "---\n" + "\n".join(t[0]) + "\n---\n" + t[1])

texts = st.one_of(
    front_matters,
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
    st.tuples(st.sampled_from(SAMPLES), st.integers(0, 2000), st.sampled_from(FRAGMENTS)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    ),
)
paths = st.one_of(
    st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)).map("".join),
    st.tuples(st.sampled_from(FOLDERS), st.text(max_size=20), st.sampled_from([".md", ""])).map("".join),
)
uploads = st.dictionaries(paths, st.one_of(texts, st.none(), st.integers()), max_size=4)


def _check_error(error):
    assert isinstance(error, vf.VaultError), repr(error)
    assert isinstance(error.path, str)  # "" only for the empty path
    assert isinstance(error.line, int) and error.line >= 1
    assert isinstance(error.message, str) and error.message
    assert len(error.message) <= vf.MAX_MESSAGE_CHARS
    assert len(error.path) <= max(vl.DEFAULTS["max_path_chars"], vl.PATH_EXCERPT_CHARS)


@FUZZ
@given(uploads)
def test_any_upload_gives_entries_or_located_errors(files):
    batch, errors = vf.parse_files(vf.CORE_KINDS, files)
    for error in errors:
        _check_error(error)
    kinds = {kind.name: kind for kind in vf.CORE_KINDS}
    for name, entries in batch.items():
        by_path = {}
        for entry in entries:
            assert entry.path in files and entry.kind == name
            assert isinstance(entry.data, dict)
            by_path.setdefault(entry.path, []).append(entry.data)
            extra = entry.data.get("extra")
            if extra:
                # Unknown keys are stored as YAML and read back: never an exception.
                assert vf.extra_load(vf.extra_dump(extra)) is not None
        for path, items in by_path.items():
            text = kinds[name].serialize(path, items)
            assert isinstance(text, str)


@FUZZ
@given(st.sampled_from(list(vf.CORE_KINDS)), st.sampled_from(NAMES), texts)
def test_every_kind_parses_any_text_or_raises_a_vault_error(kind, name, text):
    path = kind.pattern.split("/")[0].split("|")[0] + "/" + name
    if not kind.matches(path):
        path = "glossary.md" if kind.name == "glossary" else path
    try:
        entries = kind.parse(path, text)
    except vf.VaultError as error:
        _check_error(error)
    else:
        assert all(isinstance(entry, vf.Entry) for entry in entries)


@FUZZ
@given(st.text(max_size=400))
def test_extra_load_of_any_stored_text_is_a_dict(text):
    assert isinstance(vf.extra_load(text), dict)
