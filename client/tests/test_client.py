"""The practice client without a server: configuration, errors, vault files, MCP tool list."""

import asyncio
import xmlrpc.client

import pytest
from practice_client import env_settings
from practice_client.mcp_server import build_server
from practice_client.rpc import PracticeError, PracticeRPC, Settings, fault_message
from practice_client.vault import read_vault, write_vault


@pytest.mark.rules
def test_settings_from_env_and_overrides():
    settings = Settings.from_env(
        {"PRACTICE_URL": "http://h:1", "PRACTICE_DB": "d", "PRACTICE_API_KEY": "k"}, login="bob"
    )
    assert (settings.url, settings.db, settings.login, settings.secret) == ("http://h:1", "d", "bob", "k")
    assert "k" not in repr(settings), "the secret must never show in reprs or logs"


@pytest.mark.rules
@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"PRACTICE_URL": "http://h:1", "PRACTICE_DB": "d", "PRACTICE_LOGIN": "agent"},
        {"PRACTICE_API_KEY": "key", "PRACTICE_PASSWORD": "pw"},
        {"PRACTICE_PASSWORD": "pw"},
    ],
)
def test_lean_hook_reads_the_environment_as_the_full_client(environ):
    """The PreToolUse lean entry (no XML-RPC import) and the full client connect to the same
    server as the same user with the same secret."""
    full, lean = Settings.from_env(environ), env_settings.Lean(environ)
    assert (lean.url, lean.db, lean.login, lean.secret) == (full.url, full.db, full.login, full.secret)
    if full.secret:
        assert full.secret not in repr(lean)


@pytest.mark.rules
def test_missing_secret_is_a_clear_error():
    with pytest.raises(PracticeError, match="PRACTICE_API_KEY"):
        PracticeRPC(Settings.from_env({}))


@pytest.mark.rules
def test_fault_message_keeps_the_last_line():
    fault = xmlrpc.client.Fault(
        1, "Traceback (most recent call last):\n  File x\nodoo.exceptions.UserError: Bad\n"
    )
    assert fault_message(fault) == "odoo.exceptions.UserError: Bad"


@pytest.mark.integration
def test_unreachable_server_is_a_clear_error():
    rpc = PracticeRPC(Settings(url="http://127.0.0.1:9", secret="x"))
    with pytest.raises(PracticeError, match="Cannot reach"):
        rpc.call("res.partner", "search", [])


@pytest.mark.integrity
def test_vault_read_write_round_trip(tmp_path):
    src = tmp_path / "src"
    (src / "adr").mkdir(parents=True)
    (src / "adr" / "0001-x.md").write_text("---\nnumber: 1\n---\nbody\n")
    (src / ".git").mkdir()
    (src / ".git" / "ignored.md").write_text("no")
    (src / "notes.txt").write_text("not markdown")
    files = read_vault(src)
    assert files == {"adr/0001-x.md": "---\nnumber: 1\n---\nbody\n"}
    dst = tmp_path / "dst"
    assert write_vault(dst, files) == ["adr/0001-x.md"]
    assert write_vault(dst, files) == [], "unchanged files are not rewritten"
    assert read_vault(dst) == files


@pytest.mark.security
def test_vault_write_refuses_escaping_paths(tmp_path):
    with pytest.raises(ValueError, match="outside the vault"):
        write_vault(tmp_path / "v", {"../evil.md": "x"})
    assert not (tmp_path / "evil.md").exists()


@pytest.mark.integration
def test_mcp_server_exposes_the_contract_tools():
    tools = asyncio.run(build_server(lambda: None).list_tools())
    names = {tool.name for tool in tools}
    assert {
        "context_bundle",
        "lock_acquire",
        "lock_release",
        "lock_verify",
        "snapshot_take",
        "snapshot_compare",
        "session_start",
        "memory_remember",
    } <= names


class _RecordingRPC:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        return {"granted": True, "token": 7, "model": model, "method": method}


@pytest.mark.integration
def test_mcp_tool_maps_to_rpc_contract_in_process():
    import anyio
    from mcp import Client

    rpc = _RecordingRPC()

    async def scenario():
        async with Client(build_server(lambda: rpc, environ={})) as client:
            return await client.call_tool(
                "lock_acquire", {"module": "sale_ext", "session_id": "s1", "reason": "why"}
            )

    result = anyio.run(scenario)
    assert result.structured_content["token"] == 7
    assert rpc.calls == [
        # no ttl given: none is sent, the server's default lease applies (issue 16 item 2)
        ("practice.lock", "acquire", ("sale_ext", "s1"), {"reason": "why", "repo": None})
    ]


@pytest.mark.integration
def test_mcp_tools_use_practice_repo_unless_given_one():
    import anyio
    from mcp import Client

    rpc = _RecordingRPC()

    async def scenario():
        async with Client(build_server(lambda: rpc, environ={"PRACTICE_REPO": "shop"})) as client:
            await client.call_tool("lock_acquire", {"module": "sale_ext", "session_id": "s1"})
            await client.call_tool(
                "lock_acquire", {"module": "sale_ext", "session_id": "s1", "repo": "other"}
            )

    anyio.run(scenario)
    assert [call[3]["repo"] for call in rpc.calls] == ["shop", "other"]


class _FakeRPC:
    """Stands in for PracticeRPC in the CLI: records calls, answers like the server."""

    calls = []

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        _FakeRPC.calls.append((model, method, args, kwargs))
        if method == "get":
            return {"kind": args[0], "id": 3, "title": "T", "markdown": "# T\n\nWhole text.\n", "data": {}}
        if method == "bundle":
            return {"markdown": "# Practice context\n", "truncated": False, "bytes": 19, "sections": {}}
        return {"id": 1, "created": True}


def _run_cli(monkeypatch, *args):
    from click.testing import CliRunner
    from practice_client import cli as cli_module

    _FakeRPC.calls = []
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _FakeRPC)
    env = {"PRACTICE_API_KEY": "k"}
    result = CliRunner().invoke(cli_module.cli, list(args), env=env, catch_exceptions=False)
    return result, _FakeRPC.calls


@pytest.mark.integration
def test_cli_context_passes_the_task_through(monkeypatch):
    result, calls = _run_cli(monkeypatch, "context", "-m", "sale_ext", "--task", "Regenerate thumbnails")
    assert result.exit_code == 0 and result.output == "# Practice context\n"
    ((model, method, args, kwargs),) = calls
    assert (model, method, args) == ("practice.context", "bundle", ())
    assert kwargs["task"] == "Regenerate thumbnails" and kwargs["modules"] == ["sale_ext"]
    _result, calls = _run_cli(monkeypatch, "context")
    assert "task" not in calls[0][3], "no task: the server uses the session title"


@pytest.mark.integration
def test_cli_show_prints_one_item_whole(monkeypatch):
    result, calls = _run_cli(monkeypatch, "show", "rule", "12")
    assert result.exit_code == 0
    assert result.output == "# T\n\nWhole text.\n"
    assert calls == [("practice.context", "get", ("rule", "12"), {"repo": None})]
    as_json, _calls = _run_cli(monkeypatch, "--json", "show", "runbook", "14", "--repo", "r")
    assert '"kind": "runbook"' in as_json.output
    refused = _run_cli(monkeypatch, "show", "nonsense", "1")[0]
    assert refused.exit_code == 2 and "nonsense" in refused.output


@pytest.mark.integration
def test_cli_memory_remember_passes_modules(monkeypatch):
    result, calls = _run_cli(
        monkeypatch,
        "memory",
        "remember",
        "topic",
        "summary",
        "-m",
        "practice_lock",
        "-m",
        "practice_base",
        "--supersedes",
        "old-key",
        "--expires-on",
        "2027-01-31",
    )
    assert result.exit_code == 0
    assert calls == [
        (
            "practice.memory",
            "remember",
            ("topic", "summary"),
            {
                "session_id": None,
                "modules": ["practice_lock", "practice_base"],
                "supersedes": "old-key",
                "expires_on": "2027-01-31",
            },
        )
    ]


@pytest.mark.integration
def test_mcp_tools_pass_task_modules_and_get_through():
    import anyio
    from mcp import Client

    rpc = _RecordingRPC()

    async def scenario():
        async with Client(build_server(lambda: rpc, environ={})) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            await client.call_tool("context_bundle", {"modules": ["m1"], "task": "fix the thumbnails"})
            await client.call_tool("practice_get", {"kind": "adr", "ref": "7"})
            await client.call_tool(
                "memory_remember", {"topic": "t", "summary": "s", "modules": ["practice_lock"]}
            )
            return names

    names = anyio.run(scenario)
    assert "practice_get" in names
    assert rpc.calls == [
        (
            "practice.context",
            "bundle",
            (),
            {
                "session_id": None,
                "modules": ["m1"],
                "max_bytes": 25000,
                "repo": None,
                "task": "fix the thumbnails",
            },
        ),
        ("practice.context", "get", ("adr", "7"), {"repo": None}),
        ("practice.memory", "remember", ("t", "s"), {"session_id": None, "modules": ["practice_lock"]}),
    ]


@pytest.mark.integration
def test_mcp_tool_reports_the_servers_refusal_text():
    import anyio
    from mcp import Client

    class _RefusingRPC:
        def call(self, model, method, *args, **kwargs):
            raise PracticeError("odoo.exceptions.UserError: Unknown kind 'spell': use one of adr, memory.")

    async def scenario():
        async with Client(build_server(lambda: _RefusingRPC())) as client:
            return await client.call_tool("practice_get", {"kind": "spell", "ref": "1"})

    result = anyio.run(scenario)
    assert result.is_error
    assert "Unknown kind 'spell'" in result.content[0].text
