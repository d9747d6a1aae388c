"""`practice cost` and the MCP tool `cost_report` without a server: the arguments they send to
``practice.session.usage.report`` and how the CLI prints its answer."""

import json

import anyio
import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module
from practice_client.mcp_server import build_server

pytestmark = pytest.mark.integration

REPORT = {
    "period": "today",
    "date_from": "2026-12-07",
    "date_to": "2026-12-07",
    "by": "model",
    "repo": "shop",
    "currency": "USD",
    "totals": {"cost": 10.0, "tokens": 4000000, "messages": 3, "sessions": 2},
    "rows": [
        {
            "key": "claude-opus-4-6",
            "label": "claude-opus-4-6",
            "cost": 9.0,
            "tokens": 3000000,
            "messages": 2,
            "sessions": 2,
            "share": 90,
        },
        {
            "key": "claude-haiku-4-5",
            "label": "claude-haiku-4-5",
            "cost": 1.0,
            "tokens": 1000000,
            "messages": 1,
            "sessions": 1,
            "share": 10,
        },
    ],
    "more": 0,
    "unpriced": 1,
    "budgets": [
        {
            "id": 4,
            "name": "Shop",
            "repo": "shop",
            "model": False,
            "responsible": "alice",
            "currency": "USD",
            "state": "warning",
            "daily": {
                "amount": 12.0,
                "spent": 10.0,
                "percent": 83,
                "state": "warning",
                "alerted": "warning",
                "from": "2026-12-07",
            },
            "monthly": False,
        }
    ],
}


class _FakeRPC:
    """Stands in for PracticeRPC in the CLI: records calls, answers the report."""

    calls = []

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        _FakeRPC.calls.append((model, method, args, kwargs))
        return dict(REPORT, period=kwargs.get("period"), by=kwargs.get("by"))


def _run(monkeypatch, *args):
    _FakeRPC.calls = []
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _FakeRPC)
    result = CliRunner().invoke(
        cli_module.cli, list(args), env={"PRACTICE_API_KEY": "k"}, catch_exceptions=False
    )
    return result, _FakeRPC.calls


def test_cost_defaults_to_today_by_model_in_every_repository(monkeypatch):
    result, calls = _run(monkeypatch, "cost")
    assert result.exit_code == 0, result.output
    assert calls == [
        (
            "practice.session.usage",
            "report",
            (),
            {"period": "today", "by": "model", "repo": None, "limit": 50},
        )
    ]
    lines = result.output.splitlines()
    assert lines[0] == "Cost today (2026-12-07), repository shop: 10.0000 USD, 4,000,000 tokens, 2 sessions"
    assert "claude-opus-4-6\t9.0000\t90 %\t3,000,000\t2\t2" in lines
    assert (
        "1 usage lines have no model price (counted at 0): add one under Practice > Configuration > Model Prices."
        in lines
    )
    assert "Shop\tshop\t10.00 / 12.00 (83 %)\t-\twarning" in lines


def test_cost_period_grouping_repo_and_limit_reach_the_server(monkeypatch):
    result, calls = _run(monkeypatch, "cost", "--month", "--by", "session", "--repo", "shop", "--limit", "5")
    assert result.exit_code == 0, result.output
    assert calls[0][3] == {"period": "month", "by": "session", "repo": "shop", "limit": 5}
    assert result.output.startswith("Cost this month (2026-12-07), repository shop:")
    assert "session\ttitle\tuser\tcost\tshare\ttokens\tmessages" in result.output.splitlines()
    _result, calls = _run(monkeypatch, "cost", "--week")
    assert calls[0][3]["period"] == "week"


def test_cost_json_is_the_server_answer(monkeypatch):
    result, _calls = _run(monkeypatch, "--json", "cost", "--by", "repo")
    assert result.exit_code == 0
    assert json.loads(result.output) == dict(REPORT, period="today", by="repo")


def test_cost_refuses_an_unknown_grouping(monkeypatch):
    result, calls = _run(monkeypatch, "cost", "--by", "user")
    assert result.exit_code == 2 and not calls


class _RecordingRPC:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        return REPORT


def test_mcp_cost_report_uses_the_servers_repository_unless_all_repos():
    from mcp import Client

    rpc = _RecordingRPC()

    async def scenario():
        async with Client(build_server(lambda: rpc, environ={"PRACTICE_REPO": "shop"})) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            answer = await client.call_tool("cost_report", {})
            await client.call_tool("cost_report", {"period": "week", "by": "session", "all_repos": True})
            return names, answer

    names, answer = anyio.run(scenario)
    assert "cost_report" in names
    assert answer.structured_content["totals"]["cost"] == 10.0
    assert [call[3] for call in rpc.calls] == [
        {"period": "today", "by": "model", "repo": "shop", "limit": 50},
        {"period": "week", "by": "session", "repo": None, "limit": 50},
    ]
