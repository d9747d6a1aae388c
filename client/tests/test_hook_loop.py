"""The loop between session start and end, without a server: the heartbeat renews only the
session's leases near their end; a session start after a compaction brings back the task's
ranking and the session's own notes; PreCompact writes a note of where the session stands."""

import json
import subprocess
from datetime import timedelta

import pytest
from practice_client import env_settings, hook_core, hooks, lock_proof, locks_mirror

pytestmark = pytest.mark.domain

SESSION = "claude-loop-1"
CREDENTIALS = {"PRACTICE_DB": "db", "PRACTICE_LOGIN": "agent", "PRACTICE_API_KEY": "k"}


def _expires(minutes):
    return (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)


class Server:
    """Answers the calls of the hooks like the server; records them."""

    def __init__(self, entries=()):
        self.calls = []
        self.entries = list(entries)

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if method == "renew":
            return {"ok": True, "token": args[0], "module": "near", "repo": "", "expires_at": _expires(30)}
        if method == "held":
            return {"locks": [{"module": "near", "session_id": SESSION, "token": 7}], "repo": "main"}
        if method == "bundle":
            return {"markdown": "# Practice context\n"}
        if model == "practice.session.log.entry":
            return self.entries
        return {}


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    for name in ("near", "far"):
        (work / name).mkdir(parents=True)
        (work / name / "__manifest__.py").write_text("{}\n")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    return work


def _ctx(tree, server, payload=None, **env):
    environ = {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache"), **env}
    payload = {"cwd": str(tree), "session_id": SESSION, **(payload or {})}
    return hooks.HookContext(payload, server.call, environ=environ)


def _grant(ctx, module, minutes, token):
    answer = {"granted": True, "module": module, "token": token, "expires_at": _expires(minutes)}
    assert lock_proof.store(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, SESSION, answer)


def test_heartbeat_renews_only_leases_near_their_end(tree):
    server = Server()
    ctx = _ctx(tree, server)
    _grant(ctx, "near", 2, 7)
    _grant(ctx, "far", 25, 8)
    assert hook_core.heartbeat(ctx) == ["near"]
    assert [c[1:3] for c in server.calls] == [("renew", (7, SESSION))]
    # renewed: the proof now runs 30 minutes, so the next hook makes no round trip
    assert hook_core.heartbeat(ctx) == [] and len(server.calls) == 1


def test_heartbeat_drops_the_proof_of_a_lock_no_longer_ours(tree):
    server = Server()
    server.call = lambda *a, **k: server.calls.append(a) or {"ok": False, "message": "released"}
    ctx = _ctx(tree, server)
    _grant(ctx, "near", 2, 7)
    assert hook_core.heartbeat(ctx) == []
    assert lock_proof.of_session(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, SESSION) == []


def test_heartbeat_without_a_session_or_git_does_nothing(tmp_path):
    server = Server()
    ctx = hooks.HookContext({"cwd": str(tmp_path)}, server.call, environ=dict(CREDENTIALS))
    assert hook_core.heartbeat(ctx) == [] and server.calls == []


def test_a_start_after_compaction_ranks_by_the_task_and_brings_back_own_notes(tree):
    notes = [
        {
            "kind": "note",
            "text": "Context compacted (auto). Task: fix pricing",
            "timestamp": "2026-12-07 10:05:00",
        },
        {"kind": "tried", "text": "bumped the rounding", "timestamp": "2026-12-07 10:00:00"},
    ]
    server = Server(notes)
    ctx = _ctx(tree, server, {"source": "compact"}, PRACTICE_STOP_GUARD="0")
    ctx.save_state({"task": "fix the pricing rounding"})
    code, out, _err = hooks.session_start(ctx)
    assert code == 0
    bundle = next(c for c in server.calls if c[1] == "bundle")
    assert bundle[3]["task"] == "fix the pricing rounding"
    assert out.startswith("# Practice context\n")
    assert "## This session's notes so far" in out
    assert out.index("bumped the rounding") < out.index("Context compacted"), "oldest first"


def test_a_fresh_start_has_no_task_nor_notes(tree):
    server = Server([{"kind": "note", "text": "old", "timestamp": "t"}])
    ctx = _ctx(tree, server, {"source": "startup", "model": "claude-opus-4-5"}, PRACTICE_STOP_GUARD="0")
    ctx.save_state({"task": "something"})
    _code, out, _err = hooks.session_start(ctx)
    bundle = next(c for c in server.calls if c[1] == "bundle")
    assert "task" not in bundle[3] and "notes so far" not in out
    start = next(c for c in server.calls if c[1] == "start")
    assert start[3]["model_name"] == "claude-opus-4-5", "SessionStart names the model"


def test_pre_compact_notes_task_locks_and_instructions(tree):
    server = Server()
    ctx = _ctx(tree, server, {"trigger": "manual", "custom_instructions": "keep the pricing notes"})
    ctx.save_state({"task": "fix the pricing rounding"})
    assert hooks.pre_compact(ctx) == (0, "", "")
    (note,) = [c for c in server.calls if c[1] == "note"]
    assert note[2][:2] == (SESSION, "note")
    text = note[2][2]
    assert "Context compacted (manual)." in text and "Task: fix the pricing rounding" in text
    assert "Locks held: near." in text and "keep the pricing notes" in text


def _assistant(message_id, model, output, cache_read=0):
    usage = {"input_tokens": 3, "output_tokens": output, "cache_read_input_tokens": cache_read}
    line = {"type": "assistant", "message": {"id": message_id, "model": model, "usage": usage}}
    return json.dumps(line) + "\n"


def test_stop_and_end_send_the_transcripts_tokens_once_per_change(tree, tmp_path):
    """Every Claude Code hook gets ``transcript_path``: a JSONL file where one API response is
    several lines with the same message id (one per content block)."""
    path = tmp_path / "session.jsonl"
    path.write_text(
        json.dumps({"type": "user", "message": {"content": "fix pricing"}})
        + "\n"
        + _assistant("msg_1", "claude-opus-4-5", 10)
        + _assistant("msg_1", "claude-opus-4-5", 40, cache_read=100)
        + _assistant("msg_2", "claude-haiku-4-5", 7)
    )
    server = Server()
    ctx = _ctx(tree, server, {"transcript_path": str(path), "stop_hook_active": True})
    assert hooks.stop(ctx) == (0, "", "")
    (sent,) = [c for c in server.calls if c[1] == "record_usage"]
    assert sent[2][0] == SESSION
    models = sent[2][1]
    assert models["claude-opus-4-5"]["output_tokens"] == 40 and models["claude-opus-4-5"]["messages"] == 1
    assert models["claude-opus-4-5"]["cache_read_input_tokens"] == 100
    assert models["claude-haiku-4-5"]["messages"] == 1
    hooks.stop(ctx)
    assert len([c for c in server.calls if c[1] == "record_usage"]) == 1, "unchanged file: no round trip"
    with path.open("a") as handle:
        handle.write(_assistant("msg_3", "claude-opus-4-5", 5))
    hooks.stop(ctx)
    assert [c for c in server.calls if c[1] == "record_usage"][-1][2][1]["claude-opus-4-5"]["messages"] == 2


def test_a_transcript_path_that_is_not_a_transcript_is_not_read(tree, tmp_path):
    server = Server()
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN KEY-----\n")
    for path in (str(secret), str(tmp_path / "missing.jsonl"), 42):
        ctx = _ctx(tree, server, {"transcript_path": path, "stop_hook_active": True})
        assert hooks.record_cost(ctx) is None
    assert not [c for c in server.calls if c[1] == "record_usage"]


def test_stop_asks_for_the_suite_when_the_session_changed_a_module(tree):
    """Issue 25, item 6: the session holds ``near`` (it changed it); no green run matches the
    work tree: the stop is blocked once with the command to run and how to push the report; a
    green run lets it stop."""
    answers = {
        "found": False,
        "green": False,
        "suite_gate": True,
        "test_command": "setup/test",
        "failing": [],
    }

    class Suite(Server):
        def call(self, model, method, *args, **kwargs):
            if method == "suite_state":
                self.calls.append((model, method, args, kwargs))
                return dict(answers)
            return super().call(model, method, *args, **kwargs)

    server = Suite()
    ctx = _ctx(tree, server, {"stop_hook_active": False}, PRACTICE_STOP_GUARD="0")
    _grant(ctx, "near", 25, 7)
    code, _out, err = hooks.stop(ctx)
    assert code == 2 and "setup/test" in err and "practice eval push" in err, err
    (asked,) = [c for c in server.calls if c[1] == "suite_state"]
    assert asked[3]["repo"] == ctx.repo and "tree_hash" in asked[3]
    answers.update(found=True, green=True)
    assert hooks.stop(ctx)[0] == 0
    other = _ctx(tree, Suite(), {"session_id": "claude-loop-2"}, PRACTICE_STOP_GUARD="0")
    assert hooks.stop(other)[0] == 0, "a session that changed no module is not asked"
