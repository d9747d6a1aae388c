"""The Cursor adapter (issue 26, item 1): Cursor's documented hook payloads translated into the
Claude Code–shaped payload of our handlers, our answers into Cursor's documented fields
(``permission``/``user_message``/``agent_message``, ``continue``, ``followup_message``), a block
after ``afterFileEdit`` carried to the agent, and ``.cursor/hooks.json`` + ``.cursor/mcp.json``
installed and removed in a git work tree keeping the user's entries. Payloads as
https://cursor.com/docs/agent/hooks documents them; no server."""

import json
import subprocess

import pytest
from practice_client import adapter_cursor as cursor
from practice_client import hook_core, hooks

pytestmark = pytest.mark.integration

ROOT = "/work/shop"
COMMON = {
    "conversation_id": "cdefee2d-2727-4b73-bf77-d9d830f31d2a",
    "generation_id": "26b45fb6-bdea-439c-b2dc-5e97ee00ecea",
    "model": "claude-4-sonnet",
    "cursor_version": "1.7.2",
    "workspace_roots": [ROOT],
    "user_email": "dev@example.com",
}
HOLDER = {"session_id": "claude-other", "user": "Bob", "reason": "Edit addons/theirs/x.py"}


def _doc(event, **fields):
    return {**COMMON, "hook_event_name": event, **fields}


# -- in --------------------------------------------------------------------------------------
def test_every_installed_event_has_a_handler():
    assert set(cursor.EVENTS.values()) <= set(hooks.HANDLERS)
    assert "beforeReadFile" not in cursor.EVENTS  # reading is not gated


def test_shell_command_is_bash():
    payload = _doc("beforeShellExecution", command="sed -i s/a/b/ addons/x/y.py", cwd=f"{ROOT}/addons")
    claude = cursor.to_claude("beforeShellExecution", payload)
    assert claude["session_id"] == COMMON["conversation_id"]
    assert claude["hook_event_name"] == "PreToolUse"
    assert claude["tool_name"] == "Bash"
    assert claude["tool_input"] == {"command": "sed -i s/a/b/ addons/x/y.py"}
    assert claude["cwd"] == f"{ROOT}/addons"  # the command's own folder
    after = cursor.to_claude(
        "afterShellExecution", _doc("afterShellExecution", command="make", output="ok", duration=3)
    )
    assert (after["hook_event_name"], after["tool_name"], after["cwd"]) == ("PostToolUse", "Bash", ROOT)


def test_file_edit_is_a_post_tool_use_of_edit():
    edits = [{"old_string": "const foo = 1", "new_string": "const foo = 2"}]
    claude = cursor.to_claude(
        "afterFileEdit", _doc("afterFileEdit", file_path=f"{ROOT}/addons/x/m.py", edits=edits)
    )
    assert claude["hook_event_name"] == "PostToolUse"
    assert claude["tool_name"] == "Edit"
    assert claude["tool_input"]["file_path"] == f"{ROOT}/addons/x/m.py"
    assert claude["cwd"] == ROOT
    assert claude["session_id"] == COMMON["conversation_id"]


def test_mcp_prompt_and_stop():
    mcp = cursor.to_claude(
        "beforeMCPExecution",
        _doc("beforeMCPExecution", tool_name="query", tool_input='{"q": 1}', command="npx db"),
    )
    assert mcp["tool_name"] == "mcp__npx_db__query" and mcp["tool_input"] == {"q": 1}
    prompt = cursor.to_claude(
        "beforeSubmitPrompt", _doc("beforeSubmitPrompt", prompt="Fix it", attachments=[])
    )
    assert (prompt["hook_event_name"], prompt["prompt"]) == ("UserPromptSubmit", "Fix it")
    stop = cursor.to_claude("stop", _doc("stop", status="completed", loop_count=0))
    assert stop["hook_event_name"] == "Stop" and stop["stop_hook_active"] is False
    assert (
        cursor.to_claude("stop", _doc("stop", status="completed", loop_count=1))["stop_hook_active"] is True
    )
    assert cursor.to_claude("stop", _doc("stop", status="aborted", loop_count=0))["stop_hook_active"] is True
    assert cursor.to_claude("beforeReadFile", _doc("beforeReadFile", file_path="/x", content="")) is None


# -- out -------------------------------------------------------------------------------------
def _answer(result):
    code, out, _err = result
    assert code == 0
    return json.loads(out)


def test_allow_and_deny_carry_the_documented_fields():
    assert _answer(cursor.from_claude("pre-tool-use", 0, "", "")) == {"permission": "allow"}
    reason = "Module theirs is locked by session claude-other (Bob)."
    denied = _answer(cursor.from_claude("pre-tool-use", 0, hook_core.deny_json(reason) + "\n", ""))
    assert denied == {"permission": "deny", "user_message": reason, "agent_message": reason}
    exit2 = _answer(cursor.from_claude("pre-tool-use", 2, "", "refused\n"))
    assert exit2["permission"] == "deny" and exit2["agent_message"] == "refused"


def test_block_after_edit_and_stop():
    block = json.dumps({"decision": "block", "reason": "practice: module theirs is held by Bob; undo it"})
    code, out, err = cursor.from_claude("post-tool-use", 0, block + "\n", "")
    assert (code, json.loads(out)) == (0, {})  # afterFileEdit has no answer field
    assert "module theirs" in err  # the Hooks output channel shows it
    assert _answer(cursor.from_claude("stop", 0, "", "")) == {}
    stopped = _answer(cursor.from_claude("stop", 2, "", "the suite is red: run make test\n"))
    assert stopped == {"followup_message": "the suite is red: run make test"}
    prompt = _answer(cursor.from_claude("user-prompt-submit", 0, json.dumps({"hookSpecificOutput": {}}), ""))
    assert prompt == {"continue": True}


# -- end to end, our real handlers on a real work tree ------------------------------------------
def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    (work / "addons" / "theirs").mkdir(parents=True)
    (work / "addons" / "theirs" / "__manifest__.py").write_text("{'name': 'theirs'}\n")
    (work / "addons" / "theirs" / "x.py").write_text("a = 1\n")
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "t@example.com")
    _git(work, "config", "user.name", "T")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "init")
    return work


def test_an_edit_of_another_sessions_module_reaches_the_agent(tree):
    calls = []

    def call(model, method, *args, **kwargs):
        calls.append((model, method, args))
        return {"granted": False, "holder": HOLDER, "repo": "shop"}

    def dispatch(sub, payload):
        return hooks.HANDLERS[sub](hooks.HookContext(payload, call=call, environ={}))

    base = {**COMMON, "workspace_roots": [str(tree)]}
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    edit = {
        **base,
        "hook_event_name": "afterFileEdit",
        "file_path": str(tree / "addons/theirs/x.py"),
        "edits": [],
    }
    code, out, err = cursor.run("afterFileEdit", edit, dispatch)
    assert (code, json.loads(out)) == (0, {})
    assert "theirs" in err and "git checkout" in err
    assert (
        calls
        and calls[0][:2] == ("practice.lock", "acquire")
        and calls[0][2][:2] == ("theirs", COMMON["conversation_id"])
    )
    # the next permission answer tells the agent, without refusing the (undo) command
    shell = {**base, "hook_event_name": "beforeShellExecution", "command": "git status", "cwd": str(tree)}
    answer = json.loads(cursor.run("beforeShellExecution", shell, dispatch)[1])
    assert answer["permission"] == "allow" and "theirs" in answer["agent_message"]
    # taken once; the stop hands a kept block over as the next user message
    (tree / "addons" / "theirs" / "x.py").write_text("a = 3\n")
    cursor.run("afterFileEdit", edit, dispatch)
    stop = {**base, "hook_event_name": "stop", "status": "completed", "loop_count": 0}
    answer = json.loads(cursor.run("stop", stop, lambda sub, payload: (0, "", ""))[1])
    assert "theirs" in answer["followup_message"]
    assert json.loads(cursor.run("stop", stop, lambda sub, payload: (0, "", ""))[1]) == {}


def test_unhandled_events_answer_allow_or_nothing():
    assert json.loads(cursor.run("beforeReadFile", _doc("beforeReadFile"), None)[1]) == {
        "permission": "allow"
    }
    assert json.loads(cursor.run("afterAgentResponse", _doc("afterAgentResponse"), None)[1]) == {}


# -- install -----------------------------------------------------------------------------------
USER_HOOKS = {
    "version": 1,
    "hooks": {
        "beforeShellExecution": [{"command": "./hooks/audit.sh"}],
        "afterTabFileEdit": [{"command": "./hooks/format-tab.sh"}],
    },
}
USER_MCP = {"mcpServers": {"db": {"command": "npx", "args": ["db-server"], "env": {"X": "1"}}}}


def test_install_is_idempotent_and_uninstall_removes_exactly_ours(tree):
    cursor_dir = tree / ".cursor"
    cursor_dir.mkdir()
    (cursor_dir / "hooks.json").write_text(json.dumps(USER_HOOKS))
    (cursor_dir / "mcp.json").write_text(json.dumps(USER_MCP))
    done = cursor.install(str(tree))
    assert done == ["wrote .cursor/hooks.json", "wrote .cursor/mcp.json"]
    config = json.loads((cursor_dir / "hooks.json").read_text())
    assert config["version"] == 1
    assert config["hooks"]["beforeShellExecution"] == [
        {"command": "./hooks/audit.sh"},
        {"command": "practice hook --agent cursor pre-tool-use"},
    ]
    for event, sub in cursor.EVENTS.items():
        assert {"command": f"practice hook --agent cursor {sub}"} in config["hooks"][event]
    assert config["hooks"]["afterTabFileEdit"] == USER_HOOKS["hooks"]["afterTabFileEdit"]
    mcp = json.loads((cursor_dir / "mcp.json").read_text())
    assert mcp["mcpServers"] == {
        **USER_MCP["mcpServers"],
        "practice": {"command": "practice", "args": ["mcp"]},
    }
    before = [(cursor_dir / n).read_bytes() for n in ("hooks.json", "mcp.json")]
    assert cursor.install(str(tree)) == []
    assert [(cursor_dir / n).read_bytes() for n in ("hooks.json", "mcp.json")] == before
    # another command path: upgraded in place, still one entry per event
    cursor.install(str(tree), command="/opt/bin/practice")
    config = json.loads((cursor_dir / "hooks.json").read_text())
    assert [e["command"] for e in config["hooks"]["stop"]] == ["/opt/bin/practice hook --agent cursor stop"]
    assert cursor.install(str(tree), command="/opt/bin/practice", uninstall=True) == [
        "updated .cursor/hooks.json",
        "updated .cursor/mcp.json",
    ]
    assert json.loads((cursor_dir / "hooks.json").read_text()) == USER_HOOKS
    assert json.loads((cursor_dir / "mcp.json").read_text()) == USER_MCP
    assert cursor.install(str(tree), uninstall=True) == []


def test_install_from_nothing_and_uninstall_leaves_nothing(tree):
    cursor.install(str(tree))
    assert (tree / ".cursor" / "hooks.json").exists() and (tree / ".cursor" / "mcp.json").exists()
    assert cursor.install(str(tree), uninstall=True) == [
        "removed .cursor/hooks.json",
        "removed .cursor/mcp.json",
    ]
    assert not (tree / ".cursor" / "hooks.json").exists() and not (tree / ".cursor" / "mcp.json").exists()


def test_a_broken_file_is_not_overwritten(tree):
    (tree / ".cursor").mkdir()
    (tree / ".cursor" / "hooks.json").write_text("{not json")
    with pytest.raises(hook_core.HookInputError):
        cursor.install(str(tree))
    assert (tree / ".cursor" / "hooks.json").read_text() == "{not json"


def test_the_first_prompt_of_a_conversation_starts_its_session(tmp_path):
    """Cursor has no session start: the first beforeSubmitPrompt of a conversation runs
    session-start first, once; its notes reach the user on stderr, the prompt goes on."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    seen = []

    def dispatch(sub, claude):
        seen.append((sub, claude.get("hook_event_name"), claude.get("source")))
        if sub == "session-start":
            where = hook_core.Where(claude, ask_git=False)
            session = hook_core.Session(claude, {}, where)
            session.save_state({"started_at": 1})
            return 0, "# Practice context\n", "practice: rules files refreshed\n"
        return 0, "", ""

    doc = {**_doc("beforeSubmitPrompt", prompt="Fix it", attachments=[]), "workspace_roots": [str(tmp_path)]}
    code, out, err = cursor.run("beforeSubmitPrompt", doc, dispatch)
    assert (code, json.loads(out)) == (0, {"continue": True})
    assert seen == [
        ("session-start", "SessionStart", "startup"),
        ("user-prompt-submit", "UserPromptSubmit", None),
    ]
    assert "rules files refreshed" in err
    seen.clear()
    cursor.run("beforeSubmitPrompt", doc, dispatch)
    assert seen == [("user-prompt-submit", "UserPromptSubmit", None)], "once per conversation"
