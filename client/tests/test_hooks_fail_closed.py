"""Issue 23, items 6 and 9 (part): the PreToolUse hook fails closed and trusts no file the
agent can write. Each test runs the hook as Claude Code does (a process, JSON on stdin) in a
real git work tree, with the planted file or the unreadable input of the attack."""

import json
import os
import socket

import pytest
from practice_client import env_settings, hook_fast, lock_proof, locks_mirror
from test_hook_fast import SESSION, _cases, _denied, _env, _lock, _payload, _run, make_tree

pytestmark = pytest.mark.security


@pytest.fixture
def tree(tmp_path):
    return make_tree(tmp_path)


def test_a_planted_locks_file_is_not_ours(tree):
    """Regression (issue 23, 6b): a .locks/ file the agent wrote itself ("ours", lease left)
    used to answer "ours" without the server; now only a proof of the server's grant does."""
    forged = _cases(tree)[10][1]
    assert locks_mirror.read_entry(str(tree), "forged")["session"] == SESSION
    assert isinstance(hook_fast.decide(json.dumps(forged), environ=_env(tree)), hook_fast.Acquire)
    # a proof file copied by hand, edited or written without the secret is no proof either
    settings = env_settings.Lean(_env(tree))
    folder = os.path.dirname(
        lock_proof._file(lock_proof._folder(_env(tree), settings, str(tree), None), "x", "s")
    )
    mine = next(n for n in os.listdir(folder) if n.startswith("mine."))
    text = open(os.path.join(folder, mine), encoding="utf-8").read()
    target = lock_proof._file(folder, "forged", SESSION)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text.replace("module: mine", "module: forged"))
    assert isinstance(hook_fast.decide(json.dumps(forged), environ=_env(tree)), hook_fast.Acquire)


@pytest.mark.parametrize(
    "name",
    ["oversize", "not utf-8", "not json", "not an object", "no tool_name", "no file path", "empty"],
)
def test_unreadable_input_denies_the_edit(tree, name):
    """Regression (issue 23, 6a): an input the hook cannot read made it exit 1, a non-blocking
    error: Claude Code let the edit go on. Now it denies (JSON deny, exit 0)."""
    target = str(tree / "addons" / "theirs" / "a.py")
    edit = {"session_id": SESSION, "cwd": str(tree), "hook_event_name": "PreToolUse", "tool_name": "Write"}
    data = {
        "oversize": json.dumps({**edit, "tool_input": {"file_path": target, "content": "x" * 1_100_000}}),
        "not utf-8": json.dumps({**edit, "tool_input": {"file_path": target}}).encode()[:-2] + b'\xff"}}',
        "not json": '{"tool_name": "Write", "tool_input": {"file_path": ',
        "not an object": json.dumps([edit]),
        "no tool_name": json.dumps({"session_id": SESSION, "tool_input": {"file_path": target}}),
        "no file path": json.dumps({**edit, "tool_input": {"content": "x"}}),
        "empty": "",
    }[name]
    proc = _run(tree, data if isinstance(data, bytes) else data.encode())
    assert proc.returncode != 1, proc.stderr
    reason = _denied(proc)
    assert reason and "denied" in reason, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr


def test_planted_locks_file_and_unreachable_server_deny(tree):
    """Regression (issue 23, 6b) as the hook process: the agent writes .locks/free.lock naming
    its own session with hours of lease; the hook does not take it as "ours" but asks the
    server (unreachable here): the edit is denied."""
    locks_mirror.put_entry(str(tree), _lock("free", SESSION, 300))
    proc = _run(tree, _cases(tree)[9][1])
    reason = _denied(proc)
    assert reason and "127.0.0.1:9" in reason, (proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("tool", ["Edit", "Write", "MultiEdit"])
def test_edits_of_the_locks_mirror_and_the_proof_cache_are_denied(tree, tool):
    """Regression (issue 23, 6b): .locks/ is outside every module, so the agent could write
    its own "lock"; its Edit/Write tools may not touch .locks/ nor the proof cache."""
    for path in (
        tree / ".locks" / "free.lock",
        tree / ".locks" / "new.lock",
        tree.parent / "cache" / "practice" / "locks" / "x.proof",
    ):
        proc = _run(tree, _payload(tree, tool, str(path)))
        reason = _denied(proc)
        assert reason and "denied" in reason, (path, proc.returncode, proc.stdout, proc.stderr)


def _entry(module):
    return {**_lock(module, SESSION, 30), "module": module}


def test_a_locks_symlink_is_refused_never_followed(tmp_path):
    """Regression (issue 23, 9): a committed ``.locks`` symlink made the client write lock
    files wherever it pointed."""
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / ".locks").symlink_to(outside)
    for write in (
        lambda: locks_mirror.put_entry(str(root), _entry("mod")),
        lambda: locks_mirror.write_mirror(str(root), [_entry("mod")]),
        lambda: locks_mirror.read_mirror(str(root)),
        lambda: locks_mirror.drop_entry(str(root), "mod"),
    ):
        with pytest.raises(locks_mirror.MirrorRefused, match="symlink"):
            write()
    assert os.listdir(outside) == []


def test_symlinks_inside_locks_are_refused(tmp_path):
    root, target = tmp_path / "repo", tmp_path / "victim.txt"
    (root / ".locks").mkdir(parents=True)
    target.write_text("keep me\n")
    (root / ".locks" / "mod.lock").symlink_to(target)
    with pytest.raises(locks_mirror.MirrorRefused, match="mod.lock"):
        locks_mirror.put_entry(str(root), _entry("mod"))
    with pytest.raises(locks_mirror.MirrorRefused):
        locks_mirror.put_entry(str(root), _entry("other"))
    assert target.read_text() == "keep me\n"
    assert locks_mirror.read_entry(str(root), "mod") is None  # never read through it
    (root / ".locks" / "mod.lock").unlink()
    assert locks_mirror.put_entry(str(root), _entry("mod"))


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers (a hung Odoo, a stuck proxy)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_a_silent_server_denies_within_the_hook_timeout(tree, silent_server):
    """Regression (issue 25, last item): the full client's XML-RPC had no timeout, so a server
    that accepts and never answers kept the hook waiting until Claude Code killed it — and a
    killed hook lets the edit go on. Each call now gives up after PRACTICE_HOOK_TIMEOUT
    seconds and the edit is denied, naming the server."""
    proc = _run(tree, _cases(tree)[9][1], PRACTICE_URL=silent_server, PRACTICE_HOOK_TIMEOUT="1")
    reason = _denied(proc)
    assert reason and "timed out" in reason and silent_server in reason, (proc.stdout, proc.stderr)


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 10), ("3", 3), ("0", 1), ("-5", 1), ("9999", 120), ("soon", 10)]
)
def test_the_hook_timeout_is_bounded(value, seconds):
    env = {} if value is None else {"PRACTICE_HOOK_TIMEOUT": value}
    assert env_settings.hook_timeout(env) == seconds


def test_a_team_may_let_edits_go_on_when_the_server_is_down(tree, silent_server):
    """Issue 25, item 8: with PRACTICE_FAIL_CLOSED=0 an edit goes on when the server does not
    answer (no decision: the agent's own permissions apply), with a warning the user sees; the
    default stays a deny, and bad input or a missing session deny whatever the policy."""
    proc = _run(
        tree,
        _cases(tree)[9][1],
        PRACTICE_URL=silent_server,
        PRACTICE_HOOK_TIMEOUT="1",
        PRACTICE_FAIL_CLOSED="0",
    )
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
    answer = json.loads(proc.stdout)
    assert "not lock-checked" in answer["systemMessage"] and "hookSpecificOutput" not in answer
    bad = _run(tree, b'{"tool_name": "Edit", "session_id"', PRACTICE_FAIL_CLOSED="0")
    assert _denied(bad), "unreadable input denies whatever the policy"
    nosession = dict(_cases(tree)[9][1])
    nosession.pop("session_id", None)
    refused = _run(
        tree, nosession, PRACTICE_URL=silent_server, PRACTICE_HOOK_TIMEOUT="1", PRACTICE_FAIL_CLOSED="0"
    )
    assert _denied(refused), (refused.stdout, refused.stderr)
