"""The lean hooks' own economies (practice_client.lean, shell_lean, hook_core.heartbeat): what
they remember within one hook process, the heartbeat's remembered earliest lease end, the
watcher asked over named pipes, and which modules a hook process loads on the paths that answer
"nothing changed" (each module, and each C extension, is a share of a hook's time)."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from practice_client import env_settings, hook_core, hooks, lean, lock_proof, locks_mirror, shell_lean

pytestmark = pytest.mark.rules

PROJECT_DIR = Path(__file__).resolve().parents[2]
SESSION = "claude-lean-1"
CREDENTIALS = {"PRACTICE_DB": "db", "PRACTICE_LOGIN": "agent", "PRACTICE_API_KEY": "k"}


def _expires(minutes):
    return (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)


class Server:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args))
        return {"ok": True, "token": args[0], "module": "near", "repo": "", "expires_at": _expires(30)}


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    for name in ("near", "far"):
        (work / "addons" / name).mkdir(parents=True)
        (work / "addons" / name / "__manifest__.py").write_text("{}\n")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    return work


def _ctx(tree, server, **env):
    environ = {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache"), **env}
    return hooks.HookContext({"cwd": str(tree), "session_id": SESSION}, server.call, environ=environ)


def _grant(ctx, module, minutes, token):
    answer = {"granted": True, "module": module, "token": token, "expires_at": _expires(minutes)}
    assert lock_proof.store(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, SESSION, answer)


def _counting_reads(monkeypatch):
    reads = []
    real = lean.of_session

    def counting(*args, **kwargs):
        reads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(lean, "of_session", counting)
    return reads


def test_the_heartbeat_remembers_the_earliest_lease_end(tree, monkeypatch):
    server = Server()
    ctx = _ctx(tree, server)
    _grant(ctx, "far", 25, 8)
    reads = _counting_reads(monkeypatch)
    assert hook_core.heartbeat(ctx) == [] and len(reads) == 1
    due = lean.lease_due(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, SESSION)
    assert 24 * 60 < due - time.time() <= 25 * 60
    # nothing due before that: the next hooks read no proof
    assert hook_core.heartbeat(ctx) == [] and len(reads) == 1
    # a proof stored since (here one near its end) makes the next heartbeat read them again
    _grant(ctx, "near", 2, 7)
    assert hook_core.heartbeat(ctx) == ["near"] and len(reads) == 2
    assert [c[1:3] for c in server.calls] == [("renew", (7, SESSION))]
    assert hook_core.heartbeat(ctx) == [] and len(reads) == 3  # renewed: read once more, kept
    assert hook_core.heartbeat(ctx) == [] and len(reads) == 3 and len(server.calls) == 1


def test_the_remembered_lease_end_is_per_settings_and_never_trusted_when_odd(tree, monkeypatch):
    server = Server()
    ctx = _ctx(tree, server)
    _grant(ctx, "far", 25, 8)
    hook_core.heartbeat(ctx)
    settings = env_settings.Lean(ctx.env)
    other = env_settings.Lean({**ctx.env, "PRACTICE_DB": "db2"})
    assert lean.lease_due(ctx.env, settings, ctx.root, ctx.repo, SESSION) is not None
    assert lean.lease_due(ctx.env, other, ctx.root, ctx.repo, SESSION) is None
    assert lean.lease_due(ctx.env, settings, ctx.root, "another-repo", SESSION) is None
    path = lean._due_path(str(ctx.root), SESSION)
    Path(path).write_text("garbage\n")
    assert lean.lease_due(ctx.env, settings, ctx.root, ctx.repo, SESSION) is None
    # a session id that is no plain file name is never remembered: the proofs are read
    assert lean._due_path(str(ctx.root), "../x") is None
    assert lean._due_path(str(ctx.root), "a/b") is None
    assert lean._due_path(str(ctx.root), ".hidden") is None
    # a session holding nothing is remembered as such
    empty = hooks.HookContext(
        {"cwd": str(tree), "session_id": "claude-empty"}, server.call, environ=dict(ctx.env)
    )
    reads = _counting_reads(monkeypatch)
    assert hook_core.heartbeat(empty) == [] and hook_core.heartbeat(empty) == [] and len(reads) == 1
    assert lean.lease_due(ctx.env, settings, ctx.root, ctx.repo, "claude-empty") == float("inf")


def test_a_store_during_the_read_is_not_lost(tree):
    server = Server()
    ctx = _ctx(tree, server)
    settings = env_settings.Lean(ctx.env)
    where = (ctx.env, settings, ctx.root, ctx.repo, SESSION)
    mark = lean.due_scan(*where)
    entries = lean.of_session(*where)
    _grant(ctx, "near", 2, 7)  # stored between the read and the write
    lean.keep_lease_due(*where, entries, mark)
    assert lean.lease_due(*where) is None


def test_a_hook_process_remembers_paths_only_when_asked(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "a")
    assert lean.realpath(str(link)) == str(tmp_path / "a")
    link.unlink()
    link.symlink_to(tmp_path)
    assert lean.realpath(str(link)) == str(tmp_path), "not remembered outside a hook process"
    lean.remember()
    try:
        assert lean.realpath(str(link)) == str(tmp_path)
        link.unlink()
        link.symlink_to(tmp_path / "a")
        assert lean.realpath(str(link)) == str(tmp_path), "remembered within the hook process"
    finally:
        lean.forget()
    assert lean.realpath(str(link)) == str(tmp_path / "a")


def test_the_proof_key_is_the_same_remembered_or_not():
    settings = env_settings.Lean(CREDENTIALS)
    plain = lean._key(settings)
    lean.remember()
    try:
        assert lean._key(settings) == plain == lean._key(settings)
        other = env_settings.Lean({**CREDENTIALS, "PRACTICE_API_KEY": "other"})
        assert lean._key(other) != plain
    finally:
        lean.forget()


def test_the_watcher_is_asked_over_pipes_only_it_reads(tmp_path):
    address = str(tmp_path / "watch-x")
    assert shell_lean._ask(address, b"?") is None, "no pipes: no watcher"
    os.mkfifo(address + ".ask")
    os.mkfifo(address + ".answer")
    start = time.monotonic()
    assert shell_lean._ask(address, b"?") is None, "pipes left by a watcher that is gone"
    assert time.monotonic() - start < 0.5, "nobody reads the question: no wait"
    # a plain file where the answer pipe should be is never read as a verdict
    os.remove(address + ".answer")
    Path(address + ".answer").write_bytes(b"clean")
    reader = os.open(address + ".ask", os.O_RDWR | os.O_NONBLOCK)
    try:
        assert shell_lean._ask(address, b"?") is None
    finally:
        os.close(reader)


def _post(tree, payload, env, event="post-tool-use"):
    """``practice hook <event>`` through the script, with ``-X importtime``: its answer and the
    modules it imported."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PRACTICE_", "GIT_"))}
    full_env.update({"PYTHONPATH": str(PROJECT_DIR / "client"), "PRACTICE_URL": "http://127.0.0.1:9", **env})
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(PROJECT_DIR / "client" / "scripts" / "practice")]
        + ["hook", event],
        cwd=tree,
        input=json.dumps(payload).encode(),
        capture_output=True,
        env=full_env,
        timeout=60,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.decode().splitlines() if "|" in line}
    return proc, imported


def test_nothing_changed_answers_load_only_the_lean_modules(tree):
    server = Server()
    ctx = _ctx(tree, server)
    _grant(ctx, "far", 25, 8)
    env = {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache")}
    base = {"session_id": SESSION, "cwd": str(tree), "hook_event_name": "PostToolUse", "tool_response": {}}
    edit = {**base, "tool_name": "Edit", "tool_input": {"file_path": str(tree / "addons/far/x.py")}}
    proc, imported = _post(tree, edit, env)
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stderr[-2000:]
    ours = {m for m in imported if m.startswith("practice_client")}
    assert ours == {
        "practice_client",
        "practice_client.hook_fast",
        "practice_client.hook_core",
        "practice_client.lean",
    }
    for heavy in ("json", "re", "hashlib", "_socket", "socket", "subprocess", "practice_client.hook_shell"):
        assert heavy not in imported, heavy
    # a read-only command: no proof to read once the earliest lease end is remembered
    bash = {**base, "tool_name": "Bash", "tool_input": {"command": "ls -la addons"}}
    _post(tree, bash, env)
    proc, imported = _post(tree, bash, env)
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stderr[-2000:]
    assert "practice_client.shell_lean" in imported
    for heavy in ("_sha256", "_socket", "practice_client.hook_shell", "practice_client.shell_watch"):
        assert heavy not in imported, heavy

    # a command that may write and changed nothing: the watcher's verdict over its pipes
    run = {**base, "tool_name": "Bash", "tool_input": {"command": "pytest -q"}}
    proc, imported = _post(tree, {**run, "hook_event_name": "PreToolUse"}, env, event="pre-tool-use")
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stderr[-2000:]
    proc, imported = _post(tree, run, env)
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stderr[-2000:]
    for heavy in ("_sha256", "_socket", "subprocess", "practice_client.hook_shell"):
        assert heavy not in imported, heavy
    state = json.loads((tree / ".git" / "practice-hooks" / f"session-{SESSION}.json").read_text())
    assert "shell_stamp" in state and "shell_stamp_pending" not in state and "shell_watch" not in state


def test_a_state_kept_under_its_hashed_name_is_still_read(tree):
    ctx = _ctx(tree, Server())
    old = Path(ctx._hashed_state_path())
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(json.dumps({"session_id": SESSION, "shell_stamp": {}}))
    assert ctx.load_state() == {"session_id": SESSION, "shell_stamp": {}}
    ctx.save_state({"x": 1})
    assert ctx.load_state() == {"session_id": SESSION, "x": 1}
    assert Path(ctx._state_path()).name == f"session-{SESSION}.json"
    ctx.drop_state()
    assert not old.exists() and not Path(ctx._state_path()).exists()
    odd = hooks.HookContext({"cwd": str(tree), "session_id": "a/b"}, None, environ=dict(ctx.env))
    assert Path(odd._state_path()).name == lean.sha256_hex("a/b")[:32] + ".json"


def test_the_work_trees_session_is_written_only_when_it_changes(tree):
    path = tree / ".git" / "practice-session"
    hook_core.record_session(str(tree), SESSION)
    assert path.read_text() == SESSION + "\n"
    os.utime(path, ns=(1, 1))
    hook_core.record_session(str(tree), SESSION)
    assert path.stat().st_mtime_ns == 1, "unchanged: not rewritten"
    hook_core.record_session(str(tree), "claude-next")
    assert path.read_text() == "claude-next\n"


@pytest.mark.parametrize("napping", [False, True])
def test_a_watcher_that_does_not_answer_is_waited_for_only_so_long(tmp_path, monkeypatch, napping):
    monkeypatch.setattr(shell_lean, "ASK_TIMEOUT", 0.2)
    if napping:  # as in a thread, or where the process keeps an alarm of its own
        monkeypatch.setattr(shell_lean, "_answer", shell_lean._answer_napping)
    address = str(tmp_path / "watch-y")
    os.mkfifo(address + ".ask")
    os.mkfifo(address + ".answer")
    silent = os.open(address + ".ask", os.O_RDWR | os.O_NONBLOCK)  # reads, never answers
    try:
        start = time.monotonic()
        assert shell_lean._ask(address, b"?") is None
        assert 0.15 < time.monotonic() - start < 2
        # an answer written meanwhile is read as soon as it comes
        answering = os.open(address + ".answer", os.O_RDWR | os.O_NONBLOCK)
        os.write(answering, b"clean")
        assert shell_lean._ask(address, b"?") == b"clean"
        os.close(answering)
    finally:
        os.close(silent)
