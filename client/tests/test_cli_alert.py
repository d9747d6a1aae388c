"""`practice alert list|ack|resolve` and the MCP alert tools against a fake server (issue 31
item 5): what is sent, what is printed, and a refusal of the server as exit 3."""

import json

import anyio
import pytest
from cli_fake import run
from mcp import Client
from practice_client.mcp_server import build_server
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

ALERT = {
    "id": 7,
    "name": "200 res.partner.category deleted in 5 min",
    "kind": "burst",
    "severity": "high",
    "state": "new",
    "model": "res.partner.category",
    "summary": "200 res.partner.category records deleted between ...",
    "create_date": "2026-03-02 10:32:05",
    "profile": "Default",
    "deletes": 200,
    "threshold": 150,
    "window_start": "2026-03-02 10:28:00",
    "window_end": "2026-03-02 10:32:00",
    "diff_id": False,
    "before_snapshot_id": False,
    "after_snapshot_id": False,
    "session_ids": [],
    "acknowledged_by": False,
    "acknowledged_at": False,
    "resolved_by": False,
    "resolved_at": False,
    "resolution": "",
}
LOW = dict(ALERT, id=3, kind="diff", severity="low", model=False, name="Default: 1 metric(s) crossed")


class FakeServer:
    def __init__(self, refuse=None):
        self.calls = []
        self.refuse = refuse

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        assert model == "practice.watchdog.alert"
        if self.refuse:
            raise PracticeError(self.refuse, code=PracticeError.ACCESS_ERROR)
        if method == "list_alerts":
            return [ALERT, LOW]
        if method == "acknowledge":
            return dict(ALERT, state="acknowledged", acknowledged_by="ai_agent")
        return dict(ALERT, state="resolved", resolved_by="boss", resolution=kwargs["note"])


def test_alert_list_prints_a_table_of_open_alerts(monkeypatch):
    server = FakeServer()
    result = run(monkeypatch, server, "alert", "list")
    assert result.exit_code == 0, result.output
    assert server.calls == [
        ("practice.watchdog.alert", "list_alerts", (), {"state": "open", "severity": None, "limit": 50})
    ]
    lines = result.output.splitlines()
    assert lines[0] == "open alerts (2):"
    assert lines[1].split("\t") == ["id", "severity", "state", "kind", "model", "created", "name"]
    assert lines[2].split("\t") == [
        "7",
        "high",
        "new",
        "burst",
        "res.partner.category",
        "2026-03-02 10:32",
        "200 res.partner.category deleted in 5 min",
    ]
    assert lines[3].split("\t")[:5] == ["3", "low", "new", "diff", ""]


def test_alert_list_filters_and_json(monkeypatch):
    server = FakeServer()
    result = run(
        monkeypatch, server, "alert", "list", "--state", "all", "--severity", "high", "--limit", "5", "--json"
    )
    assert result.exit_code == 0, result.output
    assert server.calls[0][3] == {"state": "all", "severity": "high", "limit": 5}
    assert [a["id"] for a in json.loads(result.output)] == [7, 3]
    # the global flag works the same
    assert json.loads(run(monkeypatch, FakeServer(), "--json", "alert", "list").output)[0]["id"] == 7


def test_alert_list_empty_and_bad_state(monkeypatch):
    class Empty(FakeServer):
        def call(self, model, method, *args, **kwargs):
            self.calls.append((model, method, args, kwargs))
            return []

    result = run(monkeypatch, Empty(), "alert", "list", "--state", "resolved")
    assert result.exit_code == 0 and result.output == "no resolved alerts\n"
    server = FakeServer()
    result = run(monkeypatch, server, "alert", "list", "--state", "closed")
    assert result.exit_code == 2 and server.calls == []


def test_alert_ack_with_a_note(monkeypatch):
    server = FakeServer()
    result = run(monkeypatch, server, "alert", "ack", "7", "--note", "looking into it")
    assert result.exit_code == 0, result.output
    assert server.calls == [("practice.watchdog.alert", "acknowledge", (7,), {"note": "looking into it"})]
    assert result.output.startswith("alert 7 acknowledged by ai_agent: 200 res.partner.category deleted")
    assert "state: acknowledged" in result.output
    server = FakeServer()
    run(monkeypatch, server, "alert", "ack", "7")
    assert server.calls[0][3] == {"note": None}


def test_alert_resolve_needs_a_note(monkeypatch):
    server = FakeServer()
    result = run(monkeypatch, server, "alert", "resolve", "7")
    assert result.exit_code == 2 and "--note" in result.output and server.calls == []
    result = run(monkeypatch, server, "alert", "resolve", "7", "--note", "restored from backup", "--json")
    assert result.exit_code == 0, result.output
    assert server.calls == [("practice.watchdog.alert", "resolve", (7,), {"note": "restored from backup"})]
    answer = json.loads(result.output)
    assert (answer["state"], answer["resolution"]) == ("resolved", "restored from backup")


def test_a_refusal_is_one_line_and_exit_3(monkeypatch):
    message = "Only Practice / Manager users may resolve watchdog alerts (you are ai_agent)."
    result = run(monkeypatch, FakeServer(refuse=message), "alert", "resolve", "7", "--note", "x")
    assert result.exit_code == 3
    assert message in result.output and "Traceback" not in result.output


def test_mcp_alert_tools(monkeypatch):
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")

    async def scenario():
        async with Client(build_server(lambda: server, environ={})) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            listed = await client.call_tool("alert_list", {"severity": "high"})
            acked = await client.call_tool("alert_ack", {"alert_id": 7, "note": "on it"})
            resolved = await client.call_tool("alert_resolve", {"alert_id": 7, "note": "fixed"})
            return names, listed, acked, resolved

    names, listed, acked, resolved = anyio.run(scenario)
    assert {"alert_list", "alert_ack", "alert_resolve"} <= names
    assert [c[1:] for c in server.calls] == [
        ("list_alerts", (), {"state": "open", "severity": "high", "limit": 50}),
        ("acknowledge", (7,), {"note": "on it"}),
        ("resolve", (7,), {"note": "fixed"}),
    ]
    assert "res.partner.category" in " ".join(c.text for c in listed.content)
    assert acked.structured_content["state"] == "acknowledged"
    assert resolved.structured_content["resolution"] == "fixed"


def test_mcp_refusal_is_a_tool_error(monkeypatch):
    server = FakeServer(refuse="Only Practice / Manager users may resolve watchdog alerts.")

    async def scenario():
        async with Client(build_server(lambda: server, environ={})) as client:
            return await client.call_tool("alert_resolve", {"alert_id": 7, "note": "x"})

    answer = anyio.run(scenario)
    assert answer.is_error and "Manager" in answer.content[0].text
