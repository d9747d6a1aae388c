"""The practice client's edges without an Odoo server: one-line errors for transport and
encoding failures, --version, plain output off a terminal, exit codes, MCP error text."""

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import anyio
import pytest
from mcp import Client
from practice_client.mcp_server import build_server
from practice_client.rpc import PracticeError

PROJECT_DIR = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.integrity

CLIENT_DIR = PROJECT_DIR / "client"


def practice(*args, url="http://127.0.0.1:1", secret="k"):
    env = dict(os.environ, PRACTICE_URL=url, PRACTICE_DB="db", PRACTICE_API_KEY=secret)
    env["PYTHONPATH"] = str(CLIENT_DIR)
    return subprocess.run(
        [sys.executable, "-m", "practice_client", *args], env=env, capture_output=True, text=True, timeout=60
    )


def assert_one_line(proc, *fragments):
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], proc.stderr


class _Answer(http.server.BaseHTTPRequestHandler):
    status = 502
    body = b"<html>bad gateway</html>"

    def do_POST(self):
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    servers = []

    def start(status, body=b"<html>x</html>"):
        handler = type("H", (_Answer,), {"status": status, "body": body})
        server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_proxy_answering_502_is_one_line(http_server):
    url = http_server(502)
    proc = practice("lock", "list", url=url)
    assert proc.returncode == 1
    assert_one_line(proc, "HTTP 502")


def test_url_with_a_path_is_one_line_naming_the_cause(http_server):
    url = http_server(404) + "/odoo"
    proc = practice("context", url=url)
    assert proc.returncode == 1
    assert_one_line(proc, "HTTP 404", "without a path")


def test_an_answer_that_is_not_xml_rpc_is_one_line(http_server):
    url = http_server(200, b"<html>not xml-rpc</html>")
    proc = practice("context", url=url)
    assert proc.returncode == 1
    assert_one_line(proc, "did not answer XML-RPC")


def test_refused_connection_and_bad_url_are_one_line():
    proc = practice("lock", "verify", "m", "--session", "s")
    assert proc.returncode == 1
    assert_one_line(proc, "Cannot reach http://127.0.0.1:1")
    proc = practice("context", url="ftp://example")
    assert proc.returncode == 1
    assert_one_line(proc, "PRACTICE_URL")


def test_non_utf8_vault_file_names_the_file_and_line(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "bad.md").write_bytes(b"---\ntitle: x\n\xff\xfe\n")
    proc = practice("vault", "push", str(tmp_path))
    assert proc.returncode == 2
    assert_one_line(proc, "bad.md:3", "not UTF-8")


def test_version():
    proc = practice("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("practice, version 18.0")


class _FakeRPC:
    answers = {}
    calls = []

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        _FakeRPC.calls.append((model, method, args, kwargs))
        answer = _FakeRPC.answers[method]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _run_cli(monkeypatch, answers, *args):
    from click.testing import CliRunner
    from practice_client import cli as cli_module

    _FakeRPC.answers, _FakeRPC.calls = answers, []
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _FakeRPC)
    monkeypatch.setenv("PRACTICE_API_KEY", "k")
    runner = CliRunner()
    result = runner.invoke(cli_module.cli, list(args))
    return result


def test_renew_release_and_session_print_human_lines_not_json(monkeypatch):
    renewed = {"ok": True, "token": 5, "module": "m", "state": "held", "expires_at": "2026-01-01 10:00:00"}
    result = _run_cli(monkeypatch, {"renew": renewed}, "lock", "renew", "5", "--session", "s")
    assert result.exit_code == 0
    assert result.output == "renewed m (token 5): expires 2026-01-01 10:00:00\n"
    # the server names the repository it used: so does the line
    result = _run_cli(
        monkeypatch, {"renew": {**renewed, "repo": "shop"}}, "lock", "renew", "5", "--session", "s"
    )
    assert result.output == "renewed m in shop (token 5): expires 2026-01-01 10:00:00\n"
    note = {"id": 3, "session_id": "s", "kind": "tried", "parent_id": False}
    result = _run_cli(monkeypatch, {"note": note}, "session", "note", "s", "tried", "x")
    assert result.exit_code == 0
    assert "parent_id: -" in result.output and "false" not in result.output and "{" not in result.output
    result = _run_cli(monkeypatch, {"note": note}, "--json", "session", "note", "s", "tried", "x")
    assert '"parent_id": false' in result.output


def test_not_ours_and_access_refusals_exit_3(monkeypatch):
    not_holder = {"ok": False, "token": 5, "module": "m", "error": "not_holder", "message": "held by s2"}
    result = _run_cli(monkeypatch, {"release": not_holder}, "lock", "release", "5", "--session", "s")
    assert result.exit_code == 3
    other_user = PracticeError("Lock m (token 5) belongs to Bob", PracticeError.ACCESS_ERROR)
    result = _run_cli(monkeypatch, {"renew": other_user}, "lock", "renew", "5", "--session", "s")
    assert result.exit_code == 3
    theirs = {"ours": [], "theirs": [{"module": "m", "token": 9, "session_id": "s2"}], "free": ["n"]}
    result = _run_cli(monkeypatch, {"verify": theirs}, "lock", "verify", "m", "n", "--session", "s")
    assert result.exit_code == 3
    result = _run_cli(monkeypatch, {"verify": theirs}, "lock", "release", "--module", "m", "--session", "s")
    assert result.exit_code == 3 and "s2" in result.output
    assert [c[1] for c in _FakeRPC.calls] == ["verify"]


def test_release_by_module_finds_the_sessions_token(monkeypatch):
    ours = {"ours": [{"module": "m", "token": 11, "session_id": "s"}], "theirs": [], "free": []}
    released = {"ok": True, "token": 11, "module": "m", "state": "released"}
    result = _run_cli(
        monkeypatch,
        {"verify": ours, "release": released},
        "lock",
        "release",
        "--module",
        "m",
        "--session",
        "s",
    )
    assert result.exit_code == 0, result.output
    assert _FakeRPC.calls[-1] == ("practice.lock", "release", (11, "s"), {})


def test_tables_are_plain_lines_off_a_terminal(monkeypatch):
    long_reason = "r" * 150
    rows = [
        {
            "module": "a_very_long_module_name_for_tables",
            "repo": "repo",
            "token": 12,
            "session_id": "session-with-a-long-id",
            "user": "Administrator",
            "user_id": 2,
            "since": "2026-01-01 09:30:00",
            "reason": long_reason,
            "state": "held",
            "expires_at": "2026-01-01 10:00:00",
        }
    ]
    result = _run_cli(monkeypatch, {"held": {"locks": rows, "repo": False}}, "lock", "list")
    assert result.exit_code == 0
    assert long_reason in result.output and "a_very_long_module_name_for_tables" in result.output
    assert "…" not in result.output


class _ErrRPC:
    def call(self, model, method, *args, **kwargs):
        if method == "bundle":
            return {"markdown": "# Practice context\n\nrules\n", "bytes": 27, "truncated": False}
        raise PracticeError(f"server says no to {method}")


def test_mcp_markdown_once_and_errors_carry_the_server_message():
    async def scenario():
        async with Client(build_server(lambda: _ErrRPC())) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            bundle = await client.call_tool("context_bundle", {"modules": ["m"]})
            bad = await client.call_tool("search_knowledge", {"query": "x"})
            enum = await client.call_tool(
                "session_finish", {"session_id": "s", "outcome": "meh", "summary": "x"}
            )
            return tools, bundle, bad, enum

    tools, bundle, bad, enum = anyio.run(scenario)
    for name in ("search_knowledge", "get_rule", "get_runbook", "get_adr", "lock_list", "check_token"):
        assert name in tools
    outcome = tools["session_finish"].input_schema["properties"]["outcome"]
    assert set(outcome["enum"]) == {"success", "partial", "failed", "abandoned"}
    assert "keep" in tools["lock_acquire"].description.lower()
    texts = [c.text for c in bundle.content]
    assert texts == ["# Practice context\n\nrules\n"]
    assert "markdown" not in bundle.structured_content
    assert bad.is_error and "server says no to search" in bad.content[0].text
    assert enum.is_error


def test_mcp_without_credentials_is_a_tool_error_not_a_crash():
    from practice_client.rpc import PracticeRPC, Settings

    async def scenario():
        async with Client(build_server(lambda: PracticeRPC(Settings.from_env({})))) as client:
            return await client.call_tool("lock_list", {})

    result = anyio.run(scenario)
    assert result.is_error and "PRACTICE_API_KEY" in result.content[0].text


def test_vault_read_and_write_report_progress_per_file(tmp_path):
    from practice_client.vault import read_vault, write_vault

    seen = []
    write_vault(
        tmp_path, {f"rules/r{i}.md": f"# {i}\n" for i in range(3)}, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    seen.clear()
    assert len(read_vault(tmp_path, progress=lambda d, t: seen.append((d, t)))) == 3
    assert seen[-1] == (3, 3)
