# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one headed-bullets reader and writer (``tools/vault/sections.py``) that daily citations,
daily notes, pattern libraries and practice_memory's MEMORY.md share (no database)."""

import pytest

from ..tools.vault import sections
from ..tools.vault.common import VaultError

pytestmark = pytest.mark.integrity

PATH = "citations/2025-11-14.md"
LABELS = {"link": "Link", "score": "Quality Score"}


def _rows(text, start=1):
    return list(enumerate(text.split("\n"), start=start))


def test_headed_sections_split_a_text_under_its_headings():
    text = "# Title\n\n## First \n- **Link**: x\n\n##  \ntext\n## Third"
    found = sections.headed_sections(PATH, text, "before", "missing")
    assert found == [
        ("First", 3, [(4, "- **Link**: x"), (5, "")]),
        ("", 6, [(7, "text")]),
        ("Third", 8, []),
    ]


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("# Title\n\nstray\n## A", 3, "text before the first heading"),
        ("\n# Title\n### not a section\n", 3, "text before the first heading"),
        ("# Title\n\n", 1, "no heading"),
        ("##no space\n", 1, "text before the first heading"),
    ],
)
def test_headed_sections_name_the_line_of_a_problem(text, line, message):
    with pytest.raises(VaultError) as info:
        sections.headed_sections(PATH, text, "text before the first heading", "no heading")
    assert str(info.value) == f"{PATH}:{line}: {message}"
    assert (info.value.path, info.value.line) == (PATH, line)


@pytest.mark.parametrize(
    "raw, guide, expected",
    [
        ("- **Link**: https://x ", False, ("bold", "Link", "https://x")),
        ("-\t** Quality Score ** :  90", False, ("bold", "Quality Score", "90")),
        ("- **Link**:https://x", False, ("bold", "Link", "https://x")),
        ("- **Link**:https://x", True, None),  # the guide keeps it as note text
        ("- **a*b**: x", False, ("bold", "a*b", "x")),
        ("- **a*b**: x", True, None),
        ("- **Tag**:", True, ("bold", "Tag", "")),
        ("- **Tag**: z**: w", True, ("bold", "Tag", "z**: w")),
        ("- Link: https://y", False, None),
        ("- Link: https://y", True, ("plain", "Link", "https://y")),
        ("- Date:", True, ("plain", "Date", "")),
        ("- https://x", True, None),
        ("  - **Link**: x", False, None),
        ("**Application**: here", False, None),
    ],
)
def test_label_line(raw, guide, expected):
    assert sections.label_line(raw, guide) == expected


def test_write_label_is_read_back():
    rows = [
        sections.write_label("Link", "https://x"),
        sections.write_label("Quality Score", 90),
        sections.write_label("Note", "first\nsecond"),
    ]
    assert rows == ["- **Link**: https://x", "- **Quality Score**: 90", "- **Note**: first\n  second"]
    assert sections.write_label("Link", "y", plain=True) == "- Link: y"
    fields = sections.read_fields(_rows("\n".join(rows)), LABELS)
    assert fields.data == {"link": "https://x", "score": "90"}
    assert fields.extra == {"Note": "first\nsecond"}
    assert fields.lines == {"link": 1, "score": 2, "Note": 3}
    assert fields.rest == [] and fields.stop is None and fields.repeated is None


def test_read_fields_reads_known_and_unknown_labels_with_their_lines():
    text = "\n- **link**: a\n\n  more\n- **Tag**: t\n- Link: plain"
    fields = sections.read_fields(_rows(text, start=10), LABELS, guide=True)
    assert (fields.repeated, fields.stop) == ("Link", (15, "- Link: plain"))  # the guide's plain label
    fields = sections.read_fields(_rows(text, start=10), LABELS)
    assert fields.data == {"link": "a\nmore"}
    assert fields.extra == {"Tag": "t"}
    assert fields.lines == {"link": 11, "Tag": 14}
    assert fields.styles == {"bold"}
    assert fields.stop == (15, "- Link: plain")


def test_read_fields_stop_at_a_repeated_label_even_an_empty_one():
    fields = sections.read_fields(_rows("- **Link**: a\n- **LINK**: b\n- **Tag**: c"), LABELS)
    assert (fields.repeated, fields.stop) == ("LINK", (2, "- **LINK**: b"))
    assert fields.data == {"link": "a"}
    fields = sections.read_fields(_rows("- ** **: a\n- **  **: b"), LABELS)
    assert (fields.repeated, fields.stop) == ("", (2, "- **  **: b"))
    # a known field and an unknown label of the same name are two fields
    fields = sections.read_fields(_rows("- **score**: 1\n- **Quality Score**: 2"), LABELS)
    assert fields.repeated is None
    assert (fields.data, fields.extra) == ({"score": "2"}, {"score": "1"})


def test_read_fields_in_the_guides_dialect_keeps_the_styles():
    fields = sections.read_fields(_rows("- Link: a\n- **Quality Score**: 90"), LABELS, guide=True)
    assert fields.data == {"link": "a", "score": "90"}
    assert fields.styles == {"plain", "bold"}
    assert fields.stop is None


def test_read_fields_as_a_paragraph():
    text = "\n- **Link**: a\n  not continued\n"
    fields = sections.read_fields(_rows(text), LABELS, paragraph=True)
    assert fields.data == {"link": "a"}
    assert fields.rest == [(3, "  not continued"), (4, "")]
    fields = sections.read_fields(_rows("- **Link**: a\n\nSummary\n- **Tag**: t"), LABELS, paragraph=True)
    assert fields.rest == [(3, "Summary"), (4, "- **Tag**: t")]
    assert fields.extra == {}
    fields = sections.read_fields(_rows("Summary first"), LABELS, paragraph=True)
    assert (fields.data, fields.rest) == ({}, [(1, "Summary first")])


def test_read_fields_converts_known_values_in_line_order():
    seen = []

    def convert(name, lineno, value):
        seen.append((name, lineno, value))
        if value == "bad":
            raise VaultError(PATH, lineno, f"bad {name}")
        return value.upper()

    fields = sections.read_fields(
        _rows("- **Tag**: t\n- **Link**: a\n- **Quality Score**: s"), LABELS, convert=convert
    )
    assert seen == [("link", 2, "a"), ("score", 3, "s")]
    assert fields.data == {"link": "A", "score": "S"} and fields.extra == {"Tag": "t"}
    with pytest.raises(VaultError) as info:
        sections.read_fields(_rows("- **Link**: bad\n- **Link**: again"), LABELS, convert=convert)
    assert str(info.value) == f"{PATH}:1: bad link"
