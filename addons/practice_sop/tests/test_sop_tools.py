# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the SLA arithmetic, the step/run state machine and the code formats."""

from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_sop.tools import codes, evidence, machine, sla, whys
from odoo.addons.practice_sop.tools.lesson import MAX_TITLE, rule_title

pytestmark = pytest.mark.domain

START = datetime(2025, 11, 1, 10, 45, 0)


def test_default_targets_follow_the_issue():
    assert sla.DEFAULT_MINUTES == {"critical": 15, "high": 60, "medium": 1440, "low": 10080}


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ({"critical": "30"}, 30),
        ({"critical": 5}, 5),
        ({"critical": "0"}, 15),
        ({"critical": "x"}, 15),
        ({"critical": True}, 15),
        ({"critical": -4}, 15),
        ({}, 15),
        (None, 15),
        ({"critical": 10**9}, 15),
    ],
)
def test_target_minutes_uses_a_sane_setting_else_the_default(configured, expected):
    assert sla.target_minutes("critical", configured) == expected


def test_unknown_severity_is_refused():
    with pytest.raises(sla.SlaInputError, match="severity must be one of"):
        sla.target_minutes("urgent")


def test_due_time_and_verdicts_with_an_explicit_clock():
    due = sla.due_at(START, 15)
    assert due == datetime(2025, 11, 1, 11, 0, 0)
    # closed runs: met up to and including the due time
    assert sla.status(due, ended_at=due) == "met"
    assert sla.status(due, ended_at=due + timedelta(seconds=1)) == "missed"
    # open runs judged at `now`
    assert sla.status(due, now=START + timedelta(minutes=14)) == "running"
    assert sla.status(due, now=due + timedelta(minutes=1)) == "missed"
    with pytest.raises(sla.SlaInputError, match="now is required"):
        sla.status(due)


@pytest.mark.parametrize("bad", [0, -5, 1.5, "15", True, None])
def test_due_at_refuses_bad_minutes(bad):
    with pytest.raises(sla.SlaInputError, match="minutes"):
        sla.due_at(START, bad)


def test_duration_rounds_to_whole_minutes():
    assert sla.duration_minutes(START, START + timedelta(minutes=15)) == 15
    assert sla.duration_minutes(START, START + timedelta(seconds=89)) == 1
    assert sla.duration_minutes(START, START + timedelta(seconds=90)) == 2
    assert sla.duration_minutes(START, None) == 0


def test_badges_and_met_rate():
    due = sla.due_at(START, 60)
    assert sla.badge("met") == "success"
    assert sla.badge("missed") == "danger"
    assert sla.badge("running", due, START + timedelta(minutes=10), minutes=60) == "info"
    assert sla.badge("running", due, START + timedelta(minutes=50), minutes=60) == "warning"
    assert sla.met_rate(["met", "missed", "running", "met", "met"]) == 75.0
    assert sla.met_rate(["running"]) is None


def test_step_machine_table_and_order():
    assert machine.check_step("running", 1, "pending", "in_progress", []) == ("", "")
    assert machine.check_step("running", 2, "in_progress", "completed", ["completed"], result=" ok ") == (
        "ok",
        "",
    )
    assert machine.check_step("running", 3, "pending", "skipped", ["completed", "skipped"], reason="n/a") == (
        "",
        "n/a",
    )
    for final in machine.STEP_DONE:
        for target in machine.STEP_STATES:
            with pytest.raises(machine.TransitionError, match=f"cannot go from {final}"):
                machine.check_step("running", 1, final, target, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("running", 2, "pending", "completed", ["pending"]), "done in order"),
        (("running", 2, "pending", "completed", ["in_progress"]), "done in order"),
        (("running", 1, "pending", "skipped", []), "skipping needs a reason"),
        (("running", 1, "pending", "skipped", [], "   "), "skipping needs a reason"),
        (("draft", 1, "pending", "completed", []), "only while it is running"),
        (("completed", 1, "pending", "completed", []), "only while it is running"),
        (("running", 1, "pending", "done", []), "state must be one of"),
        (("running", 1, "pending", "pending", []), "cannot go from pending to pending"),
        (("running", 1, "pending", "completed", [], "", 42), "result must be text"),
        (("running", 1, "pending", "skipped", [], "x" * (machine.MAX_REASON + 1)), "must be at most"),
    ],
)
def test_step_refusals(args, message):
    with pytest.raises(machine.TransitionError, match=message):
        machine.check_step(*args)


def test_run_machine():
    assert machine.check_run("draft", "running", []) == ""
    assert machine.check_run("running", "completed", [(1, "completed"), (2, "skipped")]) == ""
    assert machine.check_run("running", "aborted", [(1, "pending")], "false alarm") == "false alarm"
    assert machine.check_run("draft", "aborted", [], "duplicate") == "duplicate"
    with pytest.raises(machine.TransitionError, match=r"open: 2, 3"):
        machine.check_run("running", "completed", [(1, "completed"), (2, "in_progress"), (3, "pending")])
    with pytest.raises(machine.TransitionError, match="needs a reason"):
        machine.check_run("running", "aborted", [])
    with pytest.raises(machine.TransitionError, match="a completed run cannot become aborted"):
        machine.check_run("completed", "aborted", [], "late")
    with pytest.raises(machine.TransitionError, match="a draft run cannot become completed"):
        machine.check_run("draft", "completed", [])
    with pytest.raises(machine.TransitionError, match="state must be one of"):
        machine.check_run("running", "done", [])


@pytest.mark.parametrize("good", ["DB_CONNECTION_LEAK", "E500", "HTTP_502_GATEWAY", " ORM_IMAGE_BYTES "])
def test_error_code_format_accepts(good):
    assert codes.error_code(good) == good.strip()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("db_connection_leak", "did you mean DB_CONNECTION_LEAK"),
        ("DB-CONNECTION-LEAK", "did you mean DB_CONNECTION_LEAK"),
        ("DB__LEAK", "uppercase snake case"),
        ("_LEAK", "uppercase snake case"),
        ("LEAK_", "uppercase snake case"),
        ("1LEAK", "uppercase snake case"),
        ("", "non-empty"),
        (None, "non-empty"),
        (42, "non-empty"),
        ("A" * 65, "limited to 64"),
    ],
)
def test_error_code_format_refuses(bad, message):
    with pytest.raises(codes.CodeError, match=message):
        codes.error_code(bad)


def test_sop_code_format():
    assert codes.sop_code("SOP-TRIAGE-001") == "SOP-TRIAGE-001"
    for bad in ("sop-triage-001", "SOP_TRIAGE", "SOP--X", "", None):
        with pytest.raises(codes.CodeError):
            codes.sop_code(bad)


@pytest.mark.parametrize(
    ("lesson", "title"),
    [
        ("Always close cursors in finally", "Always close cursors in finally"),
        (
            "- We should release DB connections in finally blocks.\nmore",
            "Release DB connections in finally blocks",
        ),
        (
            "\n\n**Lesson:** release DB connections in finally blocks",
            "Release DB connections in finally blocks",
        ),
        ("1. You must pin the base image", "Pin the base image"),
        ("", "fallback name"),
        ("- .", "fallback name"),
    ],
)
def test_rule_title_is_the_lessons_first_line_as_an_imperative(lesson, title):
    assert rule_title(lesson, fallback="fallback  name") == title


def test_rule_title_is_bounded_at_a_word():
    title = rule_title("word " * 100)
    assert len(title) <= MAX_TITLE and title.endswith("…") and "\n" not in title


def test_whys_round_trip_and_render():
    pairs = whys.parse([{"why": "Why did it fail?", "because": "pool\n exhausted"}, ("leak", "no finally")])
    assert pairs == [
        {"why": "Why did it fail?", "because": "pool exhausted"},
        {"why": "leak", "because": "no finally"},
    ]
    assert whys.loads(whys.dumps(pairs)) == pairs
    assert whys.dumps([]) is False and whys.loads("") == [] and whys.parse(None) == []
    assert whys.markdown(pairs, "no finally blocks") == (
        "1. Why did it fail? Because pool exhausted\n2. Why leak? Because no finally\n\nRoot cause: no finally blocks"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"why": "a"}, "must be a list"),
        ([{"why": " ", "because": "b"}], "why must be non-empty"),
        ([{"why": "a", "because": "b" * 1001}], "at most 1000"),
        ([1], "pair"),
    ],
)
def test_whys_refuse_malformed_input(value, message):
    with pytest.raises(whys.WhysError, match=message):
        whys.parse(value)
    with pytest.raises(whys.WhysError, match="not valid JSON"):
        whys.loads("[{")


def test_evidence_files_are_checked_by_extension_and_content():
    assert evidence.check_file("C:\\logs\\app.LOG", b"line\n") == ("app.LOG", "text/plain")
    assert evidence.check_file("a.png", b"\x89PNG\r\n\x1a\nrest") == ("a.png", "image/png")
    assert evidence.check_file("r.pdf", b"%PDF-1.7") == ("r.pdf", "application/pdf")
    for name, data, message in [
        ("a.sh", b"echo", "are not evidence"),
        ("noext", b"x", "are not evidence"),
        (".env", b"x", "not a plain file name"),
        ("a.jpg", b"\x89PNG", "is not a .jpg file"),
        ("a.log", b"a\x00b", "NUL"),
        ("a.log", b"x" * 11, "more than 10 bytes"),
    ]:
        with pytest.raises(evidence.EvidenceError, match=message):
            evidence.check_file(name, data, max_bytes=10)
