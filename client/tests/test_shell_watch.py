"""The module watcher of Bash commands (issue 25, the cost of a writing command that changed
nothing): PreToolUse starts a one-shot inotify watcher before it takes its picture; PostToolUse
asks it and skips ``git status`` when no module changed. Every doubt goes to git: these tests
check both that the watcher spares git when nothing changed and that no change of a module
ever passes unseen. Real git work trees and real watcher processes; no server."""

import json
import os
import subprocess
import sys
import time

import pytest
from practice_client import hook_core, hook_shell, hooks, shell_watch

pytestmark = pytest.mark.integrity

SESSION = "claude-watch-1"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    for name in ("sale_x", "stock_y"):
        (work / "addons" / name / "models").mkdir(parents=True)
        (work / "addons" / name / "__manifest__.py").write_text(f"{{'name': '{name}'}}\n")
        (work / "addons" / name / "models" / "m.py").write_text("a = 1\n")
    (work / "docs").mkdir()
    (work / "docs" / "index.md").write_text("# docs\n")
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "t@example.com")
    _git(work, "config", "user.name", "T")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "init")
    yield work
    _stop(work, SESSION)
    _stop(work, "claude-watch-2")


def _ctx(tree, event, session=SESSION, command="pytest -q"):
    payload = {
        "cwd": str(tree),
        "hook_event_name": event,
        "tool_name": "Bash",
        "tool_input": {"command": command},
        "session_id": session,
    }
    return hooks.HookContext(payload, call=None, environ={})


def _stop(tree, session):
    ctx = _ctx(tree, "PostToolUse", session)
    if ctx.state_dir():
        shell_watch._ask(shell_watch._address(ctx.state_dir(), session), b"q")


class GitCount:
    """Counts the git commands the hook runs (``hook_core.git``)."""

    def __init__(self, monkeypatch):
        self.calls = []
        real = hook_core.git

        def counting(cwd, *args):
            self.calls.append(args)
            return real(cwd, *args)

        monkeypatch.setattr(hook_core, "git", counting)


def _cycle(tree, action, monkeypatch=None, session=SESSION):
    """PreToolUse, ``action()``, PostToolUse: ``(found, git commands of the PostToolUse)``."""
    hook_shell.before_shell(_ctx(tree, "PreToolUse", session))
    assert _ctx(tree, "PreToolUse", session).load_state().get(hook_shell.WATCH_KEY) is True
    action()
    count = GitCount(monkeypatch) if monkeypatch else None
    found = hook_shell.after_shell(_ctx(tree, "PostToolUse", session))
    if monkeypatch:
        monkeypatch.undo()
    plain = [(module, [str(f) for f in files]) for module, files in found]
    return plain, (count.calls if count else None)


def _write(path, text, mode="a"):
    with open(path, mode, encoding="utf-8") as handle:
        handle.write(text)


def test_nothing_changed_runs_no_git(tree, monkeypatch):
    found, calls = _cycle(tree, lambda: None, monkeypatch)
    assert (found, calls) == ([], [])


def test_byproducts_and_files_outside_modules_run_no_git(tree, monkeypatch):
    def pytest_like():
        (tree / "addons" / "sale_x" / "__pycache__").mkdir()
        _write(tree / "addons" / "sale_x" / "__pycache__" / "m.cpython-311.pyc", "x")
        _write(tree / "addons" / "sale_x" / "models" / "m.cpython-311.pyc", "x")
        _write(tree / ".coverage", "data")
        _write(tree / "docs" / "index.md", "more\n")
        (tree / "addons" / "sale_x" / "models" / "m.py").read_text()  # imports read modules

    found, calls = _cycle(tree, pytest_like, monkeypatch)
    assert (found, calls) == ([], [])


@pytest.mark.parametrize(
    "command, module, path",
    [
        ("printf 'b = 2\\n' >> addons/sale_x/models/m.py", "sale_x", "addons/sale_x/models/m.py"),
        ("sed -i 's/a = 1/a = 2/' addons/stock_y/models/m.py", "stock_y", "addons/stock_y/models/m.py"),
        (
            "mkdir addons/sale_x/data && echo x > addons/sale_x/data/d.xml",
            "sale_x",
            "addons/sale_x/data/d.xml",
        ),
        ("rm addons/stock_y/models/m.py", "stock_y", "addons/stock_y/models/m.py"),
        ("mv addons/sale_x/models/m.py addons/sale_x/models/n.py", "sale_x", "addons/sale_x/models/n.py"),
        ("mkdir -p addons/new_mod && echo x > addons/new_mod/f.py", "new_mod", "addons/new_mod/f.py"),
        ("git checkout -q -b other && echo y > addons/sale_x/y.py", "sale_x", "addons/sale_x/y.py"),
    ],
)
def test_every_change_of_a_module_is_seen(tree, command, module, path):
    found, _calls = _cycle(
        tree, lambda: subprocess.run(["bash", "-c", command], cwd=tree, check=True, capture_output=True)
    )
    assert module in dict(found), (command, found)
    assert path in dict(found)[module], (command, found)


def test_a_dead_watcher_means_git_decides(tree, monkeypatch):
    def edit_after_kill():
        _stop(tree, SESSION)  # the watcher is gone (killed, timed out)
        _write(tree / "addons" / "sale_x" / "models" / "m.py", "c = 3\n")

    found, calls = _cycle(tree, edit_after_kill, monkeypatch)
    assert found == [("sale_x", ["addons/sale_x/models/m.py"])]
    assert any("status" in call for call in calls)


def test_two_sessions_watch_apart(tree):
    hook_shell.before_shell(_ctx(tree, "PreToolUse", SESSION))
    hook_shell.before_shell(_ctx(tree, "PreToolUse", "claude-watch-2"))
    _write(tree / "addons" / "stock_y" / "models" / "m.py", "b = 2\n")
    # both see the change (a shared work tree: the picture cannot tell whose it is)
    for session in (SESSION, "claude-watch-2"):
        found = hook_shell.after_shell(_ctx(tree, "PostToolUse", session))
        assert [m for m, _f in found] == ["stock_y"]


def test_a_new_command_replaces_a_waiting_watcher(tree, monkeypatch):
    ctx = _ctx(tree, "PreToolUse")
    hook_shell.before_shell(ctx)
    hook_shell.after_shell(_ctx(tree, "PostToolUse"))  # consumed
    address = shell_watch._address(ctx.state_dir(), SESSION)
    assert shell_watch._ask(address, b"?") is None, "one-shot: the answered watcher is gone"
    found, calls = _cycle(tree, lambda: None, monkeypatch)
    assert (found, calls) == ([], [])


def test_the_hook_returns_while_the_watcher_runs(tree):
    """The agent reads the hook's output to its end: the watcher must hold none of the hook's
    descriptors, or every Bash call would wait for it (up to MAX_LIFE)."""
    code = (
        "import sys, json\n"
        "from practice_client import hook_shell, hooks\n"
        "payload = json.loads(sys.argv[1])\n"
        "hook_shell.before_shell(hooks.HookContext(payload, call=None, environ={}))\n"
        "print('done')\n"
    )
    payload = _ctx(tree, "PreToolUse").payload

    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(payload)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tree,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "done\n"
    assert time.monotonic() - start < 30, "the hook's output stayed open"
    assert shell_watch._ask(shell_watch._address(_ctx(tree, "PreToolUse").state_dir(), SESSION), b"q") == b""


def test_watch_plan_reads_the_module_parents(tree):
    plan = shell_watch.watch_plan(str(tree), ["addons/sale_x/__manifest__.py"], ("addons/*",))
    trees, parents = plan
    assert parents == [str(tree / "addons")]
    assert str(tree / "addons" / "stock_y" / "models") in trees
    assert not any("docs" in folder for folder in trees)
    # a root glob with a wildcard above its last part, a module at the top: git decides
    assert shell_watch.watch_plan(str(tree), [], ("src/*/addons/*",)) is None
    assert shell_watch.watch_plan(str(tree), ["__manifest__.py"], ()) is None


def test_too_many_folders_means_no_watcher(tree, monkeypatch):
    monkeypatch.setattr(shell_watch, "MAX_DIRS", 3)
    assert shell_watch.watch_plan(str(tree), [], ("addons/*",)) is None


def test_changed_reads_events():
    kinds = {1: "tree", 2: "parent"}
    assert not shell_watch.changed([], kinds)
    assert shell_watch.changed([(1, shell_watch.IN_MODIFY, b"m.py")], kinds)
    assert not shell_watch.changed([(1, shell_watch.IN_CREATE | shell_watch.IN_ISDIR, b"__pycache__")], kinds)
    assert not shell_watch.changed([(1, shell_watch.IN_CREATE, b"m.cpython-311.pyc")], kinds)
    assert not shell_watch.changed([(2, shell_watch.IN_CREATE, b"notes.txt")], kinds), "a file beside modules"
    assert shell_watch.changed([(2, shell_watch.IN_CREATE | shell_watch.IN_ISDIR, b"new_mod")], kinds)
    assert not shell_watch.changed([(2, shell_watch.IN_CREATE | shell_watch.IN_ISDIR, b".hidden")], kinds)
    assert shell_watch.changed([(-1, shell_watch.IN_Q_OVERFLOW, b"")], kinds)


def test_session_end_stops_a_waiting_watcher(tree):
    ctx = _ctx(tree, "PreToolUse")
    hook_shell.before_shell(ctx)
    address = shell_watch._address(ctx.state_dir(), SESSION)
    shell_watch.stop(ctx.state_dir(), SESSION)
    deadline = time.monotonic() + 5
    while shell_watch._ask(address, b"?") is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shell_watch._ask(address, b"?") is None
