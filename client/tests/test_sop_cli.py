"""`practice sop …` and the MCP sop tools against a fake server (issue 28 item 5): `sop show`
prints each step's instructions, a run's category is named at start and listed from the
catalog. The server is a fake recording the calls."""

import anyio
import pytest
from cli_fake import run
from mcp import Client
from practice_client.mcp_server import build_server

pytestmark = pytest.mark.integration

STEPS = [
    {
        "sequence": 1,
        "title": "Classify the error and its severity",
        "state": "completed",
        "result": "CRITICAL",
        "reason": "",
        "evidence_expected": False,
        "instructions": "Categorize the error by type.\nRead the deploy log.",
        "expected_result": "Error classified",
    },
    {
        "sequence": 3,
        "title": "Root cause",
        "state": "pending",
        "result": "",
        "reason": "",
        "evidence_expected": False,
        "instructions": "Identify the underlying cause with the 5 whys.",
        "expected_result": "",
    },
]
RUN = {
    "id": 7,
    "title": "Deploy failed: DB timeout",
    "sop": "SOP-TRIAGE-001",
    "sop_version": 1,
    "repo": "shop",
    "state": "running",
    "severity": "critical",
    "category": "DATABASE",
    "due_at": False,
    "error_codes": [],
    "rule_id": False,
    "steps": STEPS,
}
CATEGORIES = [
    {"code": "DATABASE", "name": "Database", "description": "Connections, locks"},
    {"code": "DEPLOY", "name": "Deploy", "description": "A release that failed"},
]


class FakeServer:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if (model, method) == ("practice.sop.category", "list_categories"):
            return CATEGORIES
        assert model == "practice.sop.run"
        return RUN


def test_sop_show_prints_each_steps_instructions(monkeypatch):
    server = FakeServer()
    result = run(monkeypatch, server, "sop", "show", "7")
    assert result.exit_code == 0, result.output
    assert server.calls == [("practice.sop.run", "get_run", (7,), {})]
    out = result.output
    assert "critical, DATABASE" in out
    assert (
        "step 1: Classify the error and its severity\n  Categorize the error by type.\n  Read the deploy log.\n"
        in out
    )
    assert "  expected: Error classified" in out
    assert "step 3: Root cause\n  Identify the underlying cause with the 5 whys." in out


def test_sop_start_names_a_category(monkeypatch):
    server = FakeServer()
    result = run(
        monkeypatch, server, "sop", "start", "SOP-TRIAGE-001", "DB timeout", "--category", "DATABASE"
    )
    assert result.exit_code == 0, result.output
    ((_model, method, args, kwargs),) = server.calls
    assert (method, args, kwargs["category"]) == ("start", ("SOP-TRIAGE-001", "DB timeout"), "DATABASE")
    # without --category the argument is not sent (an older server still answers)
    server = FakeServer()
    run(monkeypatch, server, "sop", "start", "SOP-TRIAGE-001", "DB timeout")
    assert "category" not in server.calls[0][3]


def test_sop_categories_lists_the_catalog(monkeypatch):
    server = FakeServer()
    result = run(monkeypatch, server, "sop", "categories")
    assert result.exit_code == 0, result.output
    assert "DATABASE" in result.output and "A release that failed" in result.output


def test_mcp_show_has_instructions_and_start_takes_a_category(monkeypatch):
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            shown = await client.call_tool("sop_show", {"run_id": 7})
            await client.call_tool(
                "sop_start", {"sop_code": "SOP-TRIAGE-001", "title": "t", "category": "DATA"}
            )
            listed = await client.call_tool("sop_categories", {})
            return shown, listed

    shown, listed = anyio.run(scenario)
    assert shown.structured_content["steps"][1]["instructions"].startswith("Identify the underlying cause")
    assert server.calls[1][1] == "start" and server.calls[1][3]["category"] == "DATA"
    assert "DEPLOY" in " ".join(c.text for c in listed.content)


def test_sop_step_sends_the_five_whys_in_order(monkeypatch):
    server = FakeServer()
    args = [
        "sop",
        "step",
        "7",
        "3",
        "completed",
        "--why",
        "Why did the deploy fail?",
        "--because",
        "DB timeout",
    ]
    args += ["--why", "Why the timeout?", "--because", "pool exhausted", "--root-cause", "leaked connections"]
    result = run(monkeypatch, server, *args)
    assert result.exit_code == 0, result.output
    ((_model, method, call_args, kwargs),) = server.calls
    assert (method, call_args) == ("step", (7, 3, "completed"))
    assert kwargs["whys"] == [
        {"why": "Why did the deploy fail?", "because": "DB timeout"},
        {"why": "Why the timeout?", "because": "pool exhausted"},
    ]
    assert kwargs["root_cause"] == "leaked connections"
    # a why without its because is a usage error, nothing sent
    server = FakeServer()
    result = run(monkeypatch, server, "sop", "step", "7", "3", "completed", "--why", "a")
    assert result.exit_code == 2 and "needs its --because" in result.output
    assert server.calls == []
    # a plain step sends no whys
    run(monkeypatch, server, "sop", "step", "7", "1", "completed", "--result", "ok")
    assert "whys" not in server.calls[0][3] and "root_cause" not in server.calls[0][3]


def test_sop_show_prints_the_whys(monkeypatch):
    server = FakeServer()
    monkeypatch.setitem(RUN, "five_whys", [{"why": "Why did it fail?", "because": "pool exhausted"}])
    monkeypatch.setitem(RUN, "root_cause", "leaked connections")
    result = run(monkeypatch, server, "sop", "show", "7")
    assert "why 1: Why did it fail? -> because pool exhausted" in result.output
    assert "root cause: leaked connections" in result.output


def test_mcp_step_passes_the_whys(monkeypatch):
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")
    whys = [{"why": "Why?", "because": "Because."}]

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            await client.call_tool(
                "sop_step",
                {"run_id": 7, "sequence": 3, "state": "completed", "whys": whys, "root_cause": "leak"},
            )

    anyio.run(scenario)
    ((_model, method, args, kwargs),) = server.calls
    assert (method, args, kwargs["whys"], kwargs["root_cause"]) == ("step", (7, 3, "completed"), whys, "leak")


def test_sop_step_attaches_files_as_base64(monkeypatch, tmp_path):
    log = tmp_path / "deployment.log"
    log.write_bytes(b"ERROR db timeout\n")
    server = FakeServer()
    result = run(monkeypatch, server, "sop", "step", "7", "2", "completed", "--attach", str(log))
    assert result.exit_code == 0, result.output
    assert server.calls[0][3]["files"] == [{"name": "deployment.log", "data": "RVJST1IgZGIgdGltZW91dAo="}]
    # a file over the bound is a usage error, nothing sent
    monkeypatch.setattr("practice_client.sop_evidence.MAX_EVIDENCE_BYTES", 4)
    server = FakeServer()
    result = run(monkeypatch, server, "sop", "step", "7", "2", "completed", "--attach", str(log))
    assert result.exit_code == 2 and "more than 4 bytes" in result.output
    assert server.calls == []


def test_mcp_step_attaches_files(monkeypatch, tmp_path):
    shot = tmp_path / "pool.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n")
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            ok = await client.call_tool(
                "sop_step", {"run_id": 7, "sequence": 2, "state": "completed", "attach": [str(shot)]}
            )
            missing = await client.call_tool(
                "sop_step",
                {"run_id": 7, "sequence": 2, "state": "completed", "attach": [str(tmp_path / "nope.log")]},
            )
            return ok, missing

    ok, missing = anyio.run(scenario)
    assert server.calls[0][3]["files"][0]["name"] == "pool.png"
    assert missing.is_error and "no such file" in missing.content[0].text
    assert len(server.calls) == 1


MEASURE = {
    "id": 4,
    "run_id": 7,
    "summary": "CI check",
    "owner": "alice",
    "due": "2030-01-15",
    "state": "planned",
}


def test_sop_measure_plans_a_tracked_action_and_show_lists_it(monkeypatch):
    server = FakeServer()
    monkeypatch.setitem(RUN, "measures", [MEASURE])
    result = run(
        monkeypatch, server, "sop", "measure", "7", "CI check", "--owner", "alice", "--due", "2030-01-15"
    )
    assert result.exit_code == 0, result.output
    assert server.calls == [
        ("practice.sop.run", "add_measure", (7, "CI check"), {"owner": "alice", "due": "2030-01-15"})
    ]
    assert "measure 4 (planned, alice due 2030-01-15): CI check" in result.output


def test_mcp_add_measure(monkeypatch):
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            await client.call_tool("sop_add_measure", {"run_id": 7, "summary": "CI check", "owner": "alice"})

    anyio.run(scenario)
    assert server.calls == [
        ("practice.sop.run", "add_measure", (7, "CI check"), {"owner": "alice", "due": None})
    ]
