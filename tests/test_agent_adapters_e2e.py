"""Each agent adapter end to end: `practice hooks install --agent codex|cursor|gemini|cline` in a
real git work tree pointed at a repository of its own, then the agent's documented hook payloads
(``client/tests/data/``, the adapters' unit tests) fed to the command its installed configuration
runs, against a live server: session start, an edit of a free module (its lock taken by the
session in that repository), an edit of a module another session holds (the agent's refusal
naming the holder, no lock taken), a shell command, the stop and the session end."""

import json
import os
import shlex
import stat
import subprocess
import sys
import tomllib
import uuid

import jsonschema
import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

CLIENT_DIR = PROJECT_DIR / "client"
DATA = CLIENT_DIR / "tests" / "data"
FREE, HELD, CLINE_FREE = "sale_rounding", "sale_pricing", "free_mod"  # the samples' modules
HELD_FILE = f"addons/{HELD}/models/price.py"
HELD_REASON = f"Edit {HELD_FILE}"
SHELL = f"python -m pytest -q addons/{FREE}"  # writes no module file


# -- running the client as the agent's configuration runs it ----------------------------------
def _env(server, tree):
    drop = ("PRACTICE_", "GIT_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for name in ("CLAUDE_ENV_FILE", "CLINE_MCP_SETTINGS_PATH"):
        env.pop(name, None)
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": "admin",
            "PRACTICE_API_KEY": "admin",
            "PYTHONPATH": str(CLIENT_DIR),
            "XDG_CACHE_HOME": str(tree.parent / "cache"),  # the lock proofs of this test only
        }
    )
    return env


def practice(server, tree, *args, stdin=None):
    done = subprocess.run(
        [sys.executable, "-m", "practice_client", *args],
        cwd=tree,
        env=_env(server, tree),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def run_hook(server, tree, command, payload):
    """The hook command an agent's configuration names (``practice hook --agent X <event>``), with
    ``payload`` on stdin, run as ``python -m practice_client`` in the work tree."""
    argv = shlex.split(command)
    assert argv[0] == "practice" and argv[1:3] == ["hook", "--agent"], command
    return practice(server, tree, *argv[1:], stdin=json.dumps(payload))


def answer(done, allow_empty=True):
    """The agent's answer: exit 0 and one line of JSON (``{}`` for no output where allowed)."""
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    if not done.stdout.strip():
        assert allow_empty, done.stderr
        return {}
    assert done.stdout.endswith("\n") and done.stdout.count("\n") == 1, done.stdout
    return json.loads(done.stdout)


def _git(tree, *args):
    ident = ["-c", "user.name=e2e", "-c", "user.email=e2e@example.com"]
    return subprocess.run(["git", *ident, *args], cwd=tree, capture_output=True, text=True, check=True)


@pytest.fixture
def tree(tmp_path):
    """A committed git work tree with the samples' Odoo modules."""
    root = tmp_path / "shop"
    for module, name in ((FREE, "rounding.py"), (HELD, "price.py"), (CLINE_FREE, "rule.py")):
        (root / "addons" / module / "models").mkdir(parents=True)
        (root / "addons" / module / "__manifest__.py").write_text(f"{{'name': '{module}'}}\n")
        (root / "addons" / module / "models" / name).write_text("x = 1\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "init")
    return root


def _unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- the server's side ------------------------------------------------------------------------
def init_repo(server, tree):
    """`practice init --repo <new> --create`: the work tree's own (non-default) repository."""
    repo = _unique("adapters")
    done = practice(server, tree, "init", "--repo", repo, "--create")
    assert done.returncode == 0, done.stderr
    assert f"repository {repo} (created)" in done.stdout
    return repo


def hold(admin_rpc, repo):
    """Another session takes HELD in ``repo`` (over XML-RPC, as Claude Code's hook would)."""
    other = _unique("claude-other")
    got = admin_rpc.call("practice.lock", "acquire", HELD, other, reason=HELD_REASON, repo=repo)
    assert got["granted"] and got["repo"] == repo, got
    return other, got


def locks_of(admin_rpc, repo, session):
    held = admin_rpc.call("practice.lock", "held", repo=repo, session_id=session)["locks"]
    return sorted(lock["module"] for lock in held)


def log_of(admin_rpc, session):
    rows = admin_rpc.call(
        "practice.session.log",
        "search_read",
        [("name", "=", session)],
        ["state", "outcome", "repo_id", "module_ids"],
    )
    if not rows:
        return None
    (log,) = rows
    names = admin_rpc.call("practice.code.module", "read", log["module_ids"], ["name"])
    return {**log, "repo": log["repo_id"] and log["repo_id"][1], "modules": sorted(m["name"] for m in names)}


def assert_names_holder(text, repo, other, got):
    assert f"{HELD} (repository {repo}) is locked by session {other}" in text, text
    assert got["holder"]["user"] in text and HELD_REASON in text, text


def assert_not_taken(admin_rpc, repo, session, other):
    """HELD is still the other session's; ``session`` took no lock on it."""
    verdict = admin_rpc.call("practice.lock", "verify", [HELD], session, repo=repo)
    assert verdict["ours"] == [] and [t["session_id"] for t in verdict["theirs"]] == [other], verdict


def release_other(admin_rpc, other, got):
    assert admin_rpc.call("practice.lock", "release", got["token"], other)["ok"]


def assert_guard(tree):
    assert "practice-lock-guard" in (tree / ".git" / "hooks" / "pre-commit").read_text()


# -- Codex CLI ---------------------------------------------------------------------------------
CODEX_SCHEMAS = DATA / "codex_hooks_schema"


def codex_schema(name, kind):
    return json.loads((CODEX_SCHEMAS / f"{name}.command.{kind}.schema.json").read_text())


def codex_payload(tree, session, event, **fields):
    """Codex's hook input (codex-rs/hooks/schema/generated, as test_adapter_codex.py builds it)."""
    base = {
        "session_id": session,
        "transcript_path": f"/home/dev/.codex/sessions/2026/08/21/rollout-{session}.jsonl",
        "cwd": str(tree),
        "hook_event_name": event,
        "model": "gpt-5-codex",
    }
    if event != "PreCompact":
        base["permission_mode"] = "default"
    if event not in ("SessionStart", "PreToolUse"):
        base["turn_id"] = "turn-3"
    return {**base, **fields}


def patch(path):
    return f"*** Begin Patch\n*** Update File: {path}\n@@\n-x = 1\n+x = 2\n*** End Patch\n"


def test_codex(live_odoo, admin_rpc, tree):
    repo = init_repo(live_odoo, tree)
    session = str(uuid.uuid4())
    installed = practice(live_odoo, tree, "hooks", "install", "--agent", "codex")
    assert installed.returncode == 0, installed.stderr
    config = json.loads((tree / ".codex" / "hooks.json").read_text())
    commands = {
        event: [h["command"] for g in groups for h in g["hooks"] if "--agent codex" in h["command"]]
        for event, groups in config["hooks"].items()
    }
    assert commands == {
        "SessionStart": ["practice hook --agent codex session-start"],
        "UserPromptSubmit": ["practice hook --agent codex user-prompt-submit"],
        "PreToolUse": ["practice hook --agent codex pre-tool-use"],
        "PostToolUse": ["practice hook --agent codex post-tool-use"],
        "PreCompact": ["practice hook --agent codex pre-compact"],
        "Stop": ["practice hook --agent codex stop"],
    }
    assert [g.get("matcher") for g in config["hooks"]["PreToolUse"]] == ["Bash|apply_patch"]
    toml = tomllib.loads((tree / ".codex" / "config.toml").read_text())
    assert toml["mcp_servers"]["practice"] == {"command": "practice", "args": ["mcp"]}
    assert_guard(tree)

    def codex(event, **fields):
        payload = codex_payload(tree, session, event, **fields)
        return run_hook(live_odoo, tree, commands[event][0], payload)

    # session start: the context of the work tree's repository; the session log runs there
    start = answer(codex("SessionStart", source="startup"), allow_empty=False)
    jsonschema.validate(start, codex_schema("session-start", "output"))
    assert start["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    assert start["hookSpecificOutput"]["additionalContext"].startswith(f"# Practice context: {repo}")
    log = log_of(admin_rpc, session)
    assert log and (log["state"], log["repo"]) == ("running", repo), log

    # an apply_patch into a free module: allowed (no output), the lock is the session's
    edit = codex(
        "PreToolUse",
        tool_name="apply_patch",
        tool_input={"command": patch(f"addons/{FREE}/models/rounding.py")},
        tool_use_id="call_1",
    )
    assert answer(edit) == {} and edit.stderr == "", edit.stderr
    assert locks_of(admin_rpc, repo, session) == [FREE]
    assert log_of(admin_rpc, session)["modules"] == [FREE]
    (tree / "addons" / FREE / "models" / "rounding.py").write_text("x = 2\n")  # Codex applies it

    # an apply_patch into the module another session holds: denied naming the holder
    other, got = hold(admin_rpc, repo)
    denied = answer(
        codex(
            "PreToolUse",
            tool_name="apply_patch",
            tool_input={"command": patch(HELD_FILE)},
            tool_use_id="call_2",
        ),
        allow_empty=False,
    )
    jsonschema.validate(denied, codex_schema("pre-tool-use", "output"))
    decision = denied["hookSpecificOutput"]
    assert (decision["hookEventName"], decision["permissionDecision"]) == ("PreToolUse", "deny")
    assert_names_holder(decision["permissionDecisionReason"], repo, other, got)
    assert_not_taken(admin_rpc, repo, session, other)

    # a shell command (the input as Codex's schema has it): allowed, before and after
    shell = codex_payload(
        tree, session, "PreToolUse", tool_name="Bash", tool_input={"command": SHELL}, tool_use_id="call_3"
    )
    jsonschema.validate(shell, codex_schema("pre-tool-use", "input"))
    assert answer(run_hook(live_odoo, tree, commands["PreToolUse"][0], shell)) == {}
    response = {"exit_code": 0, "stdout": "1 passed", "stderr": ""}
    after = codex(
        "PostToolUse",
        tool_name="Bash",
        tool_input={"command": SHELL},
        tool_response=response,
        tool_use_id="call_3",
    )
    assert answer(after) == {}

    # stop: the session changed a module and no green run was pushed: Codex goes on with the reason
    stop = codex_payload(tree, session, "Stop", stop_hook_active=False, last_assistant_message="Done.")
    jsonschema.validate(stop, codex_schema("stop", "input"))
    blocked = answer(run_hook(live_odoo, tree, commands["Stop"][0], stop), allow_empty=False)
    jsonschema.validate(blocked, codex_schema("stop", "output"))
    assert blocked["decision"] == "block" and "practice eval push" in blocked["reason"], blocked
    assert FREE in blocked["reason"]
    assert answer(codex("Stop", stop_hook_active=True, last_assistant_message="Done.")) == {}

    # Codex has no SessionEnd: the locks go back by their lease, or by `practice lock release`
    assert locks_of(admin_rpc, repo, session) == [FREE]
    released = practice(live_odoo, tree, "lock", "release", "--module", FREE, "--session", session)
    assert released.returncode == 0, released.stdout + released.stderr
    assert locks_of(admin_rpc, repo, session) == []
    assert log_of(admin_rpc, session)["state"] == "running"
    release_other(admin_rpc, other, got)


# -- Cursor ------------------------------------------------------------------------------------
CURSOR_COMMANDS = {
    "beforeSubmitPrompt": ["practice hook --agent cursor user-prompt-submit"],
    "beforeShellExecution": ["practice hook --agent cursor pre-tool-use"],
    "beforeMCPExecution": ["practice hook --agent cursor pre-tool-use"],
    "afterShellExecution": ["practice hook --agent cursor post-tool-use"],
    "afterFileEdit": ["practice hook --agent cursor post-tool-use"],
    "stop": ["practice hook --agent cursor stop"],
}
EDITS = [{"old_string": "x = 1", "new_string": "x = 2"}]


def cursor_install(server, tree):
    """`practice hooks install --agent cursor`; returns ``hook(event, **fields)`` running what
    ``.cursor/hooks.json`` names for ``event`` with Cursor's input, and the conversation id."""
    installed = practice(server, tree, "hooks", "install", "--agent", "cursor")
    assert installed.returncode == 0, installed.stderr
    config = json.loads((tree / ".cursor" / "hooks.json").read_text())
    assert config["version"] == 1
    commands = {event: [e["command"] for e in entries] for event, entries in config["hooks"].items()}
    assert commands == CURSOR_COMMANDS
    conversation = str(uuid.uuid4())

    def hook(event, **fields):
        # the fields every Cursor hook gets (https://cursor.com/docs/agent/hooks)
        payload = {
            "conversation_id": conversation,
            "generation_id": str(uuid.uuid4()),
            "model": "claude-4-sonnet",
            "cursor_version": "1.7.2",
            "workspace_roots": [str(tree)],
            "user_email": "dev@example.com",
            "hook_event_name": event,
            **fields,
        }
        return run_hook(server, tree, commands[event][0], payload)

    return hook, conversation


def cursor_edits_the_held_module(admin_rpc, tree, repo, cursor):
    """Another session holds HELD; Cursor's agent edits it anyway (no hook before an edit) and
    ``afterFileEdit`` answers: ``{}``, the block on stderr (Cursor's Hooks output channel)."""
    other, got = hold(admin_rpc, repo)
    (tree / HELD_FILE).write_text("x = 2\n")
    blocked = cursor("afterFileEdit", file_path=str(tree / HELD_FILE), edits=EDITS)
    assert answer(blocked) == {}
    assert_names_holder(blocked.stderr, repo, other, got)
    return other, got, blocked.stderr


def test_cursor(live_odoo, admin_rpc, tree):
    repo = init_repo(live_odoo, tree)
    cursor, conversation = cursor_install(live_odoo, tree)
    mcp = json.loads((tree / ".cursor" / "mcp.json").read_text())
    assert mcp == {"mcpServers": {"practice": {"command": "practice", "args": ["mcp"]}}}
    assert_guard(tree)

    # no session start in Cursor: the conversation's first prompt starts its session log, and
    # the prompt goes on (Cursor cannot take context there)
    prompt = cursor("beforeSubmitPrompt", prompt="Round the sale prices", attachments=[])
    assert answer(prompt) == {"continue": True}
    log = log_of(admin_rpc, conversation)
    assert log and (log["state"], log["repo"]) == ("running", repo), log

    # no hook before an edit either: the edit of a free module takes its lock after the fact
    rounding = tree / "addons" / FREE / "models" / "rounding.py"
    rounding.write_text("x = 2\n")
    edited = cursor("afterFileEdit", file_path=str(rounding), edits=EDITS)
    assert answer(edited) == {} and edited.stderr == "", edited.stderr
    assert locks_of(admin_rpc, repo, conversation) == [FREE]
    allowed = cursor("beforeShellExecution", command=SHELL, cwd=str(tree))
    assert answer(allowed) == {"permission": "allow"}
    assert answer(cursor("afterShellExecution", command=SHELL, output="1 passed", duration=900)) == {}

    # an edit of the module another session holds: the holder and the undo on stderr, no lock
    # taken; the next permission answer hands the block to the agent (agent_message)
    other, got, block = cursor_edits_the_held_module(admin_rpc, tree, repo, cursor)
    assert f"git checkout -- {HELD_FILE}" in block
    assert_not_taken(admin_rpc, repo, conversation, other)
    status = answer(cursor("beforeShellExecution", command="git status", cwd=str(tree)), allow_empty=False)
    assert status["permission"] == "allow", status
    assert_names_holder(status["agent_message"], repo, other, got)
    (tree / HELD_FILE).write_text("x = 1\n")  # the agent undid its change

    # with `.locks/` refreshed, a shell command writing into that module is refused before it
    # runs: Cursor's documented deny, user_message and agent_message naming the holder
    assert practice(live_odoo, tree, "lock", "sync").returncode == 0
    sed = cursor("beforeShellExecution", command=f"sed -i s/1/3/ {HELD_FILE}", cwd=str(tree))
    refused = answer(sed, allow_empty=False)
    assert refused["permission"] == "deny", refused
    assert refused["user_message"] == refused["agent_message"]
    assert refused["user_message"].startswith(f"practice: this command writes {HELD_FILE} (sed -i)")
    assert other in refused["user_message"] and got["holder"]["user"] in refused["user_message"]
    assert_not_taken(admin_rpc, repo, conversation, other)

    # stop: the session changed a module, no green run: the reason comes back as a follow-up
    stop = answer(cursor("stop", status="completed", loop_count=0), allow_empty=False)
    assert set(stop) == {"followup_message"} and "practice eval push" in stop["followup_message"], stop
    assert FREE in stop["followup_message"]
    assert answer(cursor("stop", status="completed", loop_count=1)) == {}

    # Cursor has no session end: the session's lock goes back by `practice lock release`
    released = practice(live_odoo, tree, "lock", "release", "--module", FREE, "--session", conversation)
    assert released.returncode == 0, released.stdout + released.stderr
    assert locks_of(admin_rpc, repo, conversation) == []
    release_other(admin_rpc, other, got)


def test_cursor_refuses_a_shell_write_into_a_held_module_without_a_lock_sync(live_odoo, admin_rpc, tree):
    repo = init_repo(live_odoo, tree)
    cursor, _conversation = cursor_install(live_odoo, tree)
    other, got, _block = cursor_edits_the_held_module(admin_rpc, tree, repo, cursor)
    try:
        sed = cursor("beforeShellExecution", command=f"sed -i s/2/3/ {HELD_FILE}", cwd=str(tree))
        assert answer(sed, allow_empty=False)["permission"] == "deny", sed.stdout
    finally:
        release_other(admin_rpc, other, got)


def test_the_undo_a_block_names_is_let_through(live_odoo, admin_rpc, tree):
    repo = init_repo(live_odoo, tree)
    cursor, _conversation = cursor_install(live_odoo, tree)
    other, got, block = cursor_edits_the_held_module(admin_rpc, tree, repo, cursor)
    try:
        (undo,) = [line.split("   #")[0].strip() for line in block.splitlines() if "git checkout" in line]
        assert practice(live_odoo, tree, "lock", "sync").returncode == 0
        ran = answer(cursor("beforeShellExecution", command=undo, cwd=str(tree)), allow_empty=False)
        assert ran["permission"] == "allow", ran
    finally:
        release_other(admin_rpc, other, got)


# -- Gemini CLI --------------------------------------------------------------------------------
GEMINI_ROOT, GEMINI_SESSION = "/home/dev/shop", "8f3c2a1e-5b7d-4c9a-9e21-3d4f5a6b7c8d"


def gemini_sample(name, tree, session):
    text = (DATA / "gemini" / f"{name}.json").read_text()
    return json.loads(text.replace(GEMINI_ROOT, str(tree)).replace(GEMINI_SESSION, session))


def test_gemini(live_odoo, admin_rpc, tree):
    repo = _unique("adapters")
    admin_rpc.call("practice.repo", "create", {"name": repo})
    session = str(uuid.uuid4())
    installed = practice(live_odoo, tree, "hooks", "install", "--agent", "gemini", "--repo", repo)
    assert installed.returncode == 0, installed.stderr
    assert f"repository {repo}" in installed.stdout
    settings = json.loads((tree / ".gemini" / "settings.json").read_text())
    hooks = {
        event: [(g.get("matcher"), h["command"], h["name"]) for g in groups for h in g["hooks"]]
        for event, groups in settings["hooks"].items()
    }
    tools = "^(write_file|replace|run_shell_command)$"
    subs = {
        "SessionStart": "session-start",
        "BeforeAgent": "user-prompt-submit",
        "BeforeTool": "pre-tool-use",
        "AfterTool": "post-tool-use",
        "PreCompress": "pre-compact",
        "AfterAgent": "stop",
        "SessionEnd": "session-end",
    }
    assert hooks == {
        event: [
            (
                tools if event in ("BeforeTool", "AfterTool") else None,
                f"practice hook --agent gemini {sub}",
                f"practice-{sub}",
            )
        ]
        for event, sub in subs.items()
    }
    assert settings["mcpServers"] == {"practice": {"command": "practice", "args": ["mcp"]}}
    assert_guard(tree)

    def gemini(name, **fields):
        payload = {**gemini_sample(name, tree, session), **fields}
        return run_hook(live_odoo, tree, hooks[payload["hook_event_name"]][0][1], payload)

    # session start: the bundle of the repository as additionalContext; the log runs there
    start = answer(gemini("session-start"), allow_empty=False)
    context = start["hookSpecificOutput"]
    assert context["hookEventName"] == "SessionStart"
    assert context["additionalContext"].startswith(f"# Practice context: {repo}")
    log = log_of(admin_rpc, session)
    assert log and (log["state"], log["repo"]) == ("running", repo), log
    assert set(answer(gemini("before-agent"))) <= {"hookSpecificOutput"}

    # write_file into a free module: {} (the tool runs), the lock is the session's
    written = gemini("before-tool-write_file")
    assert answer(written) == {}
    assert locks_of(admin_rpc, repo, session) == [FREE]
    assert log_of(admin_rpc, session)["modules"] == [FREE]
    (tree / "addons" / FREE / "models" / "rounding.py").write_text("PRECISION = 2\n")

    # replace in the module another session holds: {"decision": "deny", "reason"} naming it
    other, got = hold(admin_rpc, repo)
    denied = answer(gemini("before-tool-replace"), allow_empty=False)
    assert set(denied) == {"decision", "reason"} and denied["decision"] == "deny"
    assert_names_holder(denied["reason"], repo, other, got)
    assert_not_taken(admin_rpc, repo, session, other)

    # a shell command (run in its dir_path): allowed
    assert answer(gemini("before-tool-run_shell_command")) == {}

    # AfterAgent: a changed module and no green run: deny, the reason becomes the next prompt
    stop = answer(gemini("after-agent"), allow_empty=False)
    assert stop["decision"] == "deny" and "practice eval push" in stop["reason"], stop
    # that prompt is not a user's task; the stop of the continued turn goes through
    assert answer(gemini("before-agent", prompt=stop["reason"])) == {}
    assert answer(gemini("after-agent", stop_hook_active=True)) == {}

    # SessionEnd: {} (a note on stderr), the session's locks released, its log finished
    end = gemini("session-end")
    assert answer(end) == {}
    assert f"session {session} ended; released {FREE} in {repo}" in end.stderr, end.stderr
    assert locks_of(admin_rpc, repo, session) == []
    log = log_of(admin_rpc, session)
    assert (log["state"], log["outcome"]) != ("running", None) and log["outcome"] == "partial", log
    assert_not_taken(admin_rpc, repo, session, other)
    release_other(admin_rpc, other, got)


# -- Cline -------------------------------------------------------------------------------------
CLINE_ROOT, CLINE_TASK = "/path/to/project", "1736654399000"
CLINE_HOOKS = {
    "TaskStart": "session-start",
    "TaskResume": "session-start",
    "UserPromptSubmit": "user-prompt-submit",
    "PreToolUse": "pre-tool-use",
    "PostToolUse": "post-tool-use",
    "PreCompact": "pre-compact",
    "TaskComplete": "stop",
    "TaskCancel": "session-end",
}


def cline_sample(name, tree, task):
    text = (DATA / "cline" / "classic" / f"{name}.json").read_text()
    return json.loads(text.replace(CLINE_ROOT, str(tree)).replace(CLINE_TASK, task))


def cline_answer(done):
    """Cline's documented answer (hook-factory.ts validateHookOutput): exit 0, one line of JSON."""
    value = answer(done, allow_empty=False)
    assert set(value) == {"cancel", "contextModification", "errorMessage"}, value
    assert isinstance(value["cancel"], bool), value
    return value


def test_cline(live_odoo, admin_rpc, tree):
    repo = _unique("adapters")
    admin_rpc.call("practice.repo", "create", {"name": repo})
    task = str(int(uuid.uuid4().int % 10**13))  # a taskId as Cline makes them (epoch ms)
    installed = practice(live_odoo, tree, "hooks", "install", "--agent", "cline", "--repo", repo)
    assert installed.returncode == 0, installed.stderr
    assert f"repository {repo}" in installed.stdout and "cline_mcp_settings.json" in installed.stdout
    folder = tree / ".clinerules" / "hooks"
    assert sorted(p.name for p in folder.iterdir()) == sorted(CLINE_HOOKS)
    commands = {}
    for hook, sub in CLINE_HOOKS.items():
        script = (folder / hook).read_text()
        assert script.startswith("#!/bin/sh\n") and (folder / hook).stat().st_mode & stat.S_IXUSR
        assert script.endswith(f"\nexec practice hook --agent cline {sub}\n"), script
        commands[hook] = script.rsplit("exec ", 1)[1].strip()
    assert_guard(tree)

    def cline(name):
        payload = cline_sample(name, tree, task)
        return run_hook(live_odoo, tree, commands[payload["hookName"]], payload)

    # TaskStart: the bundle as contextModification; the session (the taskId) log runs in repo
    start = cline_answer(cline("TaskStart"))
    assert start["cancel"] is False and start["contextModification"].startswith(f"# Practice context: {repo}")
    log = log_of(admin_rpc, task)
    assert log and (log["state"], log["repo"]) == ("running", repo), log

    # write_to_file into a free module: goes on, the lock is the task's
    written = cline_answer(cline("PreToolUse.write_to_file"))
    assert written == {"cancel": False, "contextModification": "", "errorMessage": ""}
    assert locks_of(admin_rpc, repo, task) == [CLINE_FREE]
    (tree / "addons" / CLINE_FREE / "models" / "rule.py").write_text("from odoo import models\n")

    # replace_in_file in the module another session holds: cancel, errorMessage naming the holder
    other, got = hold(admin_rpc, repo)
    refused = cline_answer(cline("PreToolUse.replace_in_file"))
    assert refused["cancel"] is True
    assert_names_holder(refused["errorMessage"], repo, other, got)
    assert_not_taken(admin_rpc, repo, task, other)
    # Cline cancels the task at once (TaskCancel): that is not the session's end
    cancelled = cline("TaskCancel")
    assert cline_answer(cancelled) == {"cancel": False, "contextModification": "", "errorMessage": ""}
    assert "keeps its locks" in cancelled.stderr, cancelled.stderr
    assert locks_of(admin_rpc, repo, task) == [CLINE_FREE]
    assert log_of(admin_rpc, task)["state"] == "running"

    # the user resumes; a shell command goes on, before and after
    assert cline_answer(cline("TaskResume"))["cancel"] is False
    assert cline_answer(cline("PreToolUse.execute_command"))["cancel"] is False
    assert cline_answer(cline("PostToolUse.execute_command"))["cancel"] is False

    # TaskComplete cannot keep the task going: the suite gate's reason is the hook's output
    complete = cline("TaskComplete")
    done = cline_answer(complete)
    assert done["cancel"] is False and "practice eval push" in done["contextModification"]
    assert "practice eval push" in complete.stderr

    # a later TaskCancel is the user's: the locks go back, the log is finished
    ended = cline("TaskCancel")
    assert cline_answer(ended)["cancel"] is False
    assert f"session {task} ended; released {CLINE_FREE} in {repo}" in ended.stderr, ended.stderr
    assert locks_of(admin_rpc, repo, task) == []
    log = log_of(admin_rpc, task)
    assert log["state"] != "running" and log["outcome"] == "partial", log
    assert_not_taken(admin_rpc, repo, task, other)
    release_other(admin_rpc, other, got)
