"""UserPromptSubmit without a server (hook_prompt.user_prompt_submit): the prompt becomes the
session's task, titles the session once, and brings the practice relevant to it that the session
was not shown yet; our failures never block the prompt."""

import json
import subprocess

import pytest
from practice_client import hook_prompt, hooks
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

SESSION = "claude-prompt-1"
CREDENTIALS = {"PRACTICE_DB": "db", "PRACTICE_LOGIN": "agent", "PRACTICE_API_KEY": "k"}
TASK = "Bulk regenerate the product thumbnails of the catalog"


class Server:
    """Answers practice.context.prompt and practice.session.log.retitle; records the calls."""

    def __init__(self, answers=None, fail=None):
        self.calls = []
        self.answers = list(answers or [])
        self.fail = fail or {}

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if method in self.fail:
            raise self.fail[method]
        if method == "retitle":
            return {"session_id": args[0], "title": args[1], "changed": True}
        if method == "prompt":
            if self.answers:
                return self.answers.pop(0)
            return dict(NOTHING)
        raise AssertionError(f"unexpected call {model}.{method}")

    def of(self, method):
        return [c for c in self.calls if c[1] == method]


NOTHING = {"markdown": "", "keys": [], "bytes": 0, "repo": "main"}


def answer(*keys):
    markdown = "# Practice for this prompt (main)\n\n## Hard rules\n\n" + "".join(f"- {k}\n" for k in keys)
    return {"markdown": markdown, "keys": list(keys), "bytes": len(markdown), "repo": "main"}


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    return work


def payload(tree, prompt, **extra):
    """What Claude Code sends on UserPromptSubmit."""
    return {
        "session_id": SESSION,
        "transcript_path": str(tree / "transcript.jsonl"),
        "cwd": str(tree),
        "permission_mode": "default",
        "hook_event_name": "UserPromptSubmit",
        "prompt": prompt,
        **extra,
    }


def run(tree, server, prompt, **env):
    environ = {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache"), **env}
    ctx = hooks.HookContext(payload(tree, prompt), server.call, environ=environ)
    return ctx, hook_prompt.user_prompt_submit(ctx)


def test_first_prompt_is_the_task_titles_the_session_and_brings_context(tree):
    server = Server([answer("rule:12", "memory:5")])
    ctx, (code, out, err) = run(tree, server, TASK)
    assert (code, err) == (0, "")
    context = json.loads(out)
    assert context == {
        "hookSpecificOutput": {
            "hookEventName": "UserPromptSubmit",
            "additionalContext": answer("rule:12", "memory:5")["markdown"],
        }
    }
    (retitle,) = server.of("retitle")
    assert retitle[0] == "practice.session.log"
    assert retitle[2] == (SESSION, TASK) and retitle[3] == {"only_untitled": True}
    (call,) = server.of("prompt")
    assert call[0] == "practice.context" and call[2] == (TASK,)
    assert call[3]["session_id"] == SESSION and call[3]["shown"] == [] and call[3]["max_bytes"] == 4000
    state = ctx.load_state()
    assert state["task"] == TASK and state["titled"] is True
    assert state["shown"] == ["rule:12", "memory:5"]


def test_later_prompts_exclude_what_was_shown_and_title_once(tree):
    server = Server([answer("rule:12"), answer("term:7"), NOTHING])
    run(tree, server, TASK)
    run(tree, server, "Now also regenerate the variants of archived products")
    ctx, (code, out, err) = run(tree, server, "And the website images, same way please")
    assert len(server.of("retitle")) == 1
    shown = [c[3]["shown"] for c in server.of("prompt")]
    assert shown == [[], ["rule:12"], ["rule:12", "term:7"]]
    # nothing new relevant: nothing printed, the prompt goes on
    assert (code, out, err) == (0, "", "")
    assert ctx.load_state()["task"] == "And the website images, same way please"


def test_short_prompts_and_slash_commands_are_not_the_task(tree):
    server = Server([answer("rule:1"), answer("rule:2")])
    ctx, (code, out, _err) = run(tree, server, "yes, go on")
    assert code == 0 and json.loads(out)["hookSpecificOutput"]["additionalContext"]
    ctx, _result = run(tree, server, "/review the thumbnail regeneration code please")
    assert server.of("retitle") == []
    assert "task" not in ctx.load_state()
    assert ctx.load_state()["shown"] == ["rule:1", "rule:2"]


def test_no_session_or_no_prompt_does_nothing(tree, tmp_path):
    server = Server()
    ctx = hooks.HookContext({"cwd": str(tree), "prompt": TASK}, server.call, environ=dict(CREDENTIALS))
    assert hook_prompt.user_prompt_submit(ctx) == (0, "", "")
    for prompt in ("", "   ", None, 42):
        _ctx, result = run(tree, server, prompt)
        assert result == (0, "", "")
    assert server.calls == []


def test_a_server_failure_never_blocks_the_prompt(tree):
    down = PracticeError("cannot reach http://localhost:8069", unreachable=True)
    server = Server(fail={"prompt": down, "retitle": down})
    ctx, (code, out, err) = run(tree, server, TASK)
    assert code == 1 and code != 2 and out == ""
    assert err.count("\n") == 2 and all(line.startswith("practice: ") for line in err.splitlines())
    assert "no practice context for this prompt (PracticeError: cannot reach" in err
    state = ctx.load_state()
    assert state["task"] == TASK and not state.get("titled"), "asked again once the server is back"
    # a refusal of the title by the server is final; the context still comes
    refused = Server([answer("rule:3")], fail={"retitle": PracticeError("Unknown session")})
    ctx, (code, out, err) = run(tree, refused, TASK)
    assert code == 0 and json.loads(out) and "session title: PracticeError: Unknown session" in err
    assert ctx.load_state()["titled"] is True
    run(tree, refused, TASK + " again")
    assert len(refused.of("retitle")) == 1


def test_any_error_or_odd_answer_is_one_line(tree):
    for failing in (ValueError("boom\nsecond line"), KeyError("x"), TimeoutError("slow")):
        server = Server(fail={"prompt": failing})
        _ctx, (code, out, err) = run(tree, server, TASK)
        assert (code, out) == (1, "") and err.endswith("\n")
        assert "no practice context" in err and "\nsecond" not in err
    server = Server(["not a dict"])
    _ctx, (code, out, err) = run(tree, server, "another prompt of enough length here")
    assert code == 1 and "unexpected answer" in err


def test_budget_from_the_environment(tree):
    for value, expected in (("9000", 9000), ("abc", 4000), ("100", 256), ("99999", 25000)):
        server = Server()
        run(tree, server, TASK, PRACTICE_PROMPT_CONTEXT_BYTES=value)
        assert server.of("prompt")[0][3]["max_bytes"] == expected


def test_long_prompts_are_clipped_and_shown_is_bounded(tree):
    server = Server([answer(*(f"memory:{i}" for i in range(1, 601)))])
    long_prompt = "Regenerate thumbnails. " * 200
    ctx, (code, _out, _err) = run(tree, server, long_prompt)
    assert code == 0
    sent = server.of("prompt")[0][2][0]
    assert len(sent) == hook_prompt.MAX_TASK_CHARS
    state = ctx.load_state()
    assert len(state["task"]) == hook_prompt.MAX_TASK_CHARS
    assert len(state["shown"]) == hook_prompt.SHOWN_KEEP and state["shown"][-1] == "memory:600"
    (retitle,) = server.of("retitle")
    assert len(retitle[2][1]) <= hook_prompt.TITLE_CHARS and retitle[2][1].endswith("…")


def test_outside_git_it_still_answers(tmp_path):
    server = Server([answer("rule:9")])
    ctx = hooks.HookContext(payload(tmp_path, TASK), server.call, environ=dict(CREDENTIALS))
    code, out, err = hook_prompt.user_prompt_submit(ctx)
    assert code == 0 and json.loads(out)["hookSpecificOutput"]["hookEventName"] == "UserPromptSubmit"
    assert err == ""


def test_helpers():
    assert hook_prompt.task_of("  short  ") is None
    assert hook_prompt.task_of("/compact keep the test results") is None
    assert hook_prompt.task_of("  " + TASK + "  ") == TASK
    assert hook_prompt.title_of("\n\n  Fix the   cron\nand more") == "Fix the cron"
    assert hook_prompt.remember_shown(["a:1", 5], ["a:1", "b:2", None]) == ["a:1", "b:2"]


class Reopening(Server):
    """Answers ``start`` too (idempotent on the server: the same session's log)."""

    def call(self, model, method, *args, **kwargs):
        if method == "start":
            self.calls.append((model, method, args, kwargs))
            if method in self.fail:
                raise self.fail[method]
            return {"session_id": args[0], "created": True}
        return super().call(model, method, *args, **kwargs)


def test_a_session_log_an_outage_kept_from_opening_is_opened_by_the_next_hook(tree):
    """The soak's finding: a session-start that hit an outage left no session log, and every later
    memory, note and test run of the session was refused as an unknown session."""
    down = PracticeError("cannot reach http://localhost:8069: timed out", unreachable=True)
    environ = {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache")}
    first = Reopening(fail={"start": down})
    ctx = hooks.HookContext(payload(tree, TASK), first.call, environ=environ)
    state = ctx.load_state()
    note = hook_prompt.open_log(ctx, SESSION, state, "Agent session (startup) in work", ["sale"], "opus")
    ctx.save_state(state)
    assert note.startswith("session log: ") and "timed out" in note
    assert ctx.load_state()[hook_prompt.PENDING_LOG] == {
        "title": "Agent session (startup) in work",
        "modules": ["sale"],
        "model": "opus",
    }
    # the next prompt opens it first (same title, modules and model), then titles it after the task
    server = Reopening([answer("rule:1")])
    ctx, (code, out, err) = run(tree, server, TASK)
    assert (code, err) == (0, "") and json.loads(out)
    start = server.of("start")
    assert [c[2] for c in start] == [(SESSION, "Agent session (startup) in work")]
    assert start[0][3] == {"modules": ["sale"], "model_name": "opus", "repo": None}
    assert [c[1] for c in server.calls][:2] == ["start", "retitle"]
    assert hook_prompt.PENDING_LOG not in ctx.load_state()
    run(tree, server, TASK + " again")
    assert len(server.of("start")) == 1, "opened once"
    # a refusal (not an outage) is final: never asked again
    ctx = hooks.HookContext(payload(tree, TASK), first.call, environ=environ)
    state = {hook_prompt.PENDING_LOG: {"title": "t", "modules": [], "model": None}}
    refused = Reopening(fail={"start": PracticeError("Session id x is already used by another user.")})
    ctx.call = refused.call
    assert "already used" in hook_prompt.open_log(ctx, SESSION, state)
    assert hook_prompt.PENDING_LOG not in state
