"""The lean PreToolUse entry (practice_client.hook_fast): the same decision as the full
``practice hook pre-tool-use`` for every input it answers, and no click/rich/XML-RPC/re import
on the path it answers locally. "Ours" comes from a proof of the server's grant kept outside
the work tree (lock_proof), never from ``.locks/``."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from practice_client import env_settings, hook_fast, hooks, lean_rpc, lock_proof, locks_mirror

PROJECT_DIR = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.rules

SESSION = "claude-fast-1"
CREDENTIALS = {"PRACTICE_DB": "x", "PRACTICE_LOGIN": "a", "PRACTICE_API_KEY": "b"}


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _lock(module, session, minutes):
    expires = (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)
    return {
        "module": module,
        "repo": "main",
        "session": session,
        "user": "Admin",
        "since": "2026-11-29 20:00:00",
        "expires": expires,
        "token": "42",
        "reason": "Edit x",
    }


def _grant(module, minutes, token=42):
    expires = (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)
    return {"granted": True, "module": module, "token": token, "expires_at": expires}


@pytest.fixture
def tree(tmp_path):
    return make_tree(tmp_path)


def make_tree(tmp_path):
    """A git work tree: modules held by us (fresh / near expiry: proofs in the cache), by
    another session, not held, one with only a forged .locks/ file of ours, and a folder
    outside any module (:func:`_env`: the credentials and the cache folder of the hooks)."""
    work = tmp_path / "work"
    for name in ("mine", "mine_old", "theirs", "free", "forged"):
        (work / "addons" / name).mkdir(parents=True)
        (work / "addons" / name / "__manifest__.py").write_text("{}\n")
    (work / "tools").mkdir()
    _git(work, "init", "-q")
    env = _env(work)
    settings = env_settings.Lean(env)
    assert lock_proof.store(env, settings, str(work), None, SESSION, _grant("mine", 30))
    assert lock_proof.store(env, settings, str(work), None, SESSION, _grant("mine_old", 2))
    assert lock_proof.store(env, settings, str(work), None, "claude-other", _grant("theirs", 30))
    for name, session in (("mine", SESSION), ("theirs", "claude-other"), ("forged", SESSION)):
        locks_mirror.put_entry(str(work), _lock(name, session, 30))
    return work


def _env(tree):
    """The hooks' credentials and proof cache of the ``tree`` fixture."""
    return {**CREDENTIALS, "XDG_CACHE_HOME": str(tree.parent / "cache")}


def _payload(tree, tool, path, session=SESSION, cwd=None):
    payload = {"cwd": str(cwd or tree), "hook_event_name": "PreToolUse"}
    if tool:
        payload["tool_name"] = tool
    if session:
        payload["session_id"] = session
    if path is not None:
        key = "notebook_path" if tool == "NotebookEdit" else "file_path"
        payload["tool_input"] = {key: path}
    return payload


def _full_path(payload, env):
    """The full path's answer: ``"local"`` when it lets the edit go on without any server call,
    ``"deny"`` when it denies without one, ``(module, session, reason)`` of its first call when
    that is an acquire, else ``"error"`` (which the CLI turns into a deny)."""
    calls = []

    def call(*args, **kwargs):
        calls.append((args, kwargs))
        raise AssertionError("round trip")

    try:
        code, out, err = hooks.pre_tool_use(hooks.HookContext(payload, call, environ=env))
    except (AssertionError, hooks.HookInputError):
        if calls and calls[0][0][:2] == ("practice.lock", "acquire"):
            (_model, _method, module, session), kwargs = calls[0]
            return module, session, kwargs["reason"]
        return "error"
    if (code, err, calls) == (0, "", []) and out:
        return "deny" if json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny" else "error"
    return "local" if (code, out, err, calls) == (0, "", "", []) else "error"


def _cases(tree):
    mod = tree / "addons"
    return [
        ("ours, lease left", _payload(tree, "Edit", str(mod / "mine" / "a.py")), {}),
        ("ours, relative path", _payload(tree, "Write", "a.py", cwd=mod / "mine"), {}),
        ("ours, new sub-folder", _payload(tree, "MultiEdit", str(mod / "mine" / "new" / "b.py")), {}),
        ("ours, notebook", _payload(tree, "NotebookEdit", str(mod / "mine" / "n.ipynb")), {}),
        ("ours, near expiry", _payload(tree, "Edit", str(mod / "mine_old" / "a.py")), {}),
        (
            "ours, margin raised",
            _payload(tree, "Edit", str(mod / "mine" / "a.py")),
            {"PRACTICE_LOCK_RENEW_MARGIN": "7200"},
        ),
        (
            "ours by PRACTICE_SESSION",
            _payload(tree, "Edit", str(mod / "mine" / "a.py"), session="x"),
            {"PRACTICE_SESSION": SESSION},
        ),
        (
            "PRACTICE_SESSION elsewhere",
            _payload(tree, "Edit", str(mod / "mine" / "a.py")),
            {"PRACTICE_SESSION": "other"},
        ),
        ("theirs", _payload(tree, "Edit", str(mod / "theirs" / "a.py")), {}),
        ("not held", _payload(tree, "Edit", str(mod / "free" / "a.py")), {}),
        ("only a .locks/ file says ours", _payload(tree, "Edit", str(mod / "forged" / "a.py")), {}),
        (
            "proof of another session",
            _payload(tree, "Edit", str(mod / "theirs" / "a.py"), "claude-other"),
            {},
        ),
        (
            "proof too old: ask again",
            _payload(tree, "Edit", str(mod / "mine" / "a.py")),
            {"PRACTICE_LOCK_RECHECK": "1"},
        ),
        (
            "proof under another login",
            _payload(tree, "Edit", str(mod / "mine" / "a.py")),
            {"PRACTICE_LOGIN": "z"},
        ),
        (
            "proof under another secret",
            _payload(tree, "Edit", str(mod / "mine" / "a.py")),
            {"PRACTICE_API_KEY": "c"},
        ),
        ("no session id", _payload(tree, "Edit", str(mod / "mine" / "a.py"), session=None), {}),
        ("outside any module", _payload(tree, "Write", str(tree / "tools" / "x.py")), {}),
        ("outside the work tree", _payload(tree, "Write", "/etc/hosts"), {}),
        ("a read", _payload(tree, "Read", str(mod / "theirs" / "a.py")), {}),
        ("no file", _payload(tree, "Edit", None), {}),
        ("empty file path", _payload(tree, "Edit", ""), {}),
        ("no tool name", _payload(tree, None, str(mod / "mine" / "a.py")), {}),
        ("module root itself", _payload(tree, "Edit", str(mod / "mine")), {}),
        ("the .locks/ mirror", _payload(tree, "Write", str(tree / ".locks" / "free.lock")), {}),
        ("the .locks/ folder, relative", _payload(tree, "Write", "../.locks/x.lock", cwd=tree / "tools"), {}),
        ("the proof cache", _payload(tree, "Write", str(tree.parent / "cache" / "practice" / "x")), {}),
    ]


def test_same_decision_as_the_full_path(tree):
    """Answered locally exactly when the full path answers without a call; a lock taken by the
    lean path is the full path's acquire (same module, session and reason)."""
    seen = set()
    for name, payload, extra in _cases(tree):
        env = {**_env(tree), **extra}
        fast = hook_fast.decide(json.dumps(payload), environ=env)
        full = _full_path(payload, env)
        assert (fast == hook_fast.GO_ON) == (full == "local"), name
        assert isinstance(fast, hook_fast.Deny) == (full == "deny"), name
        if isinstance(fast, hook_fast.Acquire):
            assert (fast.module, fast.session, fast.reason) == full, name
            assert fast.root == str(tree)
        seen.add(type(fast).__name__ if isinstance(fast, hook_fast.Acquire | hook_fast.Deny) else fast)
    assert seen == {hook_fast.GO_ON, hook_fast.FULL, "Acquire", "Deny"}
    # the plainly-ours edit is answered locally, the others that need the server are not
    assert hook_fast.decide(json.dumps(_cases(tree)[0][1]), environ=_env(tree)) == hook_fast.GO_ON
    # without the secret no proof is valid: the server answers
    assert isinstance(hook_fast.decide(json.dumps(_cases(tree)[0][1]), environ={}), hook_fast.Acquire)


def test_hmac_matches_the_standard_library():
    import hmac

    for key, msg in ((b"", b""), (b"k", b"message"), (b"x" * 100, b"y" * 1000)):
        assert lock_proof.hmac_sha256(key, msg) == hmac.new(key, msg, "sha256").hexdigest()


def test_bad_input_is_denied(tree):
    for text in ("", "   ", "not json", "[1, 2]", '{"tool_name": "Edit"', '{"a": 1} x', "x" * 1_000_001):
        assert isinstance(hook_fast.decide(text, environ={}), hook_fast.Deny), text[:20]
    assert isinstance(hook_fast.decide(b"{\xff}", environ={}), hook_fast.Deny)
    assert isinstance(hook_fast.decide("[" * 100_000, environ={}), hook_fast.Deny)


def test_git_env_or_another_owner_defers_to_git(tree, monkeypatch):
    payload = json.dumps(_cases(tree)[0][1])
    monkeypatch.setenv("GIT_DIR", str(tree / ".git"))
    assert hook_fast.decide(payload, environ=_env(tree)) == hook_fast.FULL
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tree / ".git").st_uid + 1)
    assert hook_fast.decide(payload, environ=_env(tree)) == hook_fast.FULL


def test_loads_matches_json():
    for text in ('{"a": [1, 2.5, null, true, false, "\\u00e9x"], "b": {"c": -0.1e3}}', " [] ", '"s"', "3"):
        assert lean_rpc.loads(text) == json.loads(text)
    for bad in ("{", "{}x", "nul", '{"a": 1,}', "[1] [2]", "{'a': 1}"):
        with pytest.raises(ValueError):
            lean_rpc.loads(bad)


def test_parse_time_matches_strptime():
    for text in ("2026-11-29 21:10:00", "2026-01-05 00:00:59.123456", "2028-02-29 23:59:59"):
        assert locks_mirror.parse_time(text) == datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
    for bad in (
        "",
        None,
        5,
        "soon",
        "2026-13-01 00:00:00",
        "2026-11-29T21:10:00",
        "2026-11-29 21:10",
        "２０２６-11-29 21:10:00",
    ):
        assert locks_mirror.parse_time(bad) is None, bad


def _run(tree, payload, *python_flags, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PRACTICE_", "GIT_"))}
    full_env.update({"PYTHONPATH": str(PROJECT_DIR / "client"), "PRACTICE_URL": "http://127.0.0.1:9"})
    full_env.update({**_env(tree), **env})
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    proc = subprocess.run(
        [sys.executable, *python_flags, "-m", "practice_client", "hook", "pre-tool-use"],
        cwd=tree,
        input=data,
        capture_output=True,
        env=full_env,
        timeout=60,
    )
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def _denied(proc):
    """The reason of a PreToolUse deny (JSON on stdout, exit 0; or exit 2, stderr), else ``None``."""
    if proc.returncode == 2:
        return proc.stderr
    if proc.returncode == 0 and proc.stdout.strip():
        out = json.loads(proc.stdout)["hookSpecificOutput"]
        assert out["hookEventName"] == "PreToolUse"
        return out["permissionDecisionReason"] if out["permissionDecision"] == "deny" else None
    return None


def test_held_module_answered_without_loading_the_client(tree):
    """The local answer imports neither click, rich, the XML-RPC/HTTP stack nor re; a first
    acquire goes to the full client (here: no server: the edit is denied, naming why)."""
    mine = _run(tree, _cases(tree)[0][1], "-X", "importtime")
    assert (mine.returncode, mine.stdout) == (0, ""), mine.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in mine.stderr.splitlines() if "|" in line}
    assert "practice_client.hook_fast" in imported
    for heavy in ("click", "rich", "xmlrpc.client", "http.client", "re", "json", "practice_client.rpc"):
        assert heavy not in imported, heavy
    free = _run(tree, _cases(tree)[9][1])
    reason = _denied(free)
    assert reason and "127.0.0.1:9" in reason and "denied" in reason, (
        free.returncode,
        free.stdout,
        free.stderr,
    )
    assert len(reason) < 800
