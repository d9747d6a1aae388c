"""Agent hooks end to end: real hook payloads, a real git work tree, a live server."""

import hashlib
import json
import os
import shlex
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

CLIENT_DIR = PROJECT_DIR / "client"
EDIT = "Edit"


def _env(server, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": "admin",
            "PRACTICE_API_KEY": "admin",
            "PYTHONPATH": str(CLIENT_DIR),
            "GIT_AUTHOR_NAME": "e2e",
            "GIT_AUTHOR_EMAIL": "e2e@example.com",
            "GIT_COMMITTER_NAME": "e2e",
            "GIT_COMMITTER_EMAIL": "e2e@example.com",
        }
    )
    env.update(extra)
    return env


def practice(server, cwd, *args, stdin=None, **env):
    return subprocess.run(
        [sys.executable, "-m", "practice_client", *args],
        cwd=cwd,
        env=_env(server, **env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def hook(server, repo, event, session, **fields):
    """Run `practice hook EVENT` with the JSON Claude Code sends."""
    env = fields.pop("env", {})
    names = {
        "session-start": "SessionStart",
        "user-prompt-submit": "UserPromptSubmit",
        "pre-tool-use": "PreToolUse",
        "post-tool-use": "PostToolUse",
        "pre-compact": "PreCompact",
        "stop": "Stop",
        "session-end": "SessionEnd",
    }
    payload = {
        "session_id": session,
        "transcript_path": f"/tmp/{session}.jsonl",
        "cwd": str(repo),
        "hook_event_name": names[event],
        **fields,
    }
    return practice(server, repo, "hook", event, stdin=json.dumps(payload), **env)


def edit(server, repo, session, path, tool=EDIT, **env):
    tool_input = {"file_path": str(repo / path), "old_string": "a", "new_string": "b"}
    return hook(server, repo, "pre-tool-use", session, tool_name=tool, tool_input=tool_input, env=env)


def git(repo, *args, **env):
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


def _mod(repo, name):
    """This work tree's module ``name`` (alpha/beta): unique per test, the server is shared."""
    return f"hk_{name}_{hashlib.sha1(str(repo).encode()).hexdigest()[:8]}"


@pytest.fixture
def repo(tmp_path):
    """A git work tree with two Odoo module folders and a folder outside any module."""
    alpha, beta = _mod(tmp_path, "alpha"), _mod(tmp_path, "beta")
    for name in (alpha, beta):
        (tmp_path / "addons" / name / "models").mkdir(parents=True)
        (tmp_path / "addons" / name / "__manifest__.py").write_text(f"{{'name': '{name}'}}\n")
        (tmp_path / "addons" / name / "models" / "thing.py").write_text("x = 1\n")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "script.py").write_text("print(1)\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    ident = {
        "GIT_AUTHOR_NAME": "e2e",
        "GIT_AUTHOR_EMAIL": "e@x",
        "GIT_COMMITTER_NAME": "e2e",
        "GIT_COMMITTER_EMAIL": "e@x",
    }
    assert git(tmp_path, "commit", "-q", "-m", "init", **ident).returncode == 0
    return tmp_path


def _sessions():
    suffix = uuid.uuid4().hex[:6]
    return f"claude-A-{suffix}", f"claude-B-{suffix}"


def _mirror(repo, module):
    path = repo / ".locks" / f"{module}.lock"
    if not path.exists():
        return None
    return dict(line.split(": ", 1) for line in path.read_text().splitlines())


def _ours(repo):
    """This test's files in .locks/ (the shared server's other locks are there too)."""
    mine = {f"{_mod(repo, name)}.lock" for name in ("alpha", "beta")}
    return sorted(n for n in os.listdir(repo / ".locks") if n in mine)


def test_two_sessions_take_deny_pass_and_release(live_odoo, admin_rpc, repo):
    a, b = _sessions()
    alpha, beta = _mod(repo, "alpha"), _mod(repo, "beta")
    start = hook(live_odoo, repo, "session-start", a, source="startup")
    assert start.returncode == 0, start.stderr
    assert start.stdout.startswith("# Practice context")
    assert (repo / ".git" / "practice-session").read_text().strip() == a
    log = admin_rpc.call("practice.session.log", "search_read", [("name", "=", a)], ["state"])
    assert log and log[0]["state"] == "running"

    # A edits alpha: allowed (no output), lock taken for A, mirrored in .locks/
    took = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py")
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    held = admin_rpc.call("practice.lock", "verify", [alpha], a)
    assert [x["module"] for x in held["ours"]] == [alpha]
    lock = held["ours"][0]
    mirror = _mirror(repo, alpha)
    assert mirror == {
        "module": alpha,
        "repo": lock["repo"],
        "session": a,
        "user": lock["user"],
        "since": lock["since"],
        "expires": lock["expires_at"],
        "token": str(lock["token"]),
        "reason": f"Edit addons/{alpha}/models/thing.py",
    }

    # A again on the same module, with plenty of lease left: answered from .locks/ with no
    # round trip (the URL points at a port nothing listens on)
    local = edit(
        live_odoo, repo, a, f"addons/{alpha}/__init__.py", tool="Write", PRACTICE_URL="http://127.0.0.1:9"
    )
    assert (local.returncode, local.stdout) == (0, ""), local.stderr
    # ...near expiry it goes to the server (renews through a re-entrant acquire)
    renew = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py", PRACTICE_LOCK_RENEW_MARGIN="100000")
    assert (renew.returncode, renew.stdout) == (0, ""), renew.stderr
    assert _mirror(repo, alpha)["token"] == str(lock["token"])

    # B on alpha: denied, naming module, holder session, user, since and reason
    denied = edit(live_odoo, repo, b, f"addons/{alpha}/models/thing.py", tool="MultiEdit")
    assert denied.returncode == 0, denied.stderr
    out = json.loads(denied.stdout)["hookSpecificOutput"]
    assert out["hookEventName"] == "PreToolUse" and out["permissionDecision"] == "deny"
    reason = out["permissionDecisionReason"]
    for part in (alpha, a, lock["user"], lock["since"], f"Edit addons/{alpha}/models/thing.py"):
        assert part in reason, (part, reason)
    assert admin_rpc.call("practice.lock", "verify", [alpha], b)["theirs"][0]["session_id"] == a

    # B on beta: taken; a NotebookEdit of a file outside any module and a Read pass untouched
    assert edit(live_odoo, repo, b, f"addons/{beta}/models/thing.py", tool="Write").stdout == ""
    outside = hook(
        live_odoo,
        repo,
        "pre-tool-use",
        b,
        tool_name="NotebookEdit",
        tool_input={"notebook_path": str(repo / "tools" / "nb.ipynb")},
    )
    assert (outside.returncode, outside.stdout) == (0, ""), outside.stderr
    read = hook(
        live_odoo, repo, "pre-tool-use", b, tool_name="Read", tool_input={"file_path": str(repo / "x")}
    )
    assert (read.returncode, read.stdout) == (0, "")
    assert _ours(repo) == [f"{alpha}.lock", f"{beta}.lock"]
    assert _mirror(repo, beta)["session"] == b and _mirror(repo, alpha)["session"] == a

    # resume: the bundle names the modules A holds
    resumed = hook(live_odoo, repo, "session-start", a, source="compact")
    assert resumed.returncode == 0, resumed.stderr
    assert alpha in resumed.stdout

    # A ends: its lock is released, its log finished, .locks/ refreshed; B can take alpha
    end = hook(live_odoo, repo, "session-end", a, reason="exit")
    assert end.returncode == 0, end.stderr
    assert alpha in end.stderr
    assert admin_rpc.call("practice.lock", "verify", [alpha], b)["free"] == [alpha]
    log = admin_rpc.call("practice.session.log", "search_read", [("name", "=", a)], ["state", "outcome"])
    assert log[0]["state"] != "running" and log[0]["outcome"] == "partial"
    assert _ours(repo) == [f"{beta}.lock"]
    assert edit(live_odoo, repo, b, f"addons/{alpha}/models/thing.py").stdout == ""
    assert _mirror(repo, alpha)["session"] == b

    # lock sync rewrites the mirror from the server (a lost file comes back)
    (repo / ".locks" / f"{beta}.lock").unlink()
    synced = practice(live_odoo, repo, "lock", "sync", PRACTICE_SESSION=b)
    assert synced.returncode == 0, synced.stderr
    assert f"{beta}: session {b} (ours)" in synced.stdout
    assert _mirror(repo, beta)["session"] == b
    hook(live_odoo, repo, "session-end", b)
    assert _ours(repo) == []
    # the other locks of the repository (the demo data's) stay mirrored: ours and theirs
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    live = [("state", "=", "held"), ("repo_id.name", "=", lock["repo"]), ("expires_at", ">", now)]
    held = admin_rpc.call("practice.lock", "search_read", live, ["module_name"])
    assert {f"{h['module_name']}.lock" for h in held} <= set(os.listdir(repo / ".locks"))


def test_pre_commit_guard_refuses_a_commit_into_a_module_another_session_holds(live_odoo, repo):
    a, b = _sessions()
    installed = practice(live_odoo, repo, "hooks", "install")
    assert installed.returncode == 0, installed.stderr
    settings = json.loads((repo / ".claude" / "settings.json").read_text())
    assert settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"] == "practice hook pre-tool-use"
    again = practice(live_odoo, repo, "hooks", "install")
    assert json.loads((repo / ".claude" / "settings.json").read_text()) == settings, again.stderr

    # session A holds alpha (through its hook)
    assert edit(live_odoo, repo, a, f"addons/{_mod(repo, 'alpha')}/models/thing.py").stdout == ""
    (repo / "addons" / _mod(repo, "alpha") / "models" / "thing.py").write_text("x = 2\n")
    (repo / "tools" / "script.py").write_text("print(2)\n")
    git(repo, "add", f"addons/{_mod(repo, 'alpha')}", "tools")

    refused = git(repo, "commit", "-m", "B sneaks in", **_env(live_odoo, PRACTICE_SESSION=b))
    assert refused.returncode != 0
    assert (
        _mod(repo, "alpha") in refused.stderr and a in refused.stderr and "commit refused" in refused.stderr
    )
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    # B commits only the file outside any module: fine
    git(repo, "reset", "-q", f"addons/{_mod(repo, 'alpha')}")
    outside = git(repo, "commit", "-m", "tools only", **_env(live_odoo, PRACTICE_SESSION=b))
    assert outside.returncode == 0, outside.stderr

    # the work tree's own session (recorded by the hooks) commits its module
    git(repo, "add", f"addons/{_mod(repo, 'alpha')}")
    ours = git(repo, "commit", "-m", "A commits", **_env(live_odoo))
    assert ours.returncode == 0, ours.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "3"

    removed = practice(live_odoo, repo, "hooks", "install", "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert not (repo / ".claude" / "settings.json").exists()
    hook(live_odoo, repo, "session-end", a)


def test_stop_blocks_once_on_a_flagged_diff(live_odoo, admin_rpc, repo):
    a, _b = _sessions()
    ids = admin_rpc.call("res.partner", "create", [{"name": f"hook partner {i}"} for i in range(150)])
    assert hook(live_odoo, repo, "session-start", a, source="startup").returncode == 0
    clean = hook(live_odoo, repo, "stop", a, stop_hook_active=False)
    assert (clean.returncode, clean.stderr) == (0, "")
    admin_rpc.call("res.partner", "unlink", ids[:120])
    off = hook(live_odoo, repo, "stop", a, stop_hook_active=False, env={"PRACTICE_STOP_GUARD": "0"})
    assert off.returncode == 0
    active = hook(live_odoo, repo, "stop", a, stop_hook_active=True)
    assert active.returncode == 0
    blocked = hook(live_odoo, repo, "stop", a, stop_hook_active=False)
    assert blocked.returncode == 2
    assert "res.partner count" in blocked.stderr and "-120" in blocked.stderr
    assert len(blocked.stderr) < 5000
    # the same diff blocks once: the agent is never trapped
    assert hook(live_odoo, repo, "stop", a, stop_hook_active=False).returncode == 0
    hook(live_odoo, repo, "session-end", a)


def test_first_acquire_after_a_login_takes_the_lean_path(live_odoo, admin_rpc, repo):
    """Session-start logs in once and remembers the uid; the first edit of a module then takes
    its lock with one JSON-RPC call from the lean entry (no XML-RPC client, no click), mirrored
    like the full path; a stale uid falls back to the full path, which logs in again."""
    a, b = _sessions()
    alpha, beta = _mod(repo, "alpha"), _mod(repo, "beta")
    assert hook(live_odoo, repo, "session-start", a, source="startup").returncode == 0
    uid_file = repo / ".git" / "practice-hooks" / "uid"
    assert uid_file.read_text().splitlines() == [
        live_odoo.url.rstrip("/"),
        live_odoo.db,
        "admin",
        str(admin_rpc.uid),
    ]

    payload = {
        "session_id": a,
        "cwd": str(repo),
        "hook_event_name": "PreToolUse",
        "tool_name": "Write",
        "tool_input": {"file_path": str(repo / "addons" / alpha / "models" / "new.py"), "content": "x"},
    }
    lean = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "practice_client", "hook", "pre-tool-use"],
        cwd=repo,
        env=_env(live_odoo),
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (lean.returncode, lean.stdout) == (0, ""), lean.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in lean.stderr.splitlines() if "|" in line}
    assert "practice_client.lean_rpc" in imported
    for heavy in (
        "xmlrpc.client",
        "http.client",
        "click",
        "rich",
        "practice_client.cli",
        "practice_client.rpc",
    ):
        assert heavy not in imported, heavy
    held = admin_rpc.call("practice.lock", "verify", [alpha], a)["ours"]
    assert [x["module"] for x in held] == [alpha]
    assert _mirror(repo, alpha)["token"] == str(held[0]["token"])
    assert _mirror(repo, alpha)["reason"] == f"Write addons/{alpha}/models/new.py"
    assert (repo / ".git" / "practice-session").read_text() == a + "\n"

    # another session is refused through the full path, which names the holder
    denied = edit(live_odoo, repo, b, f"addons/{alpha}/models/thing.py")
    decision = json.loads(denied.stdout)["hookSpecificOutput"]
    assert decision["permissionDecision"] == "deny" and a in decision["permissionDecisionReason"]

    # a stale uid (another user's): refused by the server, the full path logs in again and
    # takes the lock, and the work tree remembers the right uid
    uid_file.write_text(f"{live_odoo.url.rstrip('/')}\n{live_odoo.db}\nadmin\n1\n")
    took = edit(live_odoo, repo, a, f"addons/{beta}/models/thing.py")
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    assert [x["module"] for x in admin_rpc.call("practice.lock", "verify", [beta], a)["ours"]] == [beta]
    assert uid_file.read_text().splitlines()[-1] == str(admin_rpc.uid)
    assert hook(live_odoo, repo, "session-end", a).returncode == 0
    assert admin_rpc.call("practice.lock", "verify", [alpha, beta], a)["ours"] == []


def test_a_lock_released_from_the_cli_is_not_ours_to_the_hook_any_more(live_odoo, repo):
    """`practice lock release` forgets the hook's proof of the grant: A released alpha, B took
    it, and A's next edit asks the server (denied) instead of trusting its proof until the
    re-check."""
    a, b = _sessions()
    alpha = _mod(repo, "alpha")
    took = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py")
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    released = practice(live_odoo, repo, "lock", "release", "--module", alpha, "--session", a)
    assert released.returncode == 0, released.stderr
    assert f"released {alpha}" in released.stdout
    taken = edit(live_odoo, repo, b, f"addons/{alpha}/models/thing.py")
    assert (taken.returncode, taken.stdout) == (0, ""), taken.stderr
    again = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py")
    assert again.returncode == 0, again.stderr
    out = json.loads(again.stdout)["hookSpecificOutput"]
    assert out["permissionDecision"] == "deny" and b in out["permissionDecisionReason"]


def test_session_end_releases_the_locks_of_the_sessions_repository(live_odoo, admin_rpc, repo):
    """A team's own repository (PRACTICE_REPO): session end released only the default
    repository's locks ("released no locks") and the lock stayed held for its whole lease."""
    a, _b = _sessions()
    alpha = _mod(repo, "alpha")
    shop = f"shop-{uuid.uuid4().hex[:6]}"
    admin_rpc.call("practice.repo", "create", {"name": shop})
    took = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py", PRACTICE_REPO=shop)
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    held = admin_rpc.call("practice.lock", "verify", [alpha], a, repo=shop)
    assert [x["module"] for x in held["ours"]] == [alpha]
    end = hook(live_odoo, repo, "session-end", a, reason="exit", env={"PRACTICE_REPO": shop})
    assert end.returncode == 0, end.stderr
    assert f"released {alpha} in {shop}" in end.stderr
    assert admin_rpc.call("practice.lock", "verify", [alpha], a, repo=shop)["ours"] == []


def test_the_cli_follows_practice_repo(live_odoo, admin_rpc, repo):
    """The deny message tells the agent to run `practice lock verify MODULE --session S`: with
    PRACTICE_REPO=shop it answered "free" (the default repository) while shop held the module."""
    a, b = _sessions()
    alpha = _mod(repo, "alpha")
    shop = f"shop-{uuid.uuid4().hex[:6]}"
    admin_rpc.call("practice.repo", "create", {"name": shop})
    took = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py", PRACTICE_REPO=shop)
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    verify = practice(live_odoo, repo, "lock", "verify", alpha, "--session", b, PRACTICE_REPO=shop)
    assert verify.returncode == 3, (verify.stdout, verify.stderr)
    assert a in verify.stdout + verify.stderr
    # every answer names the repository it used
    assert verify.stdout.startswith(f"repository {shop}:\n"), verify.stdout
    # the flag still wins over the environment
    default = practice(live_odoo, repo, "lock", "verify", alpha, "--session", b, "--repo", "practice-stack")
    assert default.returncode == 0, (default.stdout, default.stderr)
    assert default.stdout.startswith("repository practice-stack:\n"), default.stdout
    released = practice(
        live_odoo, repo, "lock", "release", "--module", alpha, "--session", a, PRACTICE_REPO=shop
    )
    assert released.returncode == 0, released.stderr
    assert released.stdout.startswith(f"released {alpha} in {shop} (token "), released.stdout
    assert admin_rpc.call("practice.lock", "verify", [alpha], a, repo=shop)["ours"] == []


def test_the_work_tree_knows_its_repository(live_odoo, admin_rpc, repo):
    """Issue 24: `practice init --repo shop --create` records the repository in the work tree's
    git config; the hooks, the pre-commit guard, the CLI and session end use it with no
    PRACTICE_REPO anywhere (the guard let B's commit through unless the committing shell
    exported it)."""
    a, b = _sessions()
    alpha = _mod(repo, "alpha")
    shop = f"shop-init-{uuid.uuid4().hex[:6]}"
    unknown = practice(live_odoo, repo, "init", "--repo", shop)
    assert unknown.returncode == 1 and f"unknown repository '{shop}'" in unknown.stderr
    init = practice(live_odoo, repo, "init", "--repo", shop, "--create")
    assert init.returncode == 0, init.stderr
    assert f"repository {shop} (created)" in init.stdout
    assert git(repo, "config", "practice.repo").stdout.strip() == shop
    assert practice(live_odoo, repo, "hooks", "install").returncode == 0

    took = edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py")
    assert (took.returncode, took.stdout) == (0, ""), took.stderr
    assert [
        x["module"] for x in admin_rpc.call("practice.lock", "verify", [alpha], a, repo=shop)["ours"]
    ] == [alpha]
    assert admin_rpc.call("practice.lock", "verify", [alpha], a)["ours"] == []  # not the default's

    # B, from another shell of the same work tree: its edit is denied, its commit refused
    denied = edit(live_odoo, repo, b, f"addons/{alpha}/models/thing.py")
    decision = json.loads(denied.stdout)["hookSpecificOutput"]
    assert decision["permissionDecision"] == "deny"
    # every answer names the repository it used: the deny, the guard, verify, session end
    assert f"{alpha} (repository {shop}) is locked by session {a}" in decision["permissionDecisionReason"]
    (repo / "addons" / alpha / "models" / "thing.py").write_text("x = 2\n")
    git(repo, "add", f"addons/{alpha}")
    refused = git(repo, "commit", "-m", "B sneaks in", **_env(live_odoo, PRACTICE_SESSION=b))
    assert refused.returncode != 0 and a in refused.stderr, refused.stderr
    assert f"{alpha} (repository {shop}) is locked" in refused.stderr
    verify = practice(live_odoo, repo, "lock", "verify", alpha, "--session", b)
    assert verify.returncode == 3 and a in verify.stdout + verify.stderr
    assert verify.stdout.startswith(f"repository {shop}:")

    end = hook(live_odoo, repo, "session-end", a, reason="exit")
    assert f"released {alpha} in {shop}" in end.stderr, end.stderr
    assert admin_rpc.call("practice.lock", "verify", [alpha], a, repo=shop)["ours"] == []


def _env_file_exports(path):
    """What Claude Code's shell gets from the CLAUDE_ENV_FILE a SessionStart hook wrote."""
    exported = {}
    for line in path.read_text().splitlines():
        words = shlex.split(line)
        if words[:1] == ["export"] and "=" in words[1]:
            name, value = words[1].split("=", 1)
            exported[name] = value
    return exported


def test_two_sessions_in_one_work_tree_commit_as_themselves(live_odoo, admin_rpc, repo, tmp_path):
    """Issue 24: `.git/practice-session` holds whichever session started last, so the guard could
    not tell two sessions of one work tree apart. Session start writes `export PRACTICE_SESSION`
    into the file CLAUDE_ENV_FILE names (Claude Code sources it before each Bash command): B's
    commit into A's module is refused, A's own commit passes."""
    a, b = _sessions()
    alpha = _mod(repo, "alpha")
    env_a, env_b = tmp_path / "env-a.sh", tmp_path / "env-b.sh"
    assert practice(live_odoo, repo, "hooks", "install").returncode == 0
    started = hook(live_odoo, repo, "session-start", a, source="startup", env={"CLAUDE_ENV_FILE": str(env_a)})
    assert started.returncode == 0, started.stderr
    assert edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py").stdout == ""
    (repo / "addons" / alpha / "models" / "thing.py").write_text("x = 3\n")  # A's uncommitted work
    started = hook(live_odoo, repo, "session-start", b, source="startup", env={"CLAUDE_ENV_FILE": str(env_b)})
    assert started.returncode == 0, started.stderr
    assert (repo / ".git" / "practice-session").read_text().strip() == b  # the last one started
    # A's uncommitted module is not B's: B's log is not tagged with it
    log_b = admin_rpc.call("practice.session.log", "search_read", [("name", "=", b)], ["module_ids"])
    assert log_b and log_b[0]["module_ids"] == []
    shell_a, shell_b = _env_file_exports(env_a), _env_file_exports(env_b)
    assert (shell_a, shell_b) == ({"PRACTICE_SESSION": a}, {"PRACTICE_SESSION": b})

    git(repo, "add", f"addons/{alpha}")
    refused = git(repo, "commit", "-m", "B commits A's module", **_env(live_odoo, **shell_b))
    assert refused.returncode != 0 and a in refused.stderr, refused.stderr
    ours = git(repo, "commit", "-m", "A commits its module", **_env(live_odoo, **shell_a))
    assert ours.returncode == 0, ours.stderr
    # each session's log carries the modules its own edits locked (practice_lock_memory): B's
    # edit of beta tags B's log, A's log keeps alpha only
    beta = _mod(repo, "beta")
    assert edit(live_odoo, repo, b, f"addons/{beta}/models/thing.py").stdout == ""
    logs = admin_rpc.call(
        "practice.session.log", "search_read", [("name", "in", [a, b])], ["name", "module_ids"]
    )
    modules = {
        log["name"]: sorted(
            m["name"] for m in admin_rpc.call("practice.code.module", "read", log["module_ids"], ["name"])
        )
        for log in logs
    }
    assert modules == {a: [alpha], b: [beta]}, modules
    for session in (a, b):
        hook(live_odoo, repo, "session-end", session, reason="exit")


def test_two_sessions_cannot_both_create_the_same_new_module(live_odoo, admin_rpc, repo):
    """Issue 24: a new module (no __manifest__.py yet: the agent's first Write is that manifest)
    took no lock, so two sessions could create the same module."""
    a, b = _sessions()
    new = f"hk_new_{uuid.uuid4().hex[:6]}"
    first = edit(live_odoo, repo, a, f"addons/{new}/__manifest__.py", tool="Write")
    assert (first.returncode, first.stdout) == (0, ""), first.stderr
    assert [x["module"] for x in admin_rpc.call("practice.lock", "verify", [new], a)["ours"]] == [new]
    second = edit(live_odoo, repo, b, f"addons/{new}/models/__init__.py", tool="Write")
    out = json.loads(second.stdout)["hookSpecificOutput"]
    assert out["permissionDecision"] == "deny" and a in out["permissionDecisionReason"]
    hook(live_odoo, repo, "session-end", a, reason="exit")


def test_two_sessions_in_two_worktrees_of_the_teams_repository(live_odoo, admin_rpc, repo):
    """Issue 24: a git worktree per parallel session (what the README recommends). `practice
    hooks install --repo shop` in the main work tree records the repository in the git config
    the linked worktree shares; each worktree keeps its own session file and `.locks/`; lock,
    deny, guard, verify and session end act on shop in both, with no PRACTICE_REPO anywhere."""
    a, b = _sessions()
    alpha, beta = _mod(repo, "alpha"), _mod(repo, "beta")
    shop = f"shop-wt-{uuid.uuid4().hex[:6]}"
    admin_rpc.call("practice.repo", "create", {"name": shop})
    installed = practice(live_odoo, repo, "hooks", "install", "--repo", shop)
    assert installed.returncode == 0, installed.stderr
    assert f"repository {shop}" in installed.stdout
    other = repo.parent / f"{repo.name}-wt-b"
    assert git(repo, "worktree", "add", "-q", "-b", "b-work", str(other)).returncode == 0
    # the linked worktree reads the shared config: same repository, and the hooks are installed
    assert git(other, "config", "practice.repo").stdout.strip() == shop

    for session, tree in ((a, repo), (b, other)):
        started = hook(live_odoo, tree, "session-start", session, source="startup")
        assert started.returncode == 0, started.stderr
        assert f"Practice context: {shop}" in started.stdout
    assert edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py").stdout == ""
    assert edit(live_odoo, other, b, f"addons/{beta}/models/thing.py").stdout == ""
    held = admin_rpc.call("practice.lock", "verify", [alpha, beta], a, repo=shop)
    assert [x["module"] for x in held["ours"]] == [alpha]
    assert [(x["module"], x["session_id"]) for x in held["theirs"]] == [(beta, b)]
    # each worktree records its own session (git dir per worktree), not the last one started
    assert (
        git(repo, "rev-parse", "--git-path", "practice-session").stdout.strip()
        != git(other, "rev-parse", "--git-path", "practice-session").stdout.strip()
    )

    # B, in its worktree, reaches for A's module: denied, naming shop; its commit is refused
    denied = edit(live_odoo, other, b, f"addons/{alpha}/models/thing.py")
    reason = json.loads(denied.stdout)["hookSpecificOutput"]["permissionDecisionReason"]
    assert f"{alpha} (repository {shop}) is locked by session {a}" in reason
    (other / "addons" / alpha / "models" / "thing.py").write_text("x = 5\n")
    git(other, "add", f"addons/{alpha}")
    refused = git(other, "commit", "-m", "B commits A's module", **_env(live_odoo, PRACTICE_SESSION=b))
    assert refused.returncode != 0 and a in refused.stderr, refused.stderr
    git(other, "reset", "-q", "HEAD", f"addons/{alpha}")
    git(other, "checkout", "-q", "--", f"addons/{alpha}")
    # B's own module commits from its worktree
    (other / "addons" / beta / "models" / "thing.py").write_text("x = 6\n")
    git(other, "add", f"addons/{beta}")
    mine = git(other, "commit", "-m", "B commits beta", **_env(live_odoo, PRACTICE_SESSION=b))
    assert mine.returncode == 0, mine.stderr
    # each worktree's .locks/ mirror shows shop's locks
    assert _mirror(other, alpha)["session"] == a and _mirror(other, alpha)["repo"] == shop

    for session, tree, module in ((a, repo, alpha), (b, other, beta)):
        end = hook(live_odoo, tree, "session-end", session, reason="exit")
        assert f"released {module} in {shop}" in end.stderr, end.stderr
    after = admin_rpc.call("practice.lock", "verify", [alpha, beta], a, repo=shop)
    assert after["free"] == [alpha, beta]


def test_the_start_context_fits_what_claude_code_shows(live_odoo, admin_rpc, repo):
    """Issue 25, item 2: the start context defaulted to 25,000 bytes, and Claude Code shows the
    model at most 10,000 characters of a hook's context (the rest goes to a file). On this
    project's own vault (its files besides session logs) the session-start context stays under 9,000 characters, most
    important first, and says what it left out."""
    from practice_client.vault import read_vault

    name = f"vault-{uuid.uuid4().hex[:6]}"
    admin_rpc.call("practice.repo", "create", {"name": name})
    # session logs are unique per database (another test loads this vault too): the rest
    files = read_vault(PROJECT_DIR / "knowledge")
    files = {path: text for path, text in files.items() if not path.startswith("sessions/")}
    loaded = admin_rpc.call("practice.vault", "import_files", files, repo=name)
    assert loaded["errors"] == [] and len(loaded["created"]) > 40
    assert practice(live_odoo, repo, "init", "--repo", name).returncode == 0
    a, _b = _sessions()
    started = hook(live_odoo, repo, "session-start", a, source="startup")
    assert started.returncode == 0, started.stderr
    assert 6000 < len(started.stdout) <= 9000, len(started.stdout)
    assert started.stdout.startswith(f"# Practice context: {name}")
    assert "## Left out" in started.stdout and "practice show" in started.stdout
    hook(live_odoo, repo, "session-end", a, reason="exit")


def bash(server, repo, session, command, run=True):
    """A Bash tool call as Claude Code makes it: PreToolUse, the command (unless denied), then
    PostToolUse with its output (payloads: ../shared/agent-protocols/claude-code.md)."""
    tool_input = {"command": command, "description": "shell edit"}
    pre = hook(server, repo, "pre-tool-use", session, tool_name="Bash", tool_input=tool_input)
    if not run or (pre.stdout.strip() and '"deny"' in pre.stdout):
        return pre, None
    done = subprocess.run(command, shell=True, cwd=repo, capture_output=True, text=True, timeout=60)
    response = {"stdout": done.stdout, "stderr": done.stderr, "interrupted": False, "isImage": False}
    post = hook(
        server,
        repo,
        "post-tool-use",
        session,
        tool_name="Bash",
        tool_input=tool_input,
        tool_response=response,
    )
    return pre, post


def test_shell_edits_take_locks_and_never_pass_another_sessions_lock(live_odoo, admin_rpc, repo):
    """Issue 25, item 4: a Bash command that edits a module is seen. Session A holds alpha (an
    Edit); B's `sed -i` on alpha is denied before it runs; B's `>>` into beta takes beta's lock
    after it ran; a write into alpha no command line shows (a script) is answered after the
    fact with decision "block", the holder and how to undo exactly that change."""
    a, b = _sessions()
    alpha, beta = _mod(repo, "alpha"), _mod(repo, "beta")
    for session in (a, b):
        assert (
            hook(
                live_odoo, repo, "session-start", session, source="startup", env={"PRACTICE_STOP_GUARD": "0"}
            ).returncode
            == 0
        )
    assert edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py").stdout == ""
    (repo / "addons" / alpha / "models" / "thing.py").write_text("x = 2\n")
    bash(live_odoo, repo, a, "true")  # A's own PostToolUse: its change is its own, nothing to say

    pre, post = bash(live_odoo, repo, b, f"sed -i s/2/3/ addons/{alpha}/models/thing.py")
    decision = json.loads(pre.stdout)["hookSpecificOutput"]
    assert decision["permissionDecision"] == "deny" and post is None
    assert alpha in decision["permissionDecisionReason"] and a in decision["permissionDecisionReason"]
    assert (repo / "addons" / alpha / "models" / "thing.py").read_text() == "x = 2\n"

    pre, post = bash(live_odoo, repo, b, f"echo 'y = 1' >> addons/{beta}/models/thing.py")
    assert pre.stdout == "" and post.returncode == 0 and post.stdout == "", (
        pre.stdout,
        post.stdout,
        post.stderr,
    )
    held = admin_rpc.call("practice.lock", "held", session_id=b, every_repo=True)["locks"]
    assert [lk["module"] for lk in held] == [beta] and held[0]["reason"].startswith("Bash changed ")

    script = repo / "tools" / "touch_alpha.py"
    script.write_text(f"open('addons/{alpha}/models/new.py', 'w').write('z = 1')\n")
    pre, post = bash(live_odoo, repo, b, "python3 tools/touch_alpha.py")
    assert pre.stdout == "", "a script's writes are not on its command line: the check is best effort"
    answer = json.loads(post.stdout)
    assert answer["decision"] == "block", post.stdout
    assert alpha in answer["reason"] and a in answer["reason"]
    assert f"addons/{alpha}/models/new.py" in answer["reason"] and "rm" in answer["reason"]
    assert [
        lk["session_id"]
        for lk in admin_rpc.call("practice.lock", "held", session_id=a, every_repo=True)["locks"]
    ] == [a]
    for session in (a, b):
        hook(live_odoo, repo, "session-end", session, reason="exit")


def _transcript(path, messages):
    """A Claude Code transcript: one line per content block, the same message id and usage
    repeated (the last line of a message carries its final output tokens)."""
    lines = [json.dumps({"type": "user", "message": {"role": "user", "content": "go"}})]
    for message_id, model, usage in messages:
        for block in ("thinking", "text", "tool_use"):
            line = {
                "type": "assistant",
                "message": {"id": message_id, "model": model, "content": [{"type": block}], "usage": usage},
            }
            lines.append(json.dumps(line))
    path.write_text("\n".join(lines) + "\n")


def test_a_session_of_the_whole_loop(live_odoo, admin_rpc, repo, tmp_path):
    """Issue 25: the prompt brings the rules relevant to it (once), a stop after a change asks
    for the suite until a green run of this work tree is pushed, and the transcript's tokens
    are priced on the session log."""
    a, _b = _sessions()
    alpha = _mod(repo, "alpha")
    rule = admin_rpc.call(
        "practice.rule",
        "create",
        {
            "name": f"Quarantine flaky {alpha} fixtures",
            "rule": f"Fixtures of {alpha} that flake go to quarantine first.",
            "severity": "high",
            "fix": "Moved the fixture to tests/quarantine.",
        },
    )
    transcript = tmp_path / f"{a}.jsonl"
    _transcript(
        transcript,
        [
            (
                "msg_1",
                "claude-opus-4-5",
                {"input_tokens": 10, "output_tokens": 1000, "cache_read_input_tokens": 20000},
            )
        ],
    )
    env = {"PRACTICE_STOP_GUARD": "0"}
    assert (
        hook(
            live_odoo, repo, "session-start", a, source="startup", model="claude-opus-4-5", env=env
        ).returncode
        == 0
    )
    prompt = f"The {alpha} fixtures flake on CI: quarantine them and fix the test"
    asked = hook(
        live_odoo, repo, "user-prompt-submit", a, prompt=prompt, transcript_path=str(transcript), env=env
    )
    context = json.loads(asked.stdout)["hookSpecificOutput"]["additionalContext"]
    assert f"rule #{rule}" in context and "Moved the fixture to tests/quarantine." in context, context
    again = hook(
        live_odoo, repo, "user-prompt-submit", a, prompt=prompt, transcript_path=str(transcript), env=env
    )
    assert f"rule #{rule}" not in again.stdout, "shown once per session"
    assert edit(live_odoo, repo, a, f"addons/{alpha}/models/thing.py").stdout == ""
    (repo / "addons" / alpha / "models" / "thing.py").write_text("x = 3\n")
    stop = hook(live_odoo, repo, "stop", a, stop_hook_active=False, transcript_path=str(transcript), env=env)
    assert stop.returncode == 2 and "practice eval push" in stop.stderr and alpha in stop.stderr, stop.stderr
    report = tmp_path / "report.xml"
    report.write_text(
        '<testsuite name="pytest" tests="1"><testcase classname="t" name="test_ok"/></testsuite>'
    )
    assert practice(live_odoo, repo, "eval", "push", str(report), "--session", a).returncode == 0
    stop = hook(live_odoo, repo, "stop", a, stop_hook_active=False, transcript_path=str(transcript), env=env)
    assert stop.returncode == 0, stop.stderr
    (log,) = admin_rpc.call(
        "practice.session.log", "search_read", [("name", "=", a)], ["title", "tokens", "cost", "model_name"]
    )
    assert log["title"] == prompt and log["model_name"] == "claude-opus-4-5"
    assert log["tokens"] == 21010 and log["cost"] > 0, log
    hook(live_odoo, repo, "session-end", a, reason="exit")
