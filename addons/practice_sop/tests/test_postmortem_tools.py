# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the post-mortem format (``tools/postmortem.py``): what a run builds, the
vault file round trip (a property), and a hand-edited file kept byte for byte."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.practice_knowledge.tools.vault import files as vault_files
from odoo.addons.practice_knowledge.tools.vault_format import VaultError, VaultKind
from odoo.addons.practice_sop.tools import postmortem as pm

pytestmark = pytest.mark.domain

KIND = VaultKind(pm.KIND, "practice.postmortem", pm.PATTERN, pm.parse, pm.serialize, 80)
PROPERTY = settings(max_examples=150, deadline=None)


def run_info(**overrides):
    info = {
        "run_id": 12,
        "title": "Deploy failed, DB timeout",
        "date": "2026-12-08",
        "sop": "SOP-TRIAGE-001",
        "severity": "critical",
        "state": "completed",
        "sla": "met",
        "sla_minutes": 15,
        "duration": 9,
        "category": "DATABASE",
        "error_codes": ["DB_CONNECTION_LEAK", "DB_TIMEOUT"],
        "started_at": "2026-12-08 01:02",
        "due_at": "2026-12-08 01:17",
        "ended_at": "2026-12-08 01:11",
        "abort_reason": "",
        "steps": [
            {
                "sequence": 1,
                "title": "Classify",
                "state": "completed",
                "done_at": "2026-12-08 01:03",
                "who": "Practice AI",
                "result": "DB timeout,\nCRITICAL",
                "reason": "",
                "files": [],
            },
            {
                "sequence": 2,
                "title": "Gather evidence",
                "state": "completed",
                "done_at": "2026-12-08 01:05",
                "who": "Practice AI",
                "result": "logs",
                "reason": "",
                "files": ["deployment.log"],
            },
            {
                "sequence": 3,
                "title": "Test in staging",
                "state": "skipped",
                "done_at": "2026-12-08 01:06",
                "who": "Alice",
                "result": "",
                "reason": "no staging",
                "files": [],
            },
        ],
        "whys": [
            {"why": "Why did the deploy fail?", "because": "The DB timed out."},
            {"why": "Why did it time out?", "because": "The pool was exhausted."},
        ],
        "root_cause": "Cursors were never closed.",
        "resolution": "Close cursors in finally blocks.",
        "fix_steps": [],
        "measures": [
            {"summary": "Pool gauge", "owner": "alice", "due": "2026-12-15", "state": "planned"},
            {"summary": "CI check", "owner": "bob", "due": "2026-12-10", "state": "done"},
        ],
        "rule": {"id": 5, "title": "Release DB connections in finally blocks", "status": "proposed"},
        "links": ["Deploy task #7: Deploy v1.2"],
    }
    info.update(overrides)
    return info


# --------------------------------------------------------------------------- build


def test_build_holds_the_timeline_whys_fix_measures_and_links():
    data = pm.build(run_info())
    assert (data["run"], data["code"], data["date"], data["severity"]) == (
        12,
        "db-connection-leak",
        "2026-12-08",
        "critical",
    )
    assert data["timeline"].splitlines() == [
        "- 2026-12-08 01:02 UTC: run started (critical, SLA due 2026-12-08 01:17 UTC)",
        "- 2026-12-08 01:03 UTC: step 1 Classify completed by Practice AI: DB timeout, CRITICAL",
        "- 2026-12-08 01:05 UTC: step 2 Gather evidence completed by Practice AI: logs [evidence: deployment.log]",
        "- 2026-12-08 01:06 UTC: step 3 Test in staging skipped by Alice: no staging",
        "- 2026-12-08 01:11 UTC: run completed",
    ]
    assert data["whys"].splitlines() == [
        "1. Why did the deploy fail? → The DB timed out.",
        "2. Why did it time out? → The pool was exhausted.",
    ]
    assert (data["root_cause"], data["fix"]) == (
        "Cursors were never closed.",
        "Close cursors in finally blocks.",
    )
    assert data["actions"].splitlines() == [
        "- [ ] Pool gauge (owner: alice, due: 2026-12-15, state: planned)",
        "- [x] CI check (owner: bob, due: 2026-12-10, state: done)",
    ]
    assert data["links"].splitlines() == [
        "- SOP run #12 (SOP-TRIAGE-001)",
        "- Hard rule #5 (proposed): Release DB connections in finally blocks",
        "- Deploy task #7: Deploy v1.2",
    ]
    assert "SLA 15 min: met." in data["summary"]
    assert pm.path_for(data["date"], data["code"]) == "postmortems/2026-12-08-db-connection-leak.md"


def test_build_without_error_code_uses_the_sop_code_and_fix_steps():
    data = pm.build(
        run_info(error_codes=[], resolution="", fix_steps=["Fix: restarted the pool"], rule=None, links=[])
    )
    assert data["code"] == "sop-triage-001"
    assert data["fix"] == "Fix: restarted the pool"
    assert data["rule"] == 0 and data["links"] == "- SOP run #12 (SOP-TRIAGE-001)"


def test_build_of_an_aborted_run_and_refusal_of_a_running_one():
    data = pm.build(run_info(state="aborted", abort_reason="duplicate of run 11", sla="missed"))
    assert data["timeline"].splitlines()[-1] == "- 2026-12-08 01:11 UTC: run aborted: duplicate of run 11"
    assert "Aborted after 9 min." in data["summary"]
    with pytest.raises(pm.PostmortemError, match="completed or aborted"):
        pm.build(run_info(state="running"))


def test_free_text_headings_are_escaped_so_the_sections_survive():
    data = pm.build(run_info(root_cause="Leak.\n## Fix\n# note", resolution="## Links are fine"))
    text = pm.serialize("postmortems/2026-12-08-x.md", [data])
    (entry,) = pm.parse("postmortems/2026-12-08-x.md", text)
    assert entry.data == data
    assert entry.data["root_cause"] == "Leak.\n\\## Fix\n\\# note"


# --------------------------------------------------------------------------- parse errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "missing YAML front matter"),
        (
            "---\ntitle: x\ndate: 2026-12-08\nrun: 1\ncode: x\nseverity: high\nstate: completed\n---\n",
            "missing required section '## Timeline'",
        ),
        (
            "---\ntitle: x\ndate: 2026-12-09\nrun: 1\ncode: x\nseverity: high\nstate: completed\n---\n\n"
            "## Timeline\n\n- a\n",
            "does not match the file name",
        ),
        (
            "---\ntitle: x\ndate: 2026-12-08\nrun: 1\ncode: x\nseverity: urgent\nstate: completed\n---\n\n"
            "## Timeline\n\n- a\n",
            "unknown severity",
        ),
        (
            "---\ntitle: x\ndate: 2026-12-08\nrun: 0\ncode: x\nseverity: high\nstate: completed\n---\n\n"
            "## Timeline\n\n- a\n",
            "run must be the id",
        ),
        (
            "---\ntitle: x\ndate: 2026-12-08\nrun: 1\ncode: x\nseverity: high\nstate: completed\n---\n\n"
            "stray text\n## Timeline\n\n- a\n",
            "text outside a section",
        ),
    ],
)
def test_bad_files_are_vault_errors(text, message):
    with pytest.raises(VaultError, match=message):
        pm.parse("postmortems/2026-12-08-x.md", text)


# --------------------------------------------------------------------------- round trip

_CHARS = st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029")
_WORDS = st.text(_CHARS, min_size=1, max_size=40).map(str.strip).filter(bool)
_LINE = st.text(_CHARS, max_size=40).map(str.rstrip).filter(lambda line: not line.startswith("#"))
_SECTION = st.lists(_LINE, max_size=5).map(lambda lines: "\n".join(lines).strip())
_SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
_DAY = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
    datetime.date.isoformat
)


@st.composite
def postmortems(draw):
    data = {
        "title": draw(_WORDS),
        "date": draw(_DAY),
        "run": draw(st.integers(1, 2**31 - 1)),
        "code": draw(_SLUG),
        "sop": draw(st.one_of(st.just(""), _WORDS)),
        "severity": draw(st.sampled_from(pm.SEVERITIES)),
        "state": draw(st.sampled_from(pm.RUN_STATES)),
        "sla": draw(st.sampled_from(("",) + pm.SLA_STATES)),
        "duration": draw(st.integers(0, 10**6)),
        "category": draw(st.one_of(st.just(""), _WORDS)),
        "error_codes": draw(st.lists(_WORDS, max_size=3, unique=True)),
        "rule": draw(st.integers(0, 10**6)),
        "extra": draw(st.dictionaries(st.sampled_from(["ticket", "team"]), _WORDS, max_size=2)),
    }
    for name in pm.TEXT_FIELDS:
        data[name] = draw(_SECTION)
    if not data["timeline"]:
        data["timeline"] = "- " + draw(_WORDS)
    return data


@PROPERTY
@given(postmortems())
def test_parse_serialize_round_trip(data):
    path = pm.path_for(data["date"], data["code"])
    text = pm.serialize(path, [data])
    (entry,) = pm.parse(path, text)
    assert entry.data == data
    assert pm.serialize(path, [entry.data]) == text


@PROPERTY
@given(postmortems(), st.integers(1, 3), st.booleans())
def test_a_hand_edited_file_round_trips_byte_for_byte(data, blanks, keep_newline):
    """Extra blank lines, a missing final newline: the import keeps the file as written
    (``Entry.source``) and the export writes it back unchanged (pull → push → pull)."""
    path = pm.path_for(data["date"], data["code"])
    edited = pm.serialize(path, [data]).replace("\n\n## ", "\n" * (blanks + 2) + "## ")
    if not keep_newline:
        edited = edited.rstrip("\n")
    batch, errors = vault_files.parse_files([KIND], {path: edited})
    assert not errors
    (entry,) = batch[pm.KIND]
    assert entry.data == data
    assert vault_files.render_file(KIND, path, [entry.data], entry.source) == edited
