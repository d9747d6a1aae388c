"""The lean PreToolUse entry (practice_client.hook_fast): the same decision as the full
``practice hook pre-tool-use`` for every input it answers, and no click/rich/XML-RPC/re import
on the path it answers locally."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from practice_client import hook_fast, hooks, locks_mirror

from live import PROJECT_DIR

pytestmark = pytest.mark.rules

SESSION = "claude-fast-1"


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


@pytest.fixture
def tree(tmp_path):
    """A git work tree: modules held by us (fresh / near expiry), by another session, not held,
    one with a malformed .locks/ file, and a folder outside any module."""
    for name in ("mine", "mine_old", "theirs", "free", "broken"):
        (tmp_path / "addons" / name).mkdir(parents=True)
        (tmp_path / "addons" / name / "__manifest__.py").write_text("{}\n")
    (tmp_path / "tools").mkdir()
    _git(tmp_path, "init", "-q")
    locks_mirror.put_entry(str(tmp_path), _lock("mine", SESSION, 30))
    locks_mirror.put_entry(str(tmp_path), _lock("mine_old", SESSION, 2))
    locks_mirror.put_entry(str(tmp_path), _lock("theirs", "claude-other", 30))
    (tmp_path / ".locks" / "broken.lock").write_text(
        "module: broken\nsession: claude-fast-1\nexpires: soon\n"
    )
    return tmp_path


def _payload(tree, tool, path, session=SESSION, cwd=None):
    payload = {"tool_name": tool, "cwd": str(cwd or tree), "hook_event_name": "PreToolUse"}
    if session:
        payload["session_id"] = session
    if path is not None:
        key = "notebook_path" if tool == "NotebookEdit" else "file_path"
        payload["tool_input"] = {key: path}
    return payload


def _full_path(payload, env):
    """The full path's answer: ``"local"`` when it lets the edit go on without any server call,
    ``(module, session, reason)`` of its first call when that is an acquire, else ``"error"``."""
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
        ("malformed lock file", _payload(tree, "Edit", str(mod / "broken" / "a.py")), {}),
        ("no session id", _payload(tree, "Edit", str(mod / "mine" / "a.py"), session=None), {}),
        ("outside any module", _payload(tree, "Write", str(tree / "tools" / "x.py")), {}),
        ("outside the work tree", _payload(tree, "Write", "/etc/hosts"), {}),
        ("a read", _payload(tree, "Read", str(mod / "theirs" / "a.py")), {}),
        ("no file", _payload(tree, "Edit", None), {}),
        ("empty file path", _payload(tree, "Edit", ""), {}),
        ("module root itself", _payload(tree, "Edit", str(mod / "mine")), {}),
    ]


def test_same_decision_as_the_full_path(tree):
    """Answered locally exactly when the full path answers without a call; a lock taken by the
    lean path is the full path's acquire (same module, session and reason)."""
    seen = set()
    for name, payload, env in _cases(tree):
        fast = hook_fast.decide(json.dumps(payload), environ=env)
        full = _full_path(payload, env)
        assert (fast == hook_fast.GO_ON) == (full == "local"), name
        if isinstance(fast, hook_fast.Acquire):
            assert (fast.module, fast.session, fast.reason) == full, name
            assert fast.root == str(tree)
        seen.add(type(fast).__name__ if isinstance(fast, hook_fast.Acquire) else fast)
    assert seen == {hook_fast.GO_ON, hook_fast.FULL, "Acquire"}
    # the plainly-ours edit is answered locally, the others that need the server are not
    assert hook_fast.decide(json.dumps(_cases(tree)[0][1]), environ={}) == hook_fast.GO_ON


def test_bad_input_goes_to_the_full_path(tree):
    for text in ("", "   ", "not json", "[1, 2]", '{"tool_name": "Edit"', '{"a": 1} x', "x" * 1_000_001):
        assert hook_fast.decide(text, environ={}) == hook_fast.FULL, text[:20]


def test_git_env_or_another_owner_defers_to_git(tree, monkeypatch):
    payload = json.dumps(_cases(tree)[0][1])
    monkeypatch.setenv("GIT_DIR", str(tree / ".git"))
    assert hook_fast.decide(payload, environ={}) == hook_fast.FULL
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tree / ".git").st_uid + 1)
    assert hook_fast.decide(payload, environ={}) == hook_fast.FULL


def test_loads_matches_json():
    for text in ('{"a": [1, 2.5, null, true, false, "\\u00e9x"], "b": {"c": -0.1e3}}', " [] ", '"s"', "3"):
        assert hook_fast.loads(text) == json.loads(text)
    for bad in ("{", "{}x", "nul", '{"a": 1,}', "[1] [2]", "{'a': 1}"):
        with pytest.raises(ValueError):
            hook_fast.loads(bad)


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
    full_env.update({"PYTHONPATH": str(PROJECT_DIR / "client"), "PRACTICE_URL": "http://127.0.0.1:9", **env})
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "practice_client", "hook", "pre-tool-use"],
        cwd=tree,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env={**full_env, "PRACTICE_DB": "x", "PRACTICE_LOGIN": "a", "PRACTICE_API_KEY": "b"},
        timeout=60,
    )


def test_held_module_answered_without_loading_the_client(tree):
    """The local answer imports neither click, rich, the XML-RPC/HTTP stack nor re; a first
    acquire goes to the full client (here: no server, the full path's error and exit 1)."""
    mine = _run(tree, _cases(tree)[0][1], "-X", "importtime")
    assert (mine.returncode, mine.stdout) == (0, ""), mine.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in mine.stderr.splitlines() if "|" in line}
    assert "practice_client.hook_fast" in imported
    for heavy in ("click", "rich", "xmlrpc.client", "http.client", "re", "json", "practice_client.rpc"):
        assert heavy not in imported, heavy
    free = _run(tree, _cases(tree)[9][1])
    assert free.returncode == 1 and free.stdout == ""
    assert free.stderr.startswith("practice hook pre-tool-use: ") and "127.0.0.1:9" in free.stderr
    assert len(free.stderr) < 500
