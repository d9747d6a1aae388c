"""``practice hook --agent codex|cursor`` and ``practice hooks install --agent …``: the same
decisions as Claude Code's hooks, asked and answered in each agent's protocol (payloads as the
adapters' docstrings cite them), in a real git work tree, against a fake server that refuses the
lock another session holds."""

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).parent / "data" / "codex_hooks_schema"
HOLDER = {
    "session_id": "claude-other",
    "user": "Mitchell Admin",
    "since": "2026-12-07 10:00:00",
    "reason": "Edit x",
}


class Server:
    calls = []

    logged_in = False

    def __init__(self, settings):
        self.settings = settings

    def use_known_uid(self, uid):
        pass

    def call(self, model, method, *args, **kwargs):
        Server.calls.append((model, method, args, kwargs))
        if method == "acquire":
            return {"granted": False, "token": 0, "module": args[0], "repo": "main", "holder": HOLDER}
        if method == "held":
            return {"locks": [], "repo": "main"}
        return {}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    (root / "addons" / "sale_pricing" / "models").mkdir(parents=True)
    (root / "addons" / "sale_pricing" / "__manifest__.py").write_text("{}\n")
    (root / "addons" / "sale_pricing" / "models" / "price.py").write_text("x = 1\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", Server)
    Server.calls = []
    return root


def _hook(agent, event, payload):
    args = ["hook", "--agent", agent, event]
    env = {"PRACTICE_API_KEY": "k", "PRACTICE_STOP_GUARD": "0", "PRACTICE_SESSION": ""}
    return CliRunner().invoke(
        cli_module.cli, args, input=json.dumps(payload), env=env, catch_exceptions=False
    )


def test_codex_edit_of_another_sessions_module_is_denied_in_codexs_words(tree):
    patch = "*** Begin Patch\n*** Update File: addons/sale_pricing/models/price.py\n@@\n-x = 1\n+x = 2\n*** End Patch\n"
    payload = {
        "session_id": "codex-1",
        "turn_id": "t1",
        "cwd": str(tree),
        "hook_event_name": "PreToolUse",
        "model": "gpt-5-codex",
        "permission_mode": "default",
        "transcript_path": None,
        "tool_name": "apply_patch",
        "tool_use_id": "call_1",
        "tool_input": {"command": patch},
    }
    result = _hook("codex", "pre-tool-use", payload)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    schema = json.loads((SCHEMAS / "pre-tool-use.command.output.schema.json").read_text())
    jsonschema.validate(answer, schema)
    decision = answer["hookSpecificOutput"]
    assert decision["permissionDecision"] == "deny" and "claude-other" in decision["permissionDecisionReason"]
    assert [c[1] for c in Server.calls] == ["acquire", "held"]
    assert Server.calls[0][2] == ("sale_pricing", "codex-1")


def test_codex_unreadable_input_denies(tree):
    result = CliRunner().invoke(
        cli_module.cli,
        ["hook", "--agent", "codex", "pre-tool-use"],
        input="{not json",
        env={"PRACTICE_API_KEY": "k"},
    )
    answer = json.loads(result.stdout)
    assert answer["hookSpecificOutput"]["permissionDecision"] == "deny"


def test_cursor_edit_after_the_fact_reaches_the_agent_at_its_next_step(tree):
    (tree / "addons" / "sale_pricing" / "models" / "price.py").write_text("x = 2\n")
    base = {
        "conversation_id": "cur-1",
        "generation_id": "g1",
        "workspace_roots": [str(tree)],
        "cursor_version": "1.7",
    }
    edited = {
        **base,
        "hook_event_name": "afterFileEdit",
        "file_path": str(tree / "addons" / "sale_pricing" / "models" / "price.py"),
        "edits": [{"old_string": "x = 1", "new_string": "x = 2"}],
    }
    result = _hook("cursor", "post-tool-use", edited)
    assert result.exit_code == 0 and json.loads(result.stdout) == {}
    assert "sale_pricing" in result.stderr and "claude-other" in result.stderr
    shell = {**base, "hook_event_name": "beforeShellExecution", "command": "ls", "cwd": str(tree)}
    answer = json.loads(_hook("cursor", "pre-tool-use", shell).stdout)
    assert answer["permission"] == "allow" and "sale_pricing" in answer["agent_message"]


def test_hooks_install_for_codex_and_cursor(tree, monkeypatch):
    monkeypatch.chdir(tree)
    for agent, files in (
        ("codex", (".codex/hooks.json", ".codex/config.toml")),
        ("cursor", (".cursor/hooks.json", ".cursor/mcp.json")),
    ):
        result = CliRunner().invoke(
            cli_module.cli, ["hooks", "install", "--agent", agent], env={"PRACTICE_API_KEY": "k"}
        )
        assert result.exit_code == 0, result.output
        for name in files:
            assert (tree / name).exists(), name
        again = CliRunner().invoke(
            cli_module.cli, ["hooks", "install", "--agent", agent], env={"PRACTICE_API_KEY": "k"}
        )
        assert again.exit_code == 0
    hooks_json = json.loads((tree / ".codex" / "hooks.json").read_text())
    commands = [h["command"] for groups in hooks_json["hooks"].values() for g in groups for h in g["hooks"]]
    assert "practice hook --agent codex pre-tool-use" in commands
    cursor = json.loads((tree / ".cursor" / "hooks.json").read_text())
    assert any(
        e["command"] == "practice hook --agent cursor post-tool-use" for e in cursor["hooks"]["afterFileEdit"]
    )
    assert "practice-lock-guard" in (tree / ".git" / "hooks" / "pre-commit").read_text()
    for agent in ("codex", "cursor"):
        CliRunner().invoke(
            cli_module.cli,
            ["hooks", "install", "--agent", agent, "--uninstall"],
            env={"PRACTICE_API_KEY": "k"},
        )
    assert not (tree / ".codex").exists() and not (tree / ".cursor" / "hooks.json").exists()
