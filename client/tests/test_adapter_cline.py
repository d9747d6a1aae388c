"""The Cline adapter: Cline's hook payloads (``data/cline/``, their origin in its SOURCE.md: the
classic extension's ``hookName: "PreToolUse"`` inputs and the SDK's ``hookName: "tool_call"``
ones) translate to the Claude Code–shaped payloads our handlers read; our answers come back as
Cline's documented ``{"cancel", "contextModification", "errorMessage"}``; the hook scripts in
``.clinerules/hooks/`` are installed and removed without touching the user's own; and ``practice
hook --agent cline`` answers through the CLI, against a fake server."""

import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from practice_client import adapter_cline as cline
from practice_client import cli as cli_module
from practice_client import hooks

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data" / "cline"
PLACEHOLDER = "/path/to/project"
HOLDER = {
    "session_id": "claude-other",
    "user": "Mitchell Admin",
    "since": "2026-12-07 10:00:00",
    "reason": "Edit price.py",
}
TASK = "1736654399000"  # taskId of the classic samples
SDK_SESSION = "sess_01J9ZK4M2N3P4Q5R6S7T8V9W0X"


def _replace(value, root):
    if isinstance(value, str):
        return value.replace(PLACEHOLDER, str(root))
    if isinstance(value, list):
        return [_replace(v, root) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, root) for k, v in value.items()}
    return value


def doc(name, root):
    """The documented payload ``data/cline/<name>.json`` with the workspace root set to ``root``."""
    return _replace(json.loads((DATA / f"{name}.json").read_text()), root)


def valid_answer(text):
    """Cline's answer as ``hook-factory.ts`` ``validateHookOutput`` and the SDK's
    ``HookOutputSchema`` accept it: one JSON object, ``cancel`` a boolean, the two others strings,
    no ``shouldContinue``; returned parsed."""
    assert text.endswith("\n") and text.count("\n") == 1, text  # one line on stdout
    value = json.loads(text)
    assert isinstance(value, dict) and "shouldContinue" not in value
    assert isinstance(value.get("cancel", False), bool)
    assert isinstance(value.get("contextModification", ""), str)
    assert isinstance(value.get("errorMessage", ""), str)
    assert len(value.get("contextModification", "")) <= 50_000
    return value


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    for module in ("free_mod", "sale_pricing"):
        (root / "addons" / module / "models").mkdir(parents=True)
        (root / "addons" / module / "__manifest__.py").write_text("{'name': 'x'}\n")
    (root / "addons" / "sale_pricing" / "models" / "price.py").write_text("x = 1\n")
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "t@example.com")
    _git(root, "config", "user.name", "T")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")
    monkeypatch.delenv("PRACTICE_SESSION", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return root


# -- in ----------------------------------------------------------------------------------------
def test_every_hook_has_a_handler_and_both_vocabularies_are_known():
    assert set(cline.EVENTS.values()) <= set(hooks.HANDLERS)
    assert set(cline.SDK_NAMES.values()) <= set(cline.EVENTS)
    assert cline.hook_of({"hookName": "tool_call"}) == "PreToolUse"
    assert cline.hook_of({"hookName": "Notification"}) is None  # not installed


def test_classic_lifecycle_payloads(tree):
    start = cline.to_claude(doc("classic/TaskStart", tree))
    assert start["hook_event_name"] == "SessionStart" and start["source"] == "startup"
    assert (start["session_id"], start["cwd"], start["agent"]) == (TASK, str(tree), "cline")
    assert start["model"] == "anthropic/claude-sonnet-4.5"
    assert cline.to_claude(doc("classic/TaskResume", tree))["source"] == "resume"
    prompt = cline.to_claude(doc("classic/UserPromptSubmit", tree))
    assert (prompt["hook_event_name"], prompt["prompt"]) == (
        "UserPromptSubmit",
        "Add a discount rule to free_mod",
    )
    done = cline.to_claude(doc("classic/TaskComplete", tree))
    assert done["hook_event_name"] == "Stop" and done["stop_hook_active"] is False
    cancel = cline.to_claude(doc("classic/TaskCancel", tree))
    assert cancel["hook_event_name"] == "SessionEnd" and cancel["reason"] == "Cline task cancelled"
    compact = cline.to_claude(doc("classic/PreCompact", tree))
    assert (compact["hook_event_name"], compact["trigger"]) == ("PreCompact", "auto")


def test_classic_tool_payloads(tree):
    write = cline.to_claude(doc("classic/PreToolUse.write_to_file", tree))
    assert (write["hook_event_name"], write["tool_name"]) == ("PreToolUse", "Write")
    # a relative path is resolved against the workspace root
    assert write["tool_input"]["file_path"] == str(tree / "addons/free_mod/models/rule.py")
    edit = cline.to_claude(doc("classic/PreToolUse.replace_in_file", tree))
    assert edit["tool_name"] == "Edit" and edit["cline_tool_name"] == "replace_in_file"
    shell = cline.to_claude(doc("classic/PreToolUse.execute_command", tree))
    assert (shell["tool_name"], shell["tool_input"]) == ("Bash", {"command": "npm test"})
    after = cline.to_claude(doc("classic/PostToolUse.execute_command", tree))
    assert (after["hook_event_name"], after["tool_name"]) == ("PostToolUse", "Bash")
    assert after["tool_response"] == {"result": "All tests passed", "success": True}
    assert cline.to_claude(doc("classic/PreToolUse.read_file", tree)) is None  # cannot write


def test_sdk_tool_payloads(tree):
    editor = cline.to_claude(doc("sdk/tool_call.editor", tree))
    assert editor["session_id"] == SDK_SESSION  # sessionContext.rootSessionId
    assert editor["tool_name"] == "Edit"
    assert editor["tool_input"]["file_path"] == str(tree / "addons/sale_pricing/models/price.py")
    run = doc("sdk/tool_call.run_commands", tree)
    expected = "ls addons\nsed -i s/x/y/ addons/sale_pricing/models/price.py"
    assert cline.to_claude(run)["tool_input"] == {"command": expected}
    del run["tool_call"]  # the v4 extension sends only the stringified parameters
    assert cline.to_claude(run)["tool_input"] == {"command": expected}
    each = cline.to_claude_each(doc("sdk/tool_call.apply_patch", tree))
    assert [(c["tool_name"], Path(c["tool_input"]["file_path"]).parts[-3]) for c in each] == [
        ("Write", "free_mod"),
        ("Edit", "sale_pricing"),
    ]
    assert cline.to_claude(doc("sdk/agent_end", tree))["hook_event_name"] == "Stop"
    assert cline.to_claude(doc("sdk/agent_abort", tree))["hook_event_name"] == "SessionEnd"


def test_unreadable_edits_and_foreign_input_fail_closed(tree):
    patch = doc("sdk/tool_call.apply_patch", tree)
    patch["tool_call"]["input"] = {"input": "not a patch"}
    patch["preToolUse"]["parameters"] = {"input": "not a patch"}
    claude = cline.to_claude(patch)
    assert "file_path" not in claude["tool_input"]  # the policy denies an edit without a path
    code, out, _err = hooks.pre_tool_use(hooks.HookContext(claude, call=None, environ={}))
    assert json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny"
    with pytest.raises(cline.ClineAdapterError):
        cline.to_claude({"hookName": "SomethingElse"})
    failed = lambda sub, error: (0, hooks.denied_on_error(error) + "\n", "")  # noqa: E731
    code, out, _err = cline.answer("pre-tool-use", {"hookName": "PostToolUse"}, None, None, failed)
    assert code == 0 and valid_answer(out)["cancel"] is True


# -- out ---------------------------------------------------------------------------------------
def test_answers_carry_the_documented_fields():
    assert valid_answer(cline.from_claude("pre-tool-use", 0, "", "")[1]) == {
        "cancel": False,
        "contextModification": "",
        "errorMessage": "",
    }
    reason = "sale_pricing is locked by session claude-other (Mitchell Admin)"
    denied = valid_answer(cline.from_claude("pre-tool-use", 0, hooks.deny(reason) + "\n", "")[1])
    assert denied == {"cancel": True, "contextModification": "", "errorMessage": reason}
    block = json.dumps({"decision": "block", "reason": "practice: undo the change in sale_pricing"})
    after = valid_answer(cline.from_claude("post-tool-use", 0, block + "\n", "")[1])
    assert after["cancel"] is False and "undo the change" in after["contextModification"]
    start = valid_answer(cline.from_claude("session-start", 0, "# Practice context\n", "")[1])
    assert start["contextModification"] == "# Practice context"
    prompt_json = json.dumps(
        {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "R1"}}
    )
    assert (
        valid_answer(cline.from_claude("user-prompt-submit", 0, prompt_json, "")[1])["contextModification"]
        == "R1"
    )
    code, out, err = cline.from_claude("stop", 2, "", "the suite is red: run the tests\n")
    assert code == 0 and valid_answer(out)["cancel"] is False  # TaskComplete cannot continue the task
    assert "suite is red" in err and "suite is red" in valid_answer(out)["contextModification"]
    code, out, err = cline.from_claude("session-end", 1, "", "practice: server down\n")
    assert (code, valid_answer(out)["cancel"], err) == (0, False, "practice: server down\n")


# -- our real handlers, a fake server ----------------------------------------------------------
def _server(calls):
    expires = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 3600))

    def call(model, method, *args, **kwargs):
        calls.append((model, method, args))
        if method == "acquire":
            if args[0] == "sale_pricing":
                return {"granted": False, "module": args[0], "repo": "main", "holder": HOLDER}
            return {"granted": True, "module": args[0], "repo": "main", "token": 7, "expires_at": expires}
        if method == "held":
            return {"locks": [], "repo": "main"}
        if method == "search_read":
            return []
        return {}

    return call


def _runner(calls, tmp_path):
    environ = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PRACTICE_STOP_GUARD": "0"}
    call = _server(calls)

    def decide(sub, payload):
        return hooks.HANDLERS[sub](hooks.HookContext(payload, call=call, environ=environ))

    def failed(sub, error):
        return (
            (0, hooks.denied_on_error(error) + "\n", "") if sub == "pre-tool-use" else (1, "", f"{error}\n")
        )

    return lambda sub, payload: cline.answer(sub, payload, None, decide, failed)


def test_edit_of_a_free_module_goes_on_and_another_sessions_is_cancelled(tree, tmp_path):
    calls = []
    run = _runner(calls, tmp_path)
    code, out, _err = run("pre-tool-use", doc("classic/PreToolUse.write_to_file", tree))
    assert code == 0 and valid_answer(out)["cancel"] is False
    assert calls[0][:3] == ("practice.lock", "acquire", ("free_mod", TASK))
    code, out, _err = run("pre-tool-use", doc("classic/PreToolUse.replace_in_file", tree))
    answer = valid_answer(out)
    assert answer["cancel"] is True
    assert "sale_pricing" in answer["errorMessage"] and "claude-other" in answer["errorMessage"]
    # the SDK's editor call on the same module: same refusal
    answer = valid_answer(run("pre-tool-use", doc("sdk/tool_call.editor", tree))[1])
    assert answer["cancel"] is True and "claude-other" in answer["errorMessage"]
    # an apply_patch touching both modules is refused as a whole
    answer = valid_answer(run("pre-tool-use", doc("sdk/tool_call.apply_patch", tree))[1])
    assert answer["cancel"] is True and "sale_pricing" in answer["errorMessage"]


def test_cancel_right_after_our_refusal_keeps_the_session(tree, tmp_path):
    calls = []
    run = _runner(calls, tmp_path)
    run("pre-tool-use", doc("classic/PreToolUse.replace_in_file", tree))
    calls.clear()
    code, out, err = run("session-end", doc("classic/TaskCancel", tree))
    assert code == 0 and valid_answer(out) == {"cancel": False, "contextModification": "", "errorMessage": ""}
    assert calls == [] and "keeps its locks" in err
    # a later cancel is the user's: the session ends (its locks released, its log finished)
    code, out, err = run("session-end", doc("classic/TaskCancel", tree))
    assert valid_answer(out)["cancel"] is False
    assert ("practice.lock", "held") in [c[:2] for c in calls] and f"session {TASK} ended" in err


def test_shell_command_and_task_complete(tree, tmp_path):
    calls = []
    run = _runner(calls, tmp_path)
    code, out, _err = run("pre-tool-use", doc("classic/PreToolUse.execute_command", tree))
    assert valid_answer(out)["cancel"] is False
    code, out, _err = run("post-tool-use", doc("classic/PostToolUse.execute_command", tree))
    assert valid_answer(out)["cancel"] is False
    code, out, err = run("stop", doc("classic/TaskComplete", tree))
    assert code == 0 and valid_answer(out)["cancel"] is False


def test_a_stop_block_reaches_the_model_with_the_next_prompt(tree):
    red = "practice: the suite is red for sale_pricing: run it before saying you are done"
    failed = lambda sub, error: (1, "", str(error))  # noqa: E731
    code, out, err = cline.answer(
        "stop", doc("classic/TaskComplete", tree), None, lambda s, p: (2, "", red), failed
    )
    assert valid_answer(out)["contextModification"] == red and red in err
    prompt = doc("classic/UserPromptSubmit", tree)
    answer = valid_answer(
        cline.answer("user-prompt-submit", prompt, None, lambda s, p: (0, "", ""), failed)[1]
    )
    assert answer["contextModification"] == red and answer["cancel"] is False
    again = valid_answer(
        cline.answer("user-prompt-submit", prompt, None, lambda s, p: (0, "", ""), failed)[1]
    )
    assert again["contextModification"] == ""  # handed over once


def test_a_script_answering_the_wrong_hook_fails(tree):
    failed = lambda sub, error: (1, "", f"practice hook {sub}: {error}\n")  # noqa: E731
    code, out, err = cline.answer("stop", doc("classic/TaskStart", tree), None, None, failed)
    assert valid_answer(out)["cancel"] is False and "TaskStart" in err


# -- install -----------------------------------------------------------------------------------
def test_install_writes_executable_scripts_idempotently_and_uninstall_removes_them(tree):
    folder = tree / ".clinerules" / "hooks"
    done = cline.install(str(tree), windows=False, environ={})
    assert done[0].startswith("wrote the practice's Cline hooks") and "cline_mcp_settings.json" in done[1]
    for hook, sub in cline.EVENTS.items():
        path = folder / hook
        text = path.read_text()
        assert text.startswith("#!/bin/sh\n# practice: generated by `practice hooks install --agent cline`")
        assert text.endswith(f"exec practice hook --agent cline {sub}\n")
        assert path.stat().st_mode & stat.S_IXUSR
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cline.install(str(tree), windows=False, environ={})[0].endswith(
        "already with the practice's Cline hooks"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    os.chmod(folder / "PreToolUse", 0o644)  # switched off in Cline's Hooks tab
    assert (
        cline.install(str(tree), windows=False, environ={})[0]
        == f"enabled (chmod 755) PreToolUse in {folder}"
    )
    cline.install(str(tree), command="/opt/bin/practice", windows=False, environ={})
    assert (
        (folder / "TaskCancel")
        .read_text()
        .endswith("exec /opt/bin/practice hook --agent cline session-end\n")
    )
    assert cline.install(str(tree), uninstall=True, environ={})[0].startswith(
        "removed the practice's Cline hooks"
    )
    assert not (tree / ".clinerules").exists()


def test_the_users_own_scripts_are_kept(tree):
    folder = tree / ".clinerules" / "hooks"
    folder.mkdir(parents=True)
    (tree / ".clinerules" / "style.md").write_text("Use tabs.\n")
    (folder / "PreToolUse").write_text("#!/bin/sh\necho '{\"cancel\":false}'\n")
    (folder / "Notification").write_text("#!/bin/sh\nexit 0\n")
    with pytest.raises(cline.ClineAdapterError, match="your own PreToolUse"):
        cline.install(str(tree), windows=False, environ={})
    assert sorted(p.name for p in folder.iterdir()) == ["Notification", "PreToolUse"]  # nothing written
    (folder / "PreToolUse").unlink()
    cline.install(str(tree), windows=False, environ={})
    # an edited script of ours is the user's now: kept by uninstall, refused by install
    edited = folder / "PostToolUse"
    edited.write_text(edited.read_text() + "echo done >&2\n")
    cline.install(str(tree), uninstall=True, environ={})
    assert sorted(p.name for p in folder.iterdir()) == ["Notification", "PostToolUse"]
    assert (tree / ".clinerules" / "style.md").exists()
    with pytest.raises(cline.ClineAdapterError, match="PostToolUse"):
        cline.install(str(tree), windows=False, environ={})


def test_windows_scripts_and_a_rules_file(tree):
    done = cline.install(str(tree), windows=True, environ={})
    ps1 = tree / ".clinerules" / "hooks" / "PreToolUse.ps1"
    assert done and ps1.read_text().startswith(cline.MARKER)
    assert "| & practice hook --agent cline pre-tool-use\n" in ps1.read_text()
    cline.install(str(tree), uninstall=True, environ={})
    assert not (tree / ".clinerules").exists()
    (tree / ".clinerules").write_text("Rules in one file.\n")
    with pytest.raises(cline.ClineAdapterError, match="is a file"):
        cline.install(str(tree), windows=False, environ={})


def test_mcp_server_is_merged_into_the_file_cline_reads(tree, tmp_path):
    settings = tmp_path / "cline" / "cline_mcp_settings.json"
    settings.parent.mkdir()
    user = {"mcpServers": {"db": {"command": "npx", "args": ["db"], "disabled": False}}}
    settings.write_text(json.dumps(user))
    environ = {"CLINE_MCP_SETTINGS_PATH": str(settings)}
    done = cline.install(str(tree), windows=False, environ=environ)
    assert done[-1] == f"added the practice MCP server to {settings}"
    merged = json.loads(settings.read_text())
    assert merged["mcpServers"] == {
        **user["mcpServers"],
        "practice": {"command": "practice", "args": ["mcp"]},
    }
    # Cline's own keys on our server survive a reinstall
    merged["mcpServers"]["practice"]["autoApprove"] = ["lock_status"]
    settings.write_text(json.dumps(merged))
    assert len(cline.install(str(tree), windows=False, environ=environ)) == 1
    assert json.loads(settings.read_text())["mcpServers"]["practice"]["autoApprove"] == ["lock_status"]
    cline.install(str(tree), uninstall=True, environ=environ)
    assert json.loads(settings.read_text()) == user
    settings.write_text(json.dumps({"mcpServers": {"practice": {"url": "https://example.com/mcp"}}}))
    with pytest.raises(cline.ClineAdapterError, match="not `practice mcp`"):
        cline.install(str(tree), windows=False, environ=environ)
    assert not (tree / ".clinerules").exists()  # refused before anything was written


# -- the CLI -----------------------------------------------------------------------------------
class Server:
    calls = []
    logged_in = False

    def __init__(self, settings):
        self.settings = settings

    def use_known_uid(self, uid):
        pass

    def call(self, model, method, *args, **kwargs):
        Server.calls.append((model, method, args))
        return _server([])(model, method, *args, **kwargs)


def _hook(event, payload):
    env = {"PRACTICE_API_KEY": "k", "PRACTICE_STOP_GUARD": "0", "PRACTICE_SESSION": ""}
    return CliRunner().invoke(
        cli_module.cli,
        ["hook", "--agent", "cline", event],
        input=payload if isinstance(payload, str) else json.dumps(payload),
        env=env,
        catch_exceptions=False,
    )


def test_cli_answers_in_clines_words(tree, monkeypatch):
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", Server)
    Server.calls = []
    result = _hook("pre-tool-use", doc("classic/PreToolUse.replace_in_file", tree))
    assert result.exit_code == 0, result.output
    answer = valid_answer(result.stdout)
    assert answer["cancel"] is True and "claude-other" in answer["errorMessage"]
    assert Server.calls[0][:3] == ("practice.lock", "acquire", ("sale_pricing", TASK))
    result = _hook("pre-tool-use", doc("classic/PreToolUse.write_to_file", tree))
    assert result.exit_code == 0 and valid_answer(result.stdout)["cancel"] is False
    # unreadable input: the edit hook fails closed
    result = _hook("pre-tool-use", "{not json")
    assert result.exit_code == 0 and valid_answer(result.stdout)["cancel"] is True


def test_cli_installs_and_uninstalls_for_cline(tree, monkeypatch):
    monkeypatch.chdir(tree)
    monkeypatch.delenv("CLINE_MCP_SETTINGS_PATH", raising=False)
    monkeypatch.delenv("PRACTICE_CLINE_MCP_SETTINGS", raising=False)
    env = {"PRACTICE_API_KEY": "k"}
    for _ in range(2):
        result = CliRunner().invoke(cli_module.cli, ["hooks", "install", "--agent", "cline"], env=env)
        assert result.exit_code == 0, result.output
    assert (tree / ".clinerules" / "hooks" / "PreToolUse").exists()
    assert "practice-lock-guard" in (tree / ".git" / "hooks" / "pre-commit").read_text()
    result = CliRunner().invoke(
        cli_module.cli, ["hooks", "install", "--agent", "cline", "--uninstall"], env=env
    )
    assert result.exit_code == 0, result.output
    assert not (tree / ".clinerules").exists()
