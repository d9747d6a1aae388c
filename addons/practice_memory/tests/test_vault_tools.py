# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the sessions/ and memory/MEMORY.md vault formats (no database)."""

from pathlib import Path

import pytest

from odoo.addons.practice_knowledge.tools import vault_format as vf
from odoo.addons.practice_memory.models.practice_memory import PracticeMemory
from odoo.addons.practice_memory.models.practice_session_log import OUTCOMES
from odoo.addons.practice_memory.models.practice_session_log_entry import ENTRY_KINDS
from odoo.addons.practice_memory.tools import vault_memory as vm

VAULT_DIR = Path(__file__).resolve().parents[3] / "knowledge"
SESSION_PATH = "sessions/2026-01-05-run-42.md"
SESSION = """---
session_id: run-42
title: 'Fix: thumbnails'
modules:
- fl_catalog
- sale_ext
model_name: llm-x
outcome: partial
started_at: 2026-01-05 09:00:00
ended_at: 2026-01-05 11:30:00
tokens: 184000
cost: 2.75
user: t_ai
ticket: OPS-12
---

## Summary

Regenerated in batches.

\\## Not a section: escaped

## Timeline

- 2026-01-05 09:20:00 **tried**: ORM loop over image_1920
  second line

    indented code, after a blank line
- 2026-01-05 10:05:00 **failed**: timed out after 10 minutes
- 2026-01-05 10:05:00 **worked**: batches of 500
"""
MEMORY = """# Memory

## Image writes time out

- **Key**: image-writes
- **Date**: 2026-01-06
- **First seen**: 2026-01-02
- **Seen**: 3
- **Status**: active
- **Promotion**: accepted
- **Modules**: fl_catalog
- **Owner**: ops

Commit in batches of 500.

Second paragraph.

## Image writes time out

- **Key**: image-writes-2
- **Date**: 2026-01-07
- **Seen**: 1
- **Status**: active

Same topic, another finding.

## Old advice

- **Key**: old-advice
- **Date**: 2026-01-01
- **Seen**: 2
- **Status**: superseded
- **Superseded by**: image-writes

- **Looks like a field**: but is the summary
"""


def _error(fn, path, text):
    with pytest.raises(vf.VaultError) as info:
        fn(path, text)
    return info.value


@pytest.mark.integrity
def test_session_round_trips_byte_for_byte():
    (entry,) = vm.parse_session(SESSION_PATH, SESSION)
    data = entry.data
    assert (entry.key, data["session_id"], data["outcome"], data["cost"]) == ("", "run-42", "partial", 2.75)
    assert data["modules"] == ["fl_catalog", "sale_ext"]
    assert data["extra"] == {"ticket": "OPS-12"}
    assert data["summary"] == "Regenerated in batches.\n\n## Not a section: escaped"
    assert [e["kind"] for e in data["entries"]] == ["tried", "failed", "worked"]
    assert (
        data["entries"][0]["text"]
        == "ORM loop over image_1920\nsecond line\n\n  indented code, after a blank line"
    )
    assert vm.serialize_session(SESSION_PATH, [data]) == SESSION


@pytest.mark.integrity
def test_memory_round_trips_and_keeps_unknown_labels():
    entries = vm.parse_memory(vm.MEMORY_PATH, MEMORY)
    assert [e.key for e in entries] == ["image-writes", "image-writes-2", "old-advice"]
    first, second, old = (e.data for e in entries)
    assert first["topic"] == second["topic"]
    assert (first["first_seen"], first["times_seen"], first["promotion"]) == ("2026-01-02", 3, "accepted")
    assert first["extra"] == {"Owner": "ops"}
    assert first["summary"] == "Commit in batches of 500.\n\nSecond paragraph."
    assert second["first_seen"] == "2026-01-07" and second["promotion"] == "none"
    assert old["superseded_by"] == "image-writes"
    assert old["summary"] == "- **Looks like a field**: but is the summary"
    assert entries[1].line_of("key") == 20
    assert vm.serialize_memory(vm.MEMORY_PATH, [e.data for e in reversed(entries)]) == MEMORY


@pytest.mark.integrity
def test_memory_expires_on_and_supersede_keys_round_trip():
    text = MEMORY.replace(
        "- **Key**: image-writes-2\n- **Date**: 2026-01-07\n- **Seen**: 1\n- **Status**: active\n",
        "- **Key**: image-writes-2\n- **Date**: 2026-01-07\n- **Seen**: 1\n- **Status**: active\n"
        "- **Modules**: practice_lock\n- **Expires on**: 2027-03-01\n",
    )
    assert text != MEMORY
    entries = vm.parse_memory(vm.MEMORY_PATH, text)
    first, second, old = (e.data for e in entries)
    assert (second["modules"], second["expires_on"]) == (["practice_lock"], "2027-03-01")
    assert first["expires_on"] == "" and "Expires on" not in first["extra"]
    assert (old["status"], old["superseded_by"]) == ("superseded", "image-writes")
    assert vm.serialize_memory(vm.MEMORY_PATH, [e.data for e in entries]) == text
    # a file without the new key is written without it
    assert (
        vm.serialize_memory(vm.MEMORY_PATH, [e.data for e in vm.parse_memory(vm.MEMORY_PATH, MEMORY)])
        == MEMORY
    )
    bad = text.replace("- **Expires on**: 2027-03-01", "- **Expires on**: soon")
    err = _error(vm.parse_memory, vm.MEMORY_PATH, bad)
    assert (err.line, "bad date for 'Expires on'" in err.message) == (
        text.split("\n").index("- **Expires on**: 2027-03-01") + 1,
        True,
    )


@pytest.mark.integrity
def test_non_canonical_input_is_normalized():
    messy = SESSION.replace("\n", "\r\n").replace(
        "started_at: 2026-01-05 09:00:00", "started_at: 2026-01-05T09:00Z"
    )
    messy = messy.replace("- fl_catalog\r\n- sale_ext", "- sale_ext\r\n- fl_catalog   ")
    (entry,) = vm.parse_session(SESSION_PATH, messy)
    assert entry.data["started_at"] == "2026-01-05 09:00:00"
    assert vm.serialize_session(SESSION_PATH, [entry.data]) == SESSION
    # memories in any order, with trailing spaces, come out in canonical order
    shuffled = MEMORY.split("\n## ")
    text = "# Memory\n\n## " + "\n## ".join([shuffled[3], shuffled[1] + "   ", shuffled[2]])
    entries = vm.parse_memory(vm.MEMORY_PATH, text)
    assert vm.serialize_memory(vm.MEMORY_PATH, [e.data for e in entries]) == MEMORY


@pytest.mark.integrity
def test_project_memory_and_sessions_are_canonical():
    files = {
        p.relative_to(VAULT_DIR).as_posix(): p.read_text(encoding="utf-8")
        for folder in ("memory", "sessions")
        for p in (VAULT_DIR / folder).glob("*.md")
    }
    sessions = [p for p in files if p.startswith("sessions/")]
    assert len(sessions) >= 2 and vm.MEMORY_PATH in files
    for path, text in files.items():
        if path == vm.MEMORY_PATH:
            entries = vm.parse_memory(path, text)
            assert 5 <= len(entries) <= 10
            assert vm.serialize_memory(path, [e.data for e in entries]) == text, path
        else:
            assert path.startswith("sessions/2026-11-21-")
            (entry,) = vm.parse_session(path, text)
            assert entry.data["entries"], path
            assert vm.serialize_session(path, [entry.data]) == text, path


@pytest.mark.domain
def test_vocabularies_match_the_models():
    assert vm.OUTCOMES == tuple(code for code, _label in OUTCOMES)
    assert vm.ENTRY_KINDS == tuple(code for code, _label in ENTRY_KINDS)
    status = dict(PracticeMemory.status.selection)
    promotion = dict(PracticeMemory.promotion_state.selection)
    assert set(vm.MEMORY_STATUSES) == set(status) and set(vm.PROMOTIONS) == set(promotion)


@pytest.mark.domain
def test_keys_and_paths():
    assert vm.memory_key("Image writes: time out!") == "image-writes-time-out"
    assert vm.memory_key("Image writes: time out", {"image-writes-time-out"}) == "image-writes-time-out-2"
    assert vm.memory_key("???") == "memory"
    assert vm.session_path("2026-01-05", "Run 42/abc") == "sessions/2026-01-05-run-42-abc.md"
    assert vm.session_path("2026-01-05", "Run 42/abc") is not None
    assert vm.MEMORY_KEY_RE.match(vm.memory_key("x" * 200))


SESSION_ERRORS = [
    ("sessions/run-42.md", SESSION, 1, "sessions/YYYY-MM-DD-<session-id>.md"),
    ("sessions/2026-01-06-run-42.md", SESSION, 9, "not on the file name's date 2026-01-06"),
    (SESSION_PATH, SESSION.replace("title: 'Fix: thumbnails'", "title: [oops"), 4, "bad YAML"),
    (SESSION_PATH, SESSION.replace("---\nsession_id", "session_id", 1), 1, "missing YAML front matter"),
    (SESSION_PATH, SESSION.replace("outcome: partial", "outcome: great"), 8, "unknown outcome 'great'"),
    (
        SESSION_PATH,
        SESSION.replace("ended_at: 2026-01-05 11:30:00", "ended_at: yesterday"),
        10,
        "bad date-time",
    ),
    (SESSION_PATH, SESSION.replace("11:30:00", "08:30:00"), 10, "'ended_at' is before 'started_at'"),
    (SESSION_PATH, SESSION.replace("09:00:00\nended", "25:00:00\nended"), 9, "bad date-time"),
    (SESSION_PATH, SESSION.replace("cost: 2.75", "cost: lots"), 12, "'cost' must be a number"),
    (SESSION_PATH, SESSION.replace("tokens: 184000", "tokens: -1"), 11, "'tokens' cannot be negative"),
    (SESSION_PATH, SESSION.replace("session_id: run-42\n", ""), 1, "missing required field 'session_id'"),
    (SESSION_PATH, SESSION.replace("**failed**", "**crashed**"), 29, "unknown entry kind 'crashed'"),
    (
        SESSION_PATH,
        SESSION.replace("10:05:00 **worked**", "09:05:00 **worked**"),
        30,
        "timeline out of order",
    ),
    (
        SESSION_PATH,
        SESSION.replace("- 2026-01-05 10:05:00 **failed**", "* 2026-01-05 10:05:00 **failed**"),
        29,
        "timeline item",
    ),
    (SESSION_PATH, SESSION.replace("## Summary\n", "Intro\n\n## Summary\n"), 17, "text outside a section"),
]


@pytest.mark.rules
@pytest.mark.parametrize("path,text,line,message", SESSION_ERRORS)
def test_session_errors_name_path_and_line(path, text, line, message):
    err = _error(vm.parse_session, path, text)
    assert (err.path, err.line) == (path, line), err
    assert message in err.message


MEMORY_ERRORS = [
    (
        MEMORY.replace("- **Key**: image-writes-2", "- **Key**: image-writes"),
        20,
        "duplicate memory key 'image-writes'",
    ),
    (MEMORY.replace("- **Key**: image-writes-2\n", ""), 18, "missing '- **Key**:' line"),
    (MEMORY.replace("- **Key**: image-writes-2", "- **Key**: Image Writes"), 20, "bad memory key"),
    (MEMORY.replace("- **Date**: 2026-01-07", "- **Date**: 07/01/2026"), 21, "bad date for 'Date'"),
    (MEMORY.replace("- **Seen**: 3", "- **Seen**: 0"), 8, "'Seen' must be a whole number"),
    (MEMORY.replace("- **Status**: superseded", "- **Status**: gone"), 32, "unknown status 'gone'"),
    (MEMORY.replace("- **Superseded by**: image-writes\n", ""), 32, "say by which"),
    (
        MEMORY.replace("- **First seen**: 2026-01-02", "- **First seen**: 2026-02-02"),
        7,
        "'First seen' is after",
    ),
    (MEMORY.replace("- **Seen**: 3\n", "- **Seen**: 3\n- **Seen**: 4\n"), 9, "'Seen' appears twice"),
    (MEMORY.replace("Same topic, another finding.", ""), 18, "missing its summary"),
    (MEMORY.replace("# Memory\n", "# Memory\nstray text\n"), 2, "text before the first"),
    ("", 1, "empty file"),
]


@pytest.mark.rules
@pytest.mark.parametrize("text,line,message", MEMORY_ERRORS)
def test_memory_errors_name_path_and_line(text, line, message):
    err = _error(vm.parse_memory, vm.MEMORY_PATH, text)
    assert (err.path, err.line) == (vm.MEMORY_PATH, line), err
    assert message in err.message
