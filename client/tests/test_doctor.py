"""`practice doctor` in a real temporary git work tree, against a small real XML-RPC server for
``version()`` (its ``Date`` header moved to fake a clock skew) and a fake RPC for the rest."""

import json
import os
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module
from practice_client import cli_doctor, hooks, locks_mirror
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

HOOK_COMMAND = f"{sys.executable} -m practice_client"
ODOO_VERSION = {
    "server_version": "18.0",
    "server_version_info": [18, 0, 0, "final", 0, ""],
    "server_serie": "18.0",
    "protocol_version": 1,
}
LOCK = {
    "module": "sale_ext",
    "repo": "shop",
    "session_id": "s-1",
    "user": "Mitchell Admin",
    "since": "2026-01-01 08:00:00",
    "expires_at": "2026-01-01 09:00:00",
    "token": 41,
    "reason": "refactor",
}
ADDONS = ["practice_base", "practice_knowledge", "practice_lock", "practice_memory"]


class _Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc/2/common",)
    offset = 0  # seconds the server's clock is ahead

    def date_time_string(self, timestamp=None):
        return formatdate(time.time() + self.offset, usegmt=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def odoo_common():
    """A server answering ``/xmlrpc/2/common`` ``version()`` like Odoo 18; ``set_offset(s)``
    moves its clock."""
    server = SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=_Handler, logRequests=False, allow_none=True)
    server.register_function(lambda: ODOO_VERSION, "version")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    _Handler.offset = 0


class _FakeRPC:
    """The server's answers to the doctor's calls; class attributes set per test."""

    login_error = None
    groups = {"practice_base.group_practice_reader", "practice_base.group_practice_engineer"}
    modules = dict.fromkeys(ADDONS, "installed")
    modules_denied = False
    repos = ("shop",)
    held = (LOCK,)
    calls = []

    def __init__(self, settings):
        if settings is not None and not settings.secret:  # as PracticeRPC
            raise PracticeError(
                "No credentials: set PRACTICE_API_KEY (or PRACTICE_PASSWORD) in the environment."
            )
        self.settings = settings
        self.timeout = 60

    @property
    def uid(self):
        if self.login_error:
            raise PracticeError(self.login_error)
        return 2

    def call(self, model, method, *args, **kwargs):
        self.uid  # noqa: B018 - logs in first, as PracticeRPC does
        self.calls.append((model, method, args, kwargs))
        if (model, method) == ("res.users", "has_group"):
            return args[1] in self.groups
        if (model, method) == ("ir.module.module", "search_read"):
            if self.modules_denied:
                raise PracticeError("You are not allowed to access 'Module'", PracticeError.ACCESS_ERROR)
            return [{"name": n, "state": s} for n, s in sorted(self.modules.items())]
        if (model, method) == ("ir.model", "search_read"):
            return [{"modules": ", ".join(n for n, s in self.modules.items() if s == "installed")}]
        if (model, method) == ("practice.repo", "search_read"):
            domain = args[0]
            if domain == [("is_default", "=", True)]:
                return [{"name": self.repos[0]}] if self.repos else []
            return [{"name": domain[0][2]}] if domain[0][2] in self.repos else []
        if (model, method) == ("practice.lock", "held"):
            return {"locks": [dict(lock) for lock in self.held]}
        raise AssertionError(f"unexpected call {model}.{method}")


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A git work tree set up as `practice init` + `practice hooks install` leave it, with the
    MCP server configured and .locks/ as the server holds them."""
    for name in list(os.environ):
        if name.startswith(("PRACTICE_", "GIT_")):
            monkeypatch.delenv(name)
    root = tmp_path / "work"
    root.mkdir()
    _git(root, "init", "-q")
    _git(root, "config", "practice.repo", "shop")
    hooks.install(str(root), command=HOOK_COMMAND)
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {"practice": {"command": "practice-mcp"}}}))
    locks_mirror.write_mirror(str(root), [locks_mirror.entry_from_lock(LOCK)])
    monkeypatch.chdir(root)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _FakeRPC)
    monkeypatch.setattr(cli_doctor, "rules_export_available", lambda: False)
    for attr in ("login_error", "groups", "modules", "modules_denied", "repos", "held"):
        monkeypatch.setattr(_FakeRPC, attr, getattr(_FakeRPC, attr))
    _FakeRPC.calls = []
    return root


def doctor(url, *args, secret="k"):
    if "doctor" not in cli_module.cli.commands:  # until cli.py registers it
        cli_doctor.register(cli_module.cli)
    env = {"PRACTICE_URL": url, "PRACTICE_DB": "practice", "PRACTICE_API_KEY": secret}
    result = CliRunner().invoke(cli_module.cli, [*args, "doctor"], env=env)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def checks(result):
    return {c["name"]: c for c in json.loads(result.output)}


def test_all_green(tree, odoo_common):
    result = doctor(odoo_common)
    print(result.output)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"✅ server: Odoo 18.0 at {odoo_common}"
    assert "✅ login: 'admin' on database 'practice' (uid 2)" in lines
    assert "✅ groups: Reader, Engineer" in lines
    assert any(line.startswith("✅ addons: 4 installed: practice_base,") for line in lines)
    assert "✅ repository: shop (practice.repo of " + str(tree) + "), known to the server" in lines
    assert any(
        line.startswith("✅ claude-code hooks: 7 events in .claude/settings.json, current") for line in lines
    )
    assert any(line.startswith("✅ git guard: ") for line in lines)
    assert "✅ .locks: 1 lock(s) of shop, same as the server: sale_ext" in lines
    assert "✅ mcp: .mcp.json (practice)" in lines
    assert any(line.startswith("✅ clock: ") for line in lines)
    assert "⚠️ rules: not available (this client has no `practice rules export`)" in lines
    assert not any(line.startswith("❌") for line in lines)
    assert ("practice.lock", "held", (), {"session_id": None, "repo": "shop"}) in _FakeRPC.calls

    as_json = doctor(odoo_common, "--json")
    assert as_json.exit_code == 0
    found = json.loads(as_json.output)
    assert [c["name"] for c in found][:3] == ["server", "login", "groups"]
    assert all(set(c) == {"name", "ok", "detail", "fix", "level"} for c in found)
    assert all(c["ok"] for c in found)
    assert checks(as_json)["rules"]["level"] == "warn"


def test_server_down_fails_once_and_skips_the_server_checks(tree):
    result = doctor("http://127.0.0.1:9")
    print(result.output)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("❌ server: Cannot reach http://127.0.0.1:9")
    assert "fix: start the server, or point PRACTICE_URL at it" in lines[0]
    for name in ("login", "groups", "addons", ".locks", "clock"):
        assert f"⚠️ {name}: not checked: server not reachable" in lines
    assert [line for line in lines if line.startswith("❌")] == lines[:1], "only the server fails"
    # the work tree's own checks still run
    assert any(line.startswith("✅ claude-code hooks:") for line in lines)
    assert any(line.startswith("✅ git guard:") for line in lines)
    assert _FakeRPC.calls == []
    found = checks(doctor("http://127.0.0.1:9", "--json"))
    assert found["server"]["ok"] is False and found["login"]["ok"] is None


def test_login_refused_skips_what_needs_it(tree, odoo_common):
    _FakeRPC.login_error = "Login refused for 'admin' on database 'practice'."
    result = doctor(odoo_common)
    assert result.exit_code == 1
    assert "❌ login: 'admin' on database 'practice': Login refused" in result.output
    assert "⚠️ groups: not checked: no login" in result.output
    assert "✅ server: " in result.output and "✅ clock: " in result.output


def test_missing_secret(tree, odoo_common):
    result = doctor(odoo_common, secret="")
    assert result.exit_code == 1
    assert "❌ login: No credentials" in result.output
    assert "fix: export PRACTICE_API_KEY=<your API key>" in result.output


def test_hooks_and_guard_not_installed(tree, odoo_common):
    hooks.install(str(tree), uninstall=True)
    result = doctor(odoo_common)
    print(result.output)
    assert result.exit_code == 1
    assert (
        "❌ claude-code hooks: not installed (.claude/settings.json has no practice hook) "
        "— fix: practice hooks install" in result.output
    )
    assert "❌ git guard: no pre-commit hook (" in result.output


def test_hooks_outdated_and_guard_replaced(tree, odoo_common):
    settings = tree / ".claude" / "settings.json"
    current = json.loads(settings.read_text())
    del current["hooks"]["PreCompact"], current["hooks"]["SessionEnd"]
    settings.write_text(json.dumps(current))
    guard = tree / ".git" / "hooks" / "pre-commit"
    guard.write_text("#!/bin/sh\nexit 0\n")
    result = doctor(odoo_common)
    assert result.exit_code == 1
    assert (
        "❌ claude-code hooks: outdated in .claude/settings.json: missing PreCompact, SessionEnd "
        f"— fix: practice hooks install --command '{HOOK_COMMAND}'" in result.output
    )
    assert f"❌ git guard: {guard} is not the practice guard" in result.output


def test_hook_program_not_on_path(tree, odoo_common):
    hooks.install(str(tree), command="no-such-practice-binary")
    result = doctor(odoo_common)
    assert result.exit_code == 1
    assert (
        "❌ claude-code hooks: the hooks run 'no-such-practice-binary', which is not on PATH" in result.output
    )


def test_locks_out_of_sync(tree, odoo_common):
    _FakeRPC.held = (dict(LOCK, token=42), dict(LOCK, module="stock_ext", token=43))
    locks_mirror.put_entry(str(tree), locks_mirror.entry_from_lock(dict(LOCK, module="old_mod", token=7)))
    result = doctor(odoo_common)
    print(result.output)
    assert result.exit_code == 1
    assert (
        "❌ .locks: out of sync of shop: held on the server, missing here: stock_ext; in .locks/ but not held: "
        "old_mod; another token: sale_ext — fix: practice lock sync" in result.output
    )
    locks_mirror.sync(lambda *a, **k: _FakeRPC(None).call(*a, **k), str(tree), "shop")
    assert doctor(odoo_common).exit_code == 0


@pytest.mark.parametrize(
    ("offset", "mark", "words"),
    [
        (0, "✅", "in step with the server"),
        (-20, "✅", "20 s behind this machine's"),
        (300, "❌", "300 s ahead of this machine's: leases are time-based (at most 60 s)"),
        (-90, "❌", "90 s behind this machine's"),
    ],
)
def test_clock_skew(tree, odoo_common, offset, mark, words):
    _Handler.offset = offset
    result = doctor(odoo_common)
    line = next(line for line in result.output.splitlines() if "clock:" in line)
    assert line.startswith(f"{mark} clock: ") and words in line, line
    assert result.exit_code == (1 if mark == "❌" else 0)


def test_repository_groups_addons_mcp_problems(tree, odoo_common):
    _git(tree, "config", "practice.repo", "nowhere")
    _FakeRPC.groups = {"practice_base.group_practice_reader"}
    _FakeRPC.modules = {"practice_base": "installed", "practice_lock": "uninstalled"}
    (tree / ".mcp.json").unlink()
    found = checks(doctor(odoo_common, "--json"))
    assert found["repository"]["level"] == "fail"
    assert found["repository"]["fix"].startswith("practice repo create nowhere")
    assert found["groups"]["level"] == "warn" and "read only" in found["groups"]["detail"]
    assert found["addons"]["level"] == "fail" and "practice_lock" in found["addons"]["detail"]
    assert found["mcp"]["level"] == "fail" and "practice-mcp" in found["mcp"]["fix"]
    assert found[".locks"]["detail"].endswith("of nowhere, same as the server: sale_ext")


def test_addons_without_settings_rights_and_mcp_elsewhere(tree, odoo_common):
    _FakeRPC.modules_denied = True
    (tree / ".mcp.json").unlink()
    (tree / ".cursor").mkdir()
    (tree / ".cursor" / "mcp.json").write_text(
        json.dumps(
            {
                "mcpServers": {
                    "p": {"command": "/opt/venv/bin/python", "args": ["-m", "practice_client", "mcp"]}
                }
            }
        )
    )
    (tree / ".cursor" / "hooks.json").write_text("{}")
    found = checks(doctor(odoo_common, "--json"))
    assert found["addons"]["level"] == "ok" and "needs Settings rights" in found["addons"]["detail"]
    assert found["mcp"]["detail"] == ".cursor/mcp.json (p)"
    assert found["cursor hooks"]["level"] == "warn"
    assert (
        found["cursor hooks"]["detail"] == ".cursor/hooks.json, .cursor/mcp.json here, without practice hooks"
    )
    assert found["cursor hooks"]["fix"] == "practice hooks install --agent cursor"


def test_outside_a_work_tree(tmp_path, monkeypatch, odoo_common):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _FakeRPC)
    monkeypatch.setattr(cli_doctor, "rules_export_available", lambda: False)
    result = doctor(odoo_common)
    assert result.exit_code == 1
    assert (
        "❌ repository: not inside a git work tree — fix: cd into the repository's work tree" in result.output
    )
    assert "⚠️ git guard: not checked: not in a git work tree" in result.output


@pytest.mark.parametrize("agent", ["codex", "cursor", "gemini", "cline"])
def test_other_agents_hooks_current_then_outdated(tree, odoo_common, agent):
    """Each agent's install, as `practice hooks install --agent X --command …` leaves it, is
    current; a hand edit of its file makes it outdated, with the command that brings it back."""
    from practice_client import adapters

    command = "/opt/team venv/bin/practice"
    adapters.ADAPTERS[agent].install(
        str(tree), command=command, **({"environ": {}} if agent == "cline" else {})
    )
    found = checks(doctor(odoo_common, "--json"))
    name = f"{agent} hooks"
    assert found[name]["level"] == "ok", found[name]
    assert found[name]["detail"].endswith(f"current ({command} hook --agent {agent} …)")
    first = adapters.CONFIG_PATHS[agent][0]
    path = tree / first
    if path.is_dir():  # a hook script gone
        sorted(path.iterdir())[0].unlink()
    else:  # an event that runs an older sub-command
        path.write_text(
            path.read_text().replace(f"hook --agent {agent} stop", f"hook --agent {agent} stop-old")
        )
    found = checks(doctor(odoo_common, "--json"))
    assert found[name]["level"] == "fail", found[name]
    assert found[name]["detail"].startswith("outdated: the install would change ")
    assert found[name]["fix"] == f"practice hooks install --agent {agent} --command '{command}'"
    assert {k for k in found if k.endswith(" hooks")} == {"claude-code hooks", name}, (
        "only agents configured here"
    )
