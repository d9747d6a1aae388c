# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fuzz test of the daily-note and pattern-library parsers (no database): any text gives
entries or a located VaultError, and what parses is stable — its canonical file parses back to
the same data (so an export re-imports unchanged)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..tools import vault_format as vf

pytestmark = pytest.mark.integrity

FUZZ = settings(max_examples=300)  # the rest: the suite's profile (conftest.py)
FRAGMENTS = [
    "\n",
    "\n\n",
    "# Daily Citations – 2025-11-14\n",
    "## OCA Guidelines\n",
    "## ORM Patterns\n",
    "### Entry\n",
    "## Entry\n",
    "## \n",
    "<!-- comment -->\n",
    "<!--\n",
    "-->\n",
    "- **Link**: https://x\n",
    "- **Takeaway**: t\n",
    "- **Quality Score**: 90\n",
    "- **Quality Score**: 7\n",
    "- **Date Added**: 2025-11-01\n",
    "- **Date Added**: 2025-02-30\n",
    "- Link: https://y\n",
    "- Takeaway: u\n",
    "- Quality Score: 80/100\n",
    "- Pattern: p\n",
    "- Date: 2025-11-14\n",
    "- **Tag**: z\n",
    "  continued\n",
    "free text\n",
    "**Application**: here\n",
    "    code\n",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=25).map("".join)


def _round_trip(path, text):
    kind = vf.find_kind(vf.CORE_KINDS, path)
    try:
        entries = kind.parse(path, text)
    except vf.VaultError as err:
        assert err.path == path and err.line >= 1
        return
    canonical = kind.serialize(path, [e.data for e in entries])
    again = kind.parse(path, canonical)
    assert [(e.key, e.data) for e in again] == [(e.key, e.data) for e in entries]
    assert kind.serialize(path, [e.data for e in again]) == canonical


@FUZZ
@given(texts)
def test_daily_note_parses_or_fails_located_and_round_trips(text):
    _round_trip("notes/2025-11-14.md", text)


@FUZZ
@given(texts)
def test_pattern_library_parses_or_fails_located_and_round_trips(text):
    _round_trip("patterns/orm_library.md", text)
