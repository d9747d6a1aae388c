"""Agent hooks without a server: settings merge, git hook install, .locks/ files, hook input."""

import io
import json
import os
import subprocess

import pytest
from practice_client import gitguard, hook_core, hooks, locks_mirror

pytestmark = pytest.mark.rules

USER_SETTINGS = {
    "permissions": {"allow": ["Bash(npm test)"]},
    "hooks": {
        "PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "./check-bash.sh"}]},
        ],
        "Notification": [{"hooks": [{"type": "command", "command": "notify-send hi"}]}],
    },
}


def _commands(settings, event):
    return [h["command"] for g in settings["hooks"].get(event, []) for h in g["hooks"]]


def test_merge_keeps_everything_and_adds_the_loops_hooks():
    merged = hooks.merge_settings(USER_SETTINGS)
    assert merged["permissions"] == USER_SETTINGS["permissions"]
    assert _commands(merged, "PreToolUse") == ["./check-bash.sh", "practice hook pre-tool-use"]
    assert merged["hooks"]["PreToolUse"][1]["matcher"] == "Edit|Write|MultiEdit|NotebookEdit|Bash"
    assert _commands(merged, "PostToolUse") == ["practice hook post-tool-use"]
    assert merged["hooks"]["PostToolUse"][0]["matcher"] == "Edit|Write|MultiEdit|NotebookEdit|Bash"
    assert _commands(merged, "UserPromptSubmit") == ["practice hook user-prompt-submit"]
    assert _commands(merged, "PreCompact") == ["practice hook pre-compact"]
    assert _commands(merged, "Notification") == ["notify-send hi"]
    assert _commands(merged, "SessionStart") == ["practice hook session-start"]
    assert _commands(merged, "Stop") == ["practice hook stop"]
    assert _commands(merged, "SessionEnd") == ["practice hook session-end"]
    assert "PreToolUse" in USER_SETTINGS["hooks"] and len(USER_SETTINGS["hooks"]["PreToolUse"]) == 1, (
        "the input is not mutated"
    )


def test_merge_is_idempotent_and_unmerge_restores():
    once = hooks.merge_settings(USER_SETTINGS)
    assert hooks.merge_settings(once) == once
    assert hooks.unmerge_settings(once) == USER_SETTINGS
    assert hooks.unmerge_settings(hooks.merge_settings({})) == {}
    # another command spelling replaces ours instead of adding a second copy
    other = hooks.merge_settings(once, command="/opt/bin/practice")
    assert _commands(other, "Stop") == ["/opt/bin/practice hook stop"]


def test_merge_refuses_malformed_settings():
    with pytest.raises(hooks.HookInputError):
        hooks.merge_settings({"hooks": []})
    with pytest.raises(hooks.HookInputError):
        hooks.merge_settings({"hooks": {"Stop": "practice hook stop"}})


def test_read_payload_bounds_and_shapes():
    assert hooks.read_payload(io.StringIO("")) == {}
    assert hooks.read_payload(io.StringIO('{"session_id": "s"}')) == {"session_id": "s"}
    for bad in ("[1]", "{not json", "x" * (hooks.MAX_PAYLOAD + 1)):
        with pytest.raises(hooks.HookInputError):
            hooks.read_payload(io.StringIO(bad))


def test_session_identity_env_overrides_payload():
    assert hook_core.session_of({"session_id": "agent-1"}, {}) == "agent-1"
    assert hook_core.session_of({"session_id": "agent-1"}, {"PRACTICE_SESSION": "me"}) == "me"
    assert hook_core.session_of({}, {}) is None


def test_mirror_round_trip_and_stale_files_removed(tmp_path):
    lock = {
        "module_name": "mod_a",
        "repo_id": [1, "main"],
        "session_id": "s-1",
        "user_id": [2, "Mitchell Admin"],
        "acquired_at": "2026-01-01 10:00:00",
        "expires_at": "2026-01-01 10:30:00",
        "token": 7,
        "reason": "Edit addons/mod_a/x.py\nsecond line",
    }
    entry = locks_mirror.entry_from_lock(lock)
    assert locks_mirror.write_mirror(str(tmp_path), [entry, dict(entry, module="mod_b")]) == [
        "mod_a",
        "mod_b",
    ]
    text = (tmp_path / ".locks" / "mod_a.lock").read_text()
    assert text == (
        "module: mod_a\nrepo: main\nsession: s-1\nuser: Mitchell Admin\nsince: 2026-01-01 10:00:00\n"
        "expires: 2026-01-01 10:30:00\ntoken: 7\nreason: Edit addons/mod_a/x.py second line\n"
    )
    assert locks_mirror.read_entry(str(tmp_path), "mod_a") == entry
    locks_mirror.write_mirror(str(tmp_path), [entry])
    assert sorted(os.listdir(tmp_path / ".locks")) == ["mod_a.lock"]
    assert locks_mirror.read_entry(str(tmp_path), "../etc/passwd") is None
    assert locks_mirror.seconds_left(entry, locks_mirror.parse_time("2026-01-01 10:29:00")) == 60


def _git_repo(path):
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return str(path)


def test_install_is_idempotent_keeps_an_existing_pre_commit_and_uninstalls(tmp_path):
    root = _git_repo(tmp_path)
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(json.dumps(USER_SETTINGS))
    own = tmp_path / ".git" / "hooks" / "pre-commit"
    own.write_text("#!/bin/sh\necho mine\n")
    own.chmod(0o755)
    hooks.install(root, python="/usr/bin/python3")
    settings = json.loads((tmp_path / ".claude" / "settings.json").read_text())
    assert settings == hooks.merge_settings(USER_SETTINGS)
    assert hooks.GUARD_MARKER in own.read_text() and "-m practice_client lock guard" in own.read_text()
    assert os.access(own, os.X_OK)
    assert (tmp_path / ".git" / "hooks" / "pre-commit.local").read_text() == "#!/bin/sh\necho mine\n"
    again = hooks.install(root, python="/usr/bin/python3")
    assert any("already" in line for line in again)
    assert json.loads((tmp_path / ".claude" / "settings.json").read_text()) == settings
    assert (tmp_path / ".git" / "hooks" / "pre-commit.local").read_text() == "#!/bin/sh\necho mine\n"
    hooks.install(root, uninstall=True)
    assert json.loads((tmp_path / ".claude" / "settings.json").read_text()) == USER_SETTINGS
    assert own.read_text() == "#!/bin/sh\necho mine\n"
    assert not (tmp_path / ".git" / "hooks" / "pre-commit.local").exists()


def test_install_refuses_broken_settings_json(tmp_path):
    root = _git_repo(tmp_path)
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text("{broken")
    with pytest.raises(hooks.HookInputError, match="not valid JSON"):
        hooks.install(root)
    assert (tmp_path / ".claude" / "settings.json").read_text() == "{broken"


def _git(root, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_changed_and_staged_modules_and_the_recorded_session(tmp_path):
    root = _git_repo(tmp_path)
    for module in ("mod_a", "mod_b", "mod_c"):
        (tmp_path / module).mkdir()
        (tmp_path / module / "__manifest__.py").write_text("{}\n")
        (tmp_path / module / "a.py").write_text("x = 1\n")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "init")
    assert gitguard.changed_modules(root) == [] and gitguard.staged_files(root) == []
    (tmp_path / "mod_a" / "a.py").write_text("x = 2\n")  # unstaged change
    (tmp_path / "mod_c" / "new file.py").write_text("")  # untracked, with a space
    _git(root, "mv", "mod_b/a.py", "mod_c/moved.py")  # a rename touches both modules
    assert gitguard.changed_modules(root) == ["mod_a", "mod_b", "mod_c"]
    assert sorted(gitguard.staged_files(root)) == ["mod_b/a.py", "mod_c/moved.py"]
    assert hook_core.work_tree(str(tmp_path / "mod_a")) == os.path.realpath(root)
    assert gitguard.committer_session(root, {}) is None
    hook_core.record_session(root, "agent-7")
    assert (tmp_path / ".git" / "practice-session").read_text() == "agent-7\n"
    assert gitguard.committer_session(root, {}) == "agent-7"
    assert gitguard.committer_session(root, {"PRACTICE_SESSION": "me"}) == "me"


def test_install_upgrades_an_older_install_in_place():
    """An install of the four first hooks (matcher without Bash) gains the loop's events; the
    user's own hooks stay; nothing is doubled."""
    older = hooks.merge_settings(USER_SETTINGS)
    for event in ("UserPromptSubmit", "PostToolUse", "PreCompact"):
        older["hooks"].pop(event)
    older["hooks"]["PreToolUse"][1]["matcher"] = "Edit|Write|MultiEdit|NotebookEdit"
    upgraded = hooks.merge_settings(older)
    assert upgraded == hooks.merge_settings(USER_SETTINGS)
    assert _commands(upgraded, "PreToolUse") == ["./check-bash.sh", "practice hook pre-tool-use"]
