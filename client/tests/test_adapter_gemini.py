"""The Gemini CLI adapter: Gemini CLI's hook inputs (``data/gemini/``, built from its source, see
SOURCE.md) translate to the payloads our handlers read; our decisions come back in Gemini's
documented fields (``decision: "deny"`` + ``reason``, ``hookSpecificOutput.additionalContext``,
``systemMessage``, always exit 0); ``practice hook --agent gemini`` answers an edit of a free
module, of another session's module, a shell command, a stop and a session end; the install
merges ``.gemini/settings.json`` keeping the user's own keys byte for byte."""

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from practice_client import adapter_gemini as ag
from practice_client import cli as cli_module
from practice_client import hook_core, hooks, locks_mirror

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data" / "gemini"
DOC_ROOT = "/home/dev/shop"
SESSION = "8f3c2a1e-5b7d-4c9a-9e21-3d4f5a6b7c8d"
HOLDER = {
    "session_id": "claude-other",
    "user": "Mitchell Admin",
    "since": "2026-08-21 09:00:00",
    "reason": "Edit addons/sale_pricing/models/price.py",
}
BASE = {"session_id", "transcript_path", "cwd", "hook_event_name", "timestamp"}
FIELDS = {  # the fields of each sample beyond BASE (hooks/types.ts)
    "session-start": {"source"},
    "before-agent": {"prompt"},
    "before-tool-replace": {"tool_name", "tool_input"},
    "before-tool-write_file": {"tool_name", "tool_input"},
    "before-tool-run_shell_command": {"tool_name", "tool_input"},
    "after-tool-replace": {"tool_name", "tool_input", "tool_response"},
    "after-agent": {"prompt", "prompt_response", "stop_hook_active"},
    "pre-compress": {"trigger"},
    "session-end": {"reason"},
}


def _expires(minutes=30):
    return (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)


def sample(name, root=DOC_ROOT):
    text = (DATA / f"{name}.json").read_text()
    return json.loads(text.replace(DOC_ROOT, str(root)))


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    for module in ("sale_pricing", "sale_rounding"):
        (root / "addons" / module / "models").mkdir(parents=True)
        (root / "addons" / module / "__manifest__.py").write_text("{'name': 'x'}\n")
    (root / "addons" / "sale_pricing" / "models" / "price.py").write_text("x = 1\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PRACTICE_SESSION", raising=False)
    return root


class Server:
    """The server as the hooks see it: sale_pricing is held by another session, the rest is free."""

    calls = []
    granted = []
    logged_in = False

    def __init__(self, settings=None):
        self.settings = settings

    def use_known_uid(self, uid):
        pass

    def call(self, model, method, *args, **kwargs):
        Server.calls.append((model, method, args, kwargs))
        if method == "acquire" and args[0] == "sale_pricing":
            return {"granted": False, "token": 0, "module": args[0], "repo": "main", "holder": HOLDER}
        if method == "acquire":
            lock = {"token": 41, "module": args[0], "repo": "main", "session_id": args[1]}
            Server.granted.append(lock)
            return {"granted": True, **lock, "expires_at": _expires()}
        if method == "held":
            locks = [g for g in Server.granted if kwargs.get("session_id") in (None, g["session_id"])]
            return {"locks": locks, "repo": "main"}
        if method == "release":
            Server.granted = [g for g in Server.granted if g["token"] != args[0]]
            return {"ok": True}
        if method == "search_read":
            return [{"state": "running"}]
        return {}


def _decide(environ=None):
    env = {"PRACTICE_STOP_GUARD": "0", **(environ or {})}
    return lambda sub, claude: hooks.HANDLERS[sub](hooks.HookContext(claude, Server().call, environ=env))


def _failed(event, error):
    return (0, hooks.denied_on_error(error) + "\n", "") if event == "pre-tool-use" else (1, "", f"{error}\n")


def _run(payload, decide=None):
    sub = ag.EVENTS[payload["hook_event_name"]]
    code, out, err = ag.answer(sub, payload, None, decide or _decide(), _failed)
    assert code == 0 and out.endswith("\n") and out.count("\n") == 1, (code, out, err)
    return json.loads(out)


# -- inputs --------------------------------------------------------------------------------------
def test_samples_carry_the_fields_gemini_sends():
    for name, extra in FIELDS.items():
        payload = sample(name)
        assert set(payload) == BASE | extra, name
        assert payload["hook_event_name"] in ag.EVENTS and payload["session_id"] == SESSION


def test_every_sample_translates_to_what_our_handlers_read(tree):
    for name in FIELDS:
        payload = sample(name, tree)
        event = payload["hook_event_name"]
        assert ag.EVENTS[event] in hooks.HANDLERS
        out = ag.to_claude(event, payload)
        assert out["hook_event_name"] == ag.CLAUDE_EVENTS[event] and out["agent"] == "gemini"
        assert out["session_id"] == SESSION
        assert "transcript_path" not in out, "Gemini's chat recording is not Claude Code's JSONL"
        assert out["gemini_transcript_path"] == payload["transcript_path"]
    edit = ag.to_claude("BeforeTool", sample("before-tool-replace", tree))
    path = str(tree / "addons/sale_pricing/models/price.py")
    assert (edit["tool_name"], edit["gemini_tool_name"]) == ("Edit", "replace")
    assert hook_core.edit_target(edit) == ("Edit", path) and edit["cwd"] == str(tree)
    write = ag.to_claude("BeforeTool", sample("before-tool-write_file", tree))
    assert hook_core.edit_target(write) == ("Write", str(tree / "addons/sale_rounding/models/rounding.py"))
    shell = ag.to_claude("BeforeTool", sample("before-tool-run_shell_command", tree))
    assert shell["tool_name"] == "Bash" and shell["tool_input"]["command"] == "python -m pytest -q tests"
    assert shell["cwd"] == str(tree / "addons" / "sale_pricing"), "the command runs in dir_path"
    assert hook_core.edit_target(shell) == (None, None)
    after = ag.to_claude("AfterTool", sample("after-tool-replace", tree))
    assert after["tool_name"] == "Edit" and after["tool_response"]["llmContent"].startswith("Successfully")
    stop = ag.to_claude("AfterAgent", sample("after-agent", tree))
    assert stop["stop_hook_active"] is False and stop["last_assistant_message"].startswith("Done")
    assert ag.to_claude("SessionStart", sample("session-start"))["source"] == "startup"
    assert ag.to_claude("PreCompress", sample("pre-compress"))["trigger"] == "auto"
    assert ag.to_claude("SessionEnd", sample("session-end"))["reason"] == "exit"


def test_unreadable_edits_and_wrong_events_are_refused(tree):
    broken = {**sample("before-tool-replace", tree), "tool_input": "x"}
    assert isinstance(hook_core.edit_target(ag.to_claude("BeforeTool", broken)), hook_core.Deny)
    with pytest.raises(ag.GeminiAdapterError):
        ag.to_claude("BeforeModel", {})
    with pytest.raises(ag.GeminiAdapterError):
        ag.to_claude("AfterTool", sample("before-tool-replace"))
    with pytest.raises(ag.GeminiAdapterError, match="installed as"):
        ag.to_claude("BeforeTool", sample("before-tool-replace"), sub_command="post-tool-use")
    denied = ag.answer("pre-tool-use", {"tool_name": "replace"}, None, _decide(), _failed)
    assert json.loads(denied[1])["decision"] == "deny", "no hook_event_name: the edit is denied"


# -- outputs -------------------------------------------------------------------------------------
def _out(sub, code, out="", err=""):
    new_code, text, _err = ag.from_claude(sub, code, out, err)
    assert new_code == 0 and text.count("\n") == 1, "Gemini reads our decisions from JSON on exit 0"
    return json.loads(text)


def test_answers_use_geminis_fields():
    reason = "sale_pricing is locked by session B (Alice) until 10:40"
    assert _out("pre-tool-use", 0, hook_core.deny_json(reason)) == {"decision": "deny", "reason": reason}
    assert _out("pre-tool-use", 0) == {}
    assert _out("pre-tool-use", 2, "", "no\n") == {"decision": "deny", "reason": "no"}
    warn = json.dumps({"systemMessage": "practice: the lock server did not answer"})
    assert _out("pre-tool-use", 0, warn) == {"systemMessage": "practice: the lock server did not answer"}
    block = json.dumps({"decision": "block", "reason": "undo: git checkout -- x"})
    assert _out("post-tool-use", 0, block) == {"decision": "deny", "reason": "undo: git checkout -- x"}
    assert _out("stop", 2, "", "Suite gate: run the tests\n") == {
        "decision": "deny",
        "reason": "Suite gate: run the tests",
    }
    assert _out("stop", 0, "", "practice: recorded usage\n") == {}, "notes stay in Gemini's log"
    assert _out("session-start", 0, "# Practice for shop\n") == {
        "hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "# Practice for shop\n"}
    }
    context = json.dumps(
        {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "## Rules"}}
    )
    assert _out("user-prompt-submit", 0, context) == {
        "hookSpecificOutput": {"hookEventName": "BeforeAgent", "additionalContext": "## Rules"}
    }
    assert _out("user-prompt-submit", 1, "", "practice: cannot rank\n") == {
        "systemMessage": "practice: cannot rank"
    }
    assert _out("session-end", 1, "", "practice: x: no server\n") == {
        "systemMessage": "practice: x: no server"
    }
    assert _out("session-end", 0, "", "practice: session ended\n") == {}
    assert _out("pre-compact", 2, "", "") == {"systemMessage": "practice: hook pre-compact failed (exit 2)"}
    with pytest.raises(ag.GeminiAdapterError):
        ag.from_claude("notify", 0, "", "")


# -- our real handlers on a real work tree ---------------------------------------------------------
def test_edits_shell_and_session_end_end_to_end(tree):
    Server.calls, Server.granted = [], []
    env = {"PRACTICE_DB": "db", "PRACTICE_LOGIN": "agent", "PRACTICE_API_KEY": "k"}
    free = _run(sample("before-tool-write_file", tree), _decide(env))
    assert free == {}, "a free module: the lock is taken, the edit goes on"
    assert Server.calls[0][1:3] == ("acquire", ("sale_rounding", SESSION))
    held = _run(sample("before-tool-replace", tree), _decide(env))
    assert (
        held["decision"] == "deny" and "claude-other" in held["reason"] and "sale_pricing" in held["reason"]
    )
    assert _run(sample("before-tool-run_shell_command", tree), _decide(env)) == {}
    assert _run(sample("session-end", tree), _decide(env)) == {}
    assert ("release", (41, SESSION)) in [c[1:3] for c in Server.calls] and Server.granted == []
    assert "finish" in [c[1] for c in Server.calls], "the running session log is finished"


def test_a_stop_that_blocks_continues_without_becoming_the_task(tree):
    reason = "The practice suite gate: run `pytest addons/sale_rounding` and push the result."
    answer = _run(sample("after-agent", tree), lambda sub, claude: (2, "", reason + "\n"))
    assert answer == {"decision": "deny", "reason": reason}
    seen = []

    def decide(sub, claude):
        seen.append(claude["prompt"])
        return 0, "", ""

    prompt = {**sample("before-agent", tree), "prompt": reason}
    assert _run(prompt, decide) == {} and seen == [], "our own reason is not a user prompt"
    assert _run(prompt, decide) == {} and seen == [reason], "once only"
    again = {**sample("after-agent", tree), "stop_hook_active": True}
    assert _run(again, lambda sub, claude: (0, "", "") if claude["stop_hook_active"] else (2, "", "x")) == {}


# -- the CLI ---------------------------------------------------------------------------------------
def _hook(event, payload):
    env = {"PRACTICE_API_KEY": "k", "PRACTICE_STOP_GUARD": "0", "PRACTICE_SESSION": ""}
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return CliRunner().invoke(
        cli_module.cli, ["hook", "--agent", "gemini", event], input=data, env=env, catch_exceptions=False
    )


def test_cli_answers_in_geminis_words(tree, monkeypatch):
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", Server)
    Server.calls, Server.granted = [], []
    result = _hook("pre-tool-use", sample("before-tool-replace", tree))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["decision"] == "deny" and "claude-other" in answer["reason"]
    assert Server.calls[0][1:3] == ("acquire", ("sale_pricing", SESSION))
    free = _hook("pre-tool-use", sample("before-tool-write_file", tree))
    assert (free.exit_code, json.loads(free.stdout)) == (0, {})
    unreadable = _hook("pre-tool-use", "{not json")
    assert unreadable.exit_code == 0 and json.loads(unreadable.stdout)["decision"] == "deny"
    mismatch = _hook("post-tool-use", sample("before-tool-replace", tree))
    assert json.loads(mismatch.stdout)["systemMessage"].startswith("practice hook post-tool-use")


def test_cli_install_and_uninstall(tree, monkeypatch):
    monkeypatch.chdir(tree)
    runner = CliRunner()
    result = runner.invoke(
        cli_module.cli, ["hooks", "install", "--agent", "gemini"], env={"PRACTICE_API_KEY": "k"}
    )
    assert result.exit_code == 0, result.output
    settings = json.loads((tree / ".gemini" / "settings.json").read_text())
    assert settings["mcpServers"]["practice"] == {"command": "practice", "args": ["mcp"]}
    assert "practice-lock-guard" in (tree / ".git" / "hooks" / "pre-commit").read_text()
    result = runner.invoke(
        cli_module.cli,
        ["hooks", "install", "--agent", "gemini", "--uninstall"],
        env={"PRACTICE_API_KEY": "k"},
    )
    assert result.exit_code == 0, result.output
    assert not (tree / ".gemini").exists()
    (tree / ".gemini").mkdir()
    (tree / ".gemini" / "settings.json").write_text("{nope")
    refused = runner.invoke(
        cli_module.cli, ["hooks", "install", "--agent", "gemini"], env={"PRACTICE_API_KEY": "k"}
    )
    assert refused.exit_code == 2 and "not valid JSON" in refused.output


# -- install ---------------------------------------------------------------------------------------
USER_SETTINGS = (  # four spaces, a hook and an MCP server of the user's own
    "{\n"
    '    "general": {\n        "preferredEditor": "vim"\n    },\n'
    '    "hooks": {\n        "BeforeTool": [\n            {\n                "matcher": "write_file",\n'
    '                "hooks": [\n                    {\n                        "name": "secrets",\n'
    '                        "type": "command",\n'
    '                        "command": "$GEMINI_PROJECT_DIR/.gemini/hooks/secrets.sh",\n'
    '                        "timeout": 5000\n                    }\n                ]\n'
    "            }\n        ]\n    },\n"
    '    "mcpServers": {\n        "docs": {\n            "command": "docs-mcp",\n'
    '            "args": [\n                "--stdio"\n            ]\n        }\n    }\n'
    "}\n"
)


def _ours(settings):
    return {
        event: [
            (g.get("matcher"), h["command"], h.get("name"))
            for g in groups
            for h in g["hooks"]
            if ag.is_ours(h["command"])
        ]
        for event, groups in settings["hooks"].items()
    }


def test_install_merges_idempotently_and_uninstall_restores_the_bytes(tree):
    folder = tree / ".gemini"
    folder.mkdir()
    (folder / "settings.json").write_text(USER_SETTINGS)
    assert ag.install(str(tree)) == [
        f"merged the practice hooks and MCP server into {folder / 'settings.json'}"
    ]
    text = (folder / "settings.json").read_text()
    assert text.startswith('{\n    "general"'), "the user's indentation is kept"
    settings = json.loads(text)
    assert settings["general"] == {"preferredEditor": "vim"}
    assert settings["hooks"]["BeforeTool"][0]["hooks"][0]["name"] == "secrets", "the user's hook comes first"
    matcher = "^(write_file|replace|run_shell_command)$"
    assert _ours(settings) == {
        "BeforeTool": [(matcher, "practice hook --agent gemini pre-tool-use", "practice-pre-tool-use")],
        "AfterTool": [(matcher, "practice hook --agent gemini post-tool-use", "practice-post-tool-use")],
        **{
            event: [(None, f"practice hook --agent gemini {sub}", f"practice-{sub}")]
            for event, sub in ag.EVENTS.items()
            if event not in ("BeforeTool", "AfterTool")
        },
    }
    assert settings["mcpServers"] == {
        "docs": {"command": "docs-mcp", "args": ["--stdio"]},
        "practice": {"command": "practice", "args": ["mcp"]},
    }
    before = (folder / "settings.json").read_bytes()
    assert "already with" in ag.install(str(tree))[0]
    assert (folder / "settings.json").read_bytes() == before

    # another command: replaced in place, one handler per event; the user's extra MCP keys stay
    settings["mcpServers"]["practice"]["trust"] = True
    (folder / "settings.json").write_text(json.dumps(settings, indent=4) + "\n")
    ag.install(str(tree), command="/opt/practice/bin/python -m practice_client")
    settings = json.loads((folder / "settings.json").read_text())
    assert sum(len(v) for v in _ours(settings).values()) == len(ag.EVENTS)
    assert settings["mcpServers"]["practice"] == {
        "command": "/opt/practice/bin/python",
        "args": ["-m", "practice_client", "mcp"],
        "trust": True,
    }
    ag.install(str(tree), uninstall=True)
    assert (folder / "settings.json").read_text() == USER_SETTINGS
    assert "already without" in ag.install(str(tree), uninstall=True)[0]


def test_install_into_a_fresh_tree_and_uninstall_leaves_nothing(tree):
    ag.install(str(tree))
    settings = json.loads((tree / ".gemini" / "settings.json").read_text())
    assert set(settings) == {"hooks", "mcpServers"} and set(settings["hooks"]) == set(ag.EVENTS)
    done = ag.install(str(tree), uninstall=True)
    assert done[0].startswith("removed") and not (tree / ".gemini").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON"),
        ('{\n  // my editor\n  "general": {"preferredEditor": "vim"}\n}\n', "has comments"),
        ("[]", "must hold a JSON object"),
        ('{"hooks": []}', "must be a JSON object"),
        ('{"hooks": {"BeforeTool": {}}}', "must be a list"),
        ('{"mcpServers": {"practice": {"command": "my-practice-server"}}}', "of its own"),
    ],
)
def test_install_refuses_what_it_cannot_merge_and_writes_nothing(tree, text, message):
    (tree / ".gemini").mkdir()
    (tree / ".gemini" / "settings.json").write_text(text)
    with pytest.raises(ag.GeminiAdapterError, match=message):
        ag.install(str(tree))
    assert (tree / ".gemini" / "settings.json").read_text() == text
    assert sorted(p.name for p in (tree / ".gemini").iterdir()) == ["settings.json"]


def test_install_says_when_hooks_are_switched_off(tree):
    (tree / ".gemini").mkdir()
    (tree / ".gemini" / "settings.json").write_text('{"hooksConfig": {"enabled": false}}\n')
    assert any("hooksConfig.enabled" in line for line in ag.install(str(tree)))
