"""Issue 23, item 7: the pre-commit guard maps what the commit holds (the index and HEAD), never
the work tree, and takes no session id from a place the agent writes as proof of a lock.

Each attack runs in a real git repository: a module ``held`` (locked by session A) committed in
HEAD, the attacker's change staged the way the issue found it, then the guard asked as the
pre-commit hook asks it. The server's ``verify`` is emulated with its documented semantics (a
live lock is "ours" when its session is the one asked for, else "theirs")."""

import ast
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from practice_client import env_settings, gitguard, hook_core, hooks, lock_proof, locks_mirror

PROJECT_DIR = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.security

HOLDER = "claude-A-holder"
TOKEN = 4242
CREDENTIALS = {"PRACTICE_DB": "x", "PRACTICE_LOGIN": "shared-login", "PRACTICE_API_KEY": "k"}


def _git(root, *args, check=True, **extra):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRACTICE_"))},
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        **extra,
    }
    return subprocess.run(["git", *args], cwd=root, check=check, capture_output=True, text=True, env=env)


def _expires():
    return (locks_mirror.utcnow() + timedelta(minutes=30)).strftime(locks_mirror.SERVER_FORMAT)


class Server:
    """``practice.lock.verify`` of a server where session A holds ``held``."""

    def __init__(self):
        self.locks = {
            "held": {
                "module": "held",
                "repo": "main",
                "token": TOKEN,
                "state": "held",
                "session_id": HOLDER,
                "user": "Shared",
                "user_id": 7,
                "since": "2026-01-01 10:00:00",
                "expires_at": _expires(),
                "reason": "A works here",
            }
        }
        self.calls = []

    def execute_kw(self, _db, _uid, _secret, model, method, args, kwargs):
        return self.call(model, method, *args, **kwargs)

    def call(self, model, method, modules, session_id, repo=None):
        assert (model, method) == ("practice.lock", "verify")
        assert isinstance(session_id, str)
        self.calls.append((list(modules), session_id))
        live = [self.locks[m] for m in modules if m in self.locks]
        return {
            "ours": [lock for lock in live if lock["session_id"] == session_id],
            "theirs": [lock for lock in live if lock["session_id"] != session_id],
            "free": [m for m in modules if m not in self.locks],
        }


class _Paths(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """A stand-in for Odoo's XML-RPC (login, then ``practice.lock.verify``) on 127.0.0.1."""
    fake = Server()
    rpc = SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=_Paths, allow_none=True, logRequests=False)
    rpc.register_function(lambda db, login, secret, ctx: 7, "authenticate")
    rpc.register_function(fake.execute_kw, "execute_kw")
    thread = threading.Thread(target=rpc.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{rpc.server_address[1]}"
    yield fake
    rpc.shutdown()
    rpc.server_close()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    for name in ("held", "free"):
        (root / "addons" / name).mkdir(parents=True)
        (root / "addons" / name / "__manifest__.py").write_text(f"{{'name': '{name}'}}\n")
        (root / "addons" / name / "a.py").write_text("x = 1\n")
    (root / "tools").mkdir()
    (root / "tools" / "t.py").write_text("t = 1\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "init")
    hooks.install(str(root), agent="none", python=sys.executable)  # the pre-commit guard
    return root


def _env(root):
    return {**CREDENTIALS, "XDG_CACHE_HOME": str(root.parent / "cache")}


def _commit(server, root, **env):
    """``git commit`` with the installed pre-commit guard (a process asking the server):
    ``True`` when the commit went through."""
    before = _git(root, "rev-parse", "HEAD").stdout
    done = _git(
        root,
        "commit",
        "-q",
        "-m",
        "attempt",
        check=False,
        PYTHONPATH=str(PROJECT_DIR / "client"),
        PRACTICE_URL=server.url,
        **{**_env(root), **env},
    )
    if done.returncode == 0:
        assert _git(root, "rev-parse", "HEAD").stdout != before
        return True
    assert "commit refused" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "held (repository main) is locked by session " + HOLDER in done.stderr, done.stderr
    return False


def _guard(root, **env):
    settings = env_settings.Lean({**_env(root), **env})
    modules, theirs = gitguard.guard(Server().call, str(root), settings, environ={**_env(root), **env})
    return modules, [lock["module"] for lock in theirs]


def test_hidden_manifest_in_the_work_tree(server, repo):
    """The manifest removed from the work tree only (still in the index and HEAD)."""
    (repo / "addons" / "held" / "__manifest__.py").unlink()
    (repo / "addons" / "held" / "a.py").write_text("x = 2\n")
    _git(repo, "add", "addons/held/a.py")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held"], ["held"])


def test_manifest_deletion_staged_with_the_change(server, repo):
    (repo / "addons" / "held" / "a.py").write_text("x = 2\n")
    _git(repo, "rm", "-q", "--cached", "addons/held/__manifest__.py")
    _git(repo, "add", "addons/held/a.py")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held"], ["held"])


def test_git_mv_of_the_module_folder(server, repo):
    _git(repo, "mv", "addons/held", "addons/renamed")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held", "renamed"], ["held"])


def test_git_rm_r_of_the_module(server, repo):
    _git(repo, "rm", "-q", "-r", "addons/held")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held"], ["held"])


def test_a_file_moved_out_of_the_module(server, repo):
    _git(repo, "mv", "addons/held/a.py", "tools/stolen.py")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held"], ["held"])


def test_a_fake_manifest_in_the_work_tree_does_not_hide_the_module(server, repo):
    """A __manifest__.py planted (untracked) in a sub-folder would have made the staged file
    belong to a made-up module ``sub`` instead of ``held``."""
    (repo / "addons" / "held" / "sub").mkdir()
    (repo / "addons" / "held" / "sub" / "b.py").write_text("b = 1\n")
    (repo / "addons" / "held" / "sub" / "__manifest__.py").write_text("{}\n")
    _git(repo, "add", "addons/held/sub/b.py")
    assert not _commit(server, repo)
    assert _guard(repo) == (["held"], ["held"])


def test_outside_any_module_and_a_free_module_pass(server, repo):
    (repo / "tools" / "t.py").write_text("t = 2\n")
    (repo / "addons" / "free" / "a.py").write_text("x = 2\n")
    _git(repo, "add", ".")
    assert _commit(server, repo)


def test_a_session_id_the_agent_sets_is_not_proof(server, repo):
    """Two agents on one login: B sets A's session id (PRACTICE_SESSION, .git/practice-session)
    and commits into A's module: refused, the guard asks for every live lock and accepts only a
    proof of the server's grant kept outside the work tree."""
    (repo / "addons" / "held" / "a.py").write_text("x = 2\n")
    _git(repo, "add", "addons/held/a.py")
    hook_core.record_session(str(repo), HOLDER)
    assert not _commit(server, repo, PRACTICE_SESSION=HOLDER)
    assert not _commit(server, repo)  # the session recorded in .git
    assert _guard(repo, PRACTICE_SESSION=HOLDER) == (["held"], ["held"])
    # a proof written without the login's secret (or for another token) is no proof
    forged = {**_env(repo), "PRACTICE_API_KEY": "guessed"}
    grant = {"granted": True, "module": "held", "token": TOKEN, "expires_at": _expires()}
    assert lock_proof.store(forged, env_settings.Lean(forged), str(repo), None, HOLDER, grant)
    assert _guard(repo) == (["held"], ["held"])
    old = dict(grant, token=TOKEN - 1)
    assert lock_proof.store(_env(repo), env_settings.Lean(_env(repo)), str(repo), None, HOLDER, old)
    assert _guard(repo) == (["held"], ["held"])
    # the hook's proof of the live grant (session and token): A's own commit passes
    assert lock_proof.store(_env(repo), env_settings.Lean(_env(repo)), str(repo), None, HOLDER, grant)
    assert _guard(repo) == (["held"], [])
    # another session of the same work tree naming itself is still refused
    assert not _commit(server, repo, PRACTICE_SESSION="claude-B")
    assert _commit(server, repo)
    (repo / "addons" / "held" / "a.py").write_text("x = 4\n")
    _git(repo, "add", "addons/held/a.py")
    # ...only in the work tree the hook wrote it for
    other = repo.parent / "clone"
    _git(repo.parent, "clone", "-q", str(repo), str(other))
    (other / "addons" / "held" / "a.py").write_text("x = 3\n")
    _git(other, "add", "addons/held/a.py")
    assert _guard(other) == (["held"], ["held"])


def test_git_failure_refuses_the_commit(repo, monkeypatch):
    monkeypatch.setattr(gitguard, "_git", lambda *args: None)
    with pytest.raises(gitguard.GuardError):
        gitguard.staged_modules(str(repo))


def test_initial_commit_without_head(tmp_path):
    root = tmp_path / "new"
    (root / "mod").mkdir(parents=True)
    (root / "mod" / "__manifest__.py").write_text("{}\n")
    (root / "mod" / "x.py").write_text("")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    assert gitguard.staged_modules(str(root)) == ["mod"]


def test_the_client_bounds_a_session_id_as_the_server_does():
    """Issue 30: one session-id bound. The client cannot import the addons when installed
    alone, so it keeps its own copy of the value: this test keeps the two equal (read from the
    server's source, so it runs without Odoo)."""
    source = (PROJECT_DIR / "addons/practice_base/tools/guard.py").read_text(encoding="utf-8")
    (bound,) = [
        node.value.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["MAX_SESSION_ID"]
    ]
    assert gitguard.MAX_SESSION_ID == bound
