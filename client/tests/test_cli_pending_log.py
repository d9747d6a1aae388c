"""An agent's own command for a session whose log is still pending (its session-start and next
hooks found the server down): `practice memory remember --session S` was refused as "Unknown
session" in the soak. The CLI opens the pending log from this work tree's hook state and asks
once more; without a pending log the refusal stands."""

import subprocess

import pytest
from cli_fake import run
from practice_client import hook_prompt, hooks
from practice_client.rpc import PracticeError

pytestmark = pytest.mark.integration

SESSION = "claude-pending-1"
UNKNOWN = PracticeError(
    f"Unknown session {SESSION!r}: start it first (RPC start(), MCP session_start, `practice session start`; "
    "the agent hooks start it at session start).",
    2,
)


class Server:
    def __init__(self):
        self.calls, self.started = [], False

    def call(self, model, method, *args, **kwargs):
        self.calls.append(method)
        if method == "start":
            self.started = True
            return {"session_id": args[0], "created": True}
        if method == "remember":
            if not self.started:
                raise UNKNOWN
            return {"id": 7, "key": "m7", "topic": args[0], "created": True}
        raise AssertionError(method)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _pending(tree):
    ctx = hooks.HookContext({"session_id": SESSION, "cwd": str(tree)}, None)
    state = ctx.load_state()
    state[hook_prompt.PENDING_LOG] = {
        "title": "Agent session (startup) in w",
        "modules": ["sale"],
        "model": None,
    }
    ctx.save_state(state)
    return ctx


def test_a_pending_log_is_opened_and_the_command_asked_again(tree, monkeypatch):
    ctx = _pending(tree)
    server = Server()
    done = run(monkeypatch, server, "memory", "remember", "Rounding", "Round per line.", "--session", SESSION)
    assert done.exit_code == 0, done.output
    assert server.calls == ["remember", "start", "remember"]
    assert hook_prompt.PENDING_LOG not in ctx.load_state()


def test_without_a_pending_log_the_refusal_stands(tree, monkeypatch):
    server = Server()
    with pytest.raises(PracticeError, match="Unknown session"):
        run(monkeypatch, server, "memory", "remember", "Rounding", "Round per line.", "--session", SESSION)
    assert server.calls == ["remember"]
