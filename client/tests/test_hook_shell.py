"""Shell edits (issue 25, item 4): what a Bash command or an edit tool changed in the work
tree's modules (a git status picture kept between PreToolUse and PostToolUse), the PostToolUse
block naming module, holder and files with how to undo them, and the best-effort PreToolUse
refusal of a command line writing into another session's module. Real git work trees with
Odoo-like modules; no server."""

import json
import os
import subprocess
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from practice_client import hook_shell, hooks, locks_mirror

pytestmark = pytest.mark.rules

SESSION = "claude-shell-1"
THEIRS = {"theirs": {"session_id": "claude-other", "user": "Bob", "reason": "Edit addons/theirs/x.py"}}


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _sh(cwd, command):
    subprocess.run(["bash", "-c", command], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    """A committed git work tree: modules mine, theirs and free (theirs with a sub-folder), a
    tools/ folder outside any module."""
    work = tmp_path / "work"
    for name in ("mine", "theirs", "free"):
        (work / "addons" / name).mkdir(parents=True)
        (work / "addons" / name / "__manifest__.py").write_text(f"{{'name': '{name}'}}\n")
    (work / "addons" / "theirs" / "x.py").write_text("a = 1\n")
    (work / "addons" / "theirs" / "views").mkdir()
    (work / "addons" / "theirs" / "views" / "v.xml").write_text("<odoo/>\n")
    (work / "addons" / "free" / "y.py").write_text("b = 2\n")
    (work / "tools").mkdir()
    (work / "tools" / "t.py").write_text("c = 3\n")
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "t@example.com")
    _git(work, "config", "user.name", "T")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "init")
    return work


def _ctx(tree, tool="Bash", tool_input=None, event="PostToolUse", session=SESSION):
    payload = {"cwd": str(tree), "hook_event_name": event, "tool_name": tool, "session_id": session}
    payload["tool_input"] = tool_input if tool_input is not None else {"command": "make build"}
    return hooks.HookContext(payload, call=None, environ={})


def _run(tree, command):
    """PreToolUse (the stamp), the command, PostToolUse: what after_shell answers."""
    hook_shell.before_shell(_ctx(tree, tool_input={"command": command}, event="PreToolUse"))
    _sh(tree, command)
    return hook_shell.after_shell(_ctx(tree, tool_input={"command": command}))


def _plain(found):
    return [(module, [str(f) for f in files]) for module, files in found]


# -- the picture -----------------------------------------------------------------------------
def test_stamp_lists_changed_and_untracked_paths(tree):
    assert hook_shell.work_tree_stamp(str(tree)) == {}
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    (tree / "addons" / "free" / "new.py").write_text("")
    os.remove(tree / "tools" / "t.py")
    stamp = hook_shell.work_tree_stamp(str(tree))
    assert sorted(stamp) == ["addons/free/new.py", "addons/theirs/x.py", "tools/t.py"]
    assert stamp["addons/theirs/x.py"][0] == " M" and stamp["addons/theirs/x.py"][1] == 6
    assert stamp["addons/free/new.py"][:2] == ("??", 0)
    assert stamp["tools/t.py"] == (" D", None, None)
    assert hook_shell.work_tree_stamp(str(tree.parent)) is None, "not a work tree: git fails"


def test_nothing_changed_is_empty(tree):
    assert _run(tree, "true") == []
    assert _run(tree, "grep -r a addons >/dev/null; cat addons/theirs/x.py; ls addons; git diff") == []
    # changes made before the command are not the command's
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    (tree / "addons" / "theirs" / "new.py").write_text("")
    assert _run(tree, "git status") == []


@pytest.mark.parametrize(
    "command, files",
    [
        ("sed -i 's/1/2/' addons/theirs/x.py", ["addons/theirs/x.py"]),
        ("echo 'b = 1' > addons/theirs/x.py", ["addons/theirs/x.py"]),
        ("echo '# more' >> addons/theirs/views/v.xml", ["addons/theirs/views/v.xml"]),
        ("echo hi | tee addons/theirs/x.py >/dev/null", ["addons/theirs/x.py"]),
        ("mv addons/theirs/x.py addons/theirs/z.py", ["addons/theirs/x.py", "addons/theirs/z.py"]),
        ("cd addons/theirs && sed -i 's/a/b/' x.py", ["addons/theirs/x.py"]),
    ],
)
def test_shell_edits_are_changes_of_the_module(tree, command, files):
    found = _run(tree, command)
    assert _plain(found) == [("theirs", files)]


def test_a_second_write_to_an_already_changed_file_is_seen(tree):
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    found = _run(tree, "echo 'a = 3' > addons/theirs/x.py")
    assert _plain(found) == [("theirs", ["addons/theirs/x.py"])]
    (changed,) = found[0][1]
    assert (changed.status, changed.before) == (" M", " M")
    assert hook_shell.undo_kind(changed) == "by hand", "git checkout would discard the earlier change too"


def test_git_checkout_discarding_changes_is_a_change(tree):
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    found = _run(tree, "git checkout -- addons/theirs/x.py")
    assert _plain(found) == [("theirs", ["addons/theirs/x.py"])]
    (changed,) = found[0][1]
    assert (changed.status, changed.before) == (None, " M")
    assert hook_shell.undo_kind(changed) == "lost"


def test_untracked_new_file_and_deletion(tree):
    found = _run(tree, "echo x > addons/free/new.py; rm addons/theirs/x.py")
    assert _plain(found) == [("free", ["addons/free/new.py"]), ("theirs", ["addons/theirs/x.py"])]
    new, gone = found[0][1][0], found[1][1][0]
    assert (new.status, hook_shell.undo_kind(new)) == ("??", "rm")
    assert (gone.status, hook_shell.undo_kind(gone)) == (" D", "git checkout")


def test_files_outside_modules_and_byproducts_are_ignored(tree):
    assert _run(tree, "echo x >> tools/t.py; echo y > README.md") == []
    assert _run(tree, "mkdir -p addons/theirs/__pycache__ && echo x > addons/theirs/__pycache__/x.pyc") == []


def test_a_module_without_manifest_yet(tree):
    found = _run(tree, "mkdir addons/brand_new && echo '{}' > addons/brand_new/__manifest__.py")
    assert _plain(found) == [("brand_new", ["addons/brand_new/__manifest__.py"])]


def test_missing_stamp_compares_with_an_empty_picture(tree):
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    (tree / "tools" / "t.py").write_text("changed\n")
    found = hook_shell.after_shell(_ctx(tree))
    assert _plain(found) == [("theirs", ["addons/theirs/x.py"])], "only paths inside modules"
    assert hook_shell.after_shell(_ctx(tree)) == [], "the new picture is kept"


def test_the_stamp_is_kept_per_session_and_a_pending_one_survives(tree):
    before = _ctx(tree, event="PreToolUse")
    hook_shell.before_shell(before)
    assert before.load_state()[hook_shell.STATE_KEY] == {}
    _sh(tree, "echo 'a = 5' > addons/theirs/x.py")  # the command failed: no PostToolUse
    hook_shell.before_shell(_ctx(tree, event="PreToolUse"))  # the next command
    assert before.load_state()[hook_shell.STATE_KEY] == {}, "the stamp no PostToolUse consumed is kept"
    assert _plain(hook_shell.after_shell(_ctx(tree))) == [("theirs", ["addons/theirs/x.py"])]
    assert hook_shell.PENDING_KEY not in before.load_state()
    other = _ctx(tree, session="claude-other")
    assert _plain(hook_shell.after_shell(other)) == [("theirs", ["addons/theirs/x.py"])], (
        "another session has no stamp of its own: an empty picture"
    )
    # no session, or outside git: nothing kept, nothing answered
    hook_shell.before_shell(_ctx(tree, session=None))
    outside = hooks.HookContext({"cwd": str(tree.parent), "session_id": SESSION}, call=None, environ={})
    hook_shell.before_shell(outside)
    assert hook_shell.after_shell(outside) == []


def test_an_edit_tool_counts_only_its_own_file(tree):
    hook_shell.after_shell(_ctx(tree))  # the picture
    (tree / "addons" / "theirs" / "x.py").write_text("someone else\n")
    (tree / "addons" / "free" / "y.py").write_text("b = 3\n")
    edit = _ctx(tree, "Edit", {"file_path": str(tree / "addons" / "free" / "y.py")})
    assert _plain(hook_shell.after_shell(edit)) == [("free", ["addons/free/y.py"])]
    (tree / "addons" / "mine" / "m.py").write_text("")
    relative = hooks.HookContext(
        {
            "cwd": str(tree / "addons" / "mine"),
            "tool_name": "Write",
            "session_id": SESSION,
            "tool_input": {"file_path": "m.py"},
        },
        call=None,
        environ={},
    )
    assert _plain(hook_shell.after_shell(relative)) == [("mine", ["addons/mine/m.py"])]


def test_an_edit_tool_updates_only_its_entry_and_keeps_a_pending_stamp(tree):
    hook_shell.before_shell(_ctx(tree, event="PreToolUse"))
    _sh(tree, "echo 1 > addons/theirs/b.py")  # a Bash command without PostToolUse
    (tree / "addons" / "free" / "y.py").write_text("b = 3\n")
    edit = _ctx(tree, "Edit", {"file_path": str(tree / "addons" / "free" / "y.py")})
    assert _plain(hook_shell.after_shell(edit)) == [("free", ["addons/free/y.py"])]
    state = edit.load_state()
    assert state[hook_shell.PENDING_KEY] is True and sorted(state[hook_shell.STATE_KEY]) == [
        "addons/free/y.py"
    ]
    assert _plain(hook_shell.after_shell(_ctx(tree))) == [("theirs", ["addons/theirs/b.py"])]
    assert hook_shell.after_shell(edit) == [], "nothing new"
    outside = _ctx(tree, "Write", {"file_path": str(tree.parent / "elsewhere.py")})
    assert hook_shell.after_shell(outside) == []


def test_changed_hook_is_called_after_the_stamp_is_saved(tree):
    hook_shell.after_shell(_ctx(tree))
    _sh(tree, "echo 1 > addons/mine/a.py; echo 2 > addons/theirs/b.py")
    seen = []

    def hook(module, files):
        seen.append((module, [str(f) for f in files]))
        if module == "theirs":
            raise RuntimeError("server down")

    with pytest.raises(RuntimeError):
        hook_shell.after_shell(_ctx(tree), hook)
    assert seen == [("mine", ["addons/mine/a.py"]), ("theirs", ["addons/theirs/b.py"])]
    assert hook_shell.after_shell(_ctx(tree)) == [], "the stamp was saved before the hook ran"


# -- the PostToolUse block --------------------------------------------------------------------
def test_block_answer_names_module_holder_files_and_the_undo(tree):
    (tree / "addons" / "theirs" / "views" / "v.xml").write_text("<odoo>theirs</odoo>\n")
    found = _run(
        tree,
        "sed -i 's/1/2/' addons/theirs/x.py; echo n > 'addons/theirs/new file.py'; "
        "git checkout -- addons/theirs/views/v.xml",
    )
    ((module, files),) = found
    holder = hooks.holder_text("theirs", {"session_id": "claude-other", "user": "Bob", "since": "2026-01-01"})
    answer = json.loads(hook_shell.block_answer(module, holder, files))
    assert answer["decision"] == "block" and set(answer) == {"decision", "reason"}
    reason = answer["reason"]
    assert "module theirs" in reason and "session claude-other (Bob)" in reason
    assert "git checkout -- addons/theirs/x.py" in reason
    assert "rm -- 'addons/theirs/new file.py'" in reason
    assert "lost: this call discarded the uncommitted changes of addons/theirs/views/v.xml" in reason
    assert "not this call's" in reason and "pre-commit guard" in reason
    assert "git checkout -- addons/theirs/new" not in reason, "a new file is removed, not checked out"
    with_root = json.loads(hook_shell.block_answer(module, THEIRS["theirs"], files, root=str(tree)))["reason"]
    assert f"cd {tree} && git checkout -- addons/theirs/x.py" in with_root
    assert "session claude-other (Bob)" in with_root


def test_block_answer_for_staged_moves_and_additions(tree):
    found = _run(
        tree,
        "git mv addons/theirs/x.py addons/theirs/z.py; echo n > addons/theirs/n.py; git add addons/theirs/n.py",
    )
    ((module, files),) = found
    kinds = {str(f): hook_shell.undo_kind(f) for f in files}
    assert kinds == {
        "addons/theirs/n.py": "git rm -f",
        "addons/theirs/x.py": "git checkout HEAD",
        "addons/theirs/z.py": "git rm -f",
    }
    reason = json.loads(hook_shell.block_answer(module, "theirs is locked", files))["reason"]
    assert "git rm -f -- addons/theirs/n.py addons/theirs/z.py" in reason
    assert "git checkout HEAD -- addons/theirs/x.py" in reason
    # plain strings (status unknown) are taken as tracked files the call changed
    assert "git checkout -- a.py" in json.loads(hook_shell.block_answer("m", "held", ["a.py"]))["reason"]


# -- PreToolUse on Bash: the best-effort refusal ------------------------------------------------
RISKY = [
    "sed -i 's/a/b/' addons/theirs/x.py",
    "sed -i.bak -e 's/a/b/' addons/theirs/x.py",
    "sed -ni 's/a/b/p' addons/theirs/x.py",
    "perl -pi -e 's/a/b/' addons/theirs/x.py",
    "echo hi > addons/theirs/x.py",
    "echo hi>>addons/theirs/views/v.xml",
    "cmd 2> addons/theirs/err.log",
    "ls | tee -a addons/theirs/list.txt",
    "mv addons/theirs/x.py /tmp/x.py",
    "mv /tmp/x.py addons/theirs/",
    "cp /tmp/a.py addons/theirs/a.py",
    "cp -t addons/theirs /tmp/a.py",
    "rm -rf addons/theirs",
    "truncate -s 0 addons/theirs/x.py",
    "touch addons/theirs/new.py",
    "dd if=/dev/zero of=addons/theirs/x.py count=1",
    "git checkout -- addons/theirs/x.py",
    "git checkout HEAD~1 -- addons/theirs",
    "git restore addons/theirs/x.py",
    "git -C addons/theirs restore --source HEAD x.py",
    "git rm addons/theirs/x.py",
    "cd addons/theirs && rm x.py",
    "cd addons/theirs; git checkout -- .",
    "bash -c 'rm addons/theirs/x.py'",
    "FOO=1 sudo -u bob sed -i s/a/b/ addons/theirs/x.py",
    "timeout 5 rm addons/theirs/x.py",
    "find addons/theirs -name '*.pyc' -delete",
    "find addons/theirs -name '*.py' -exec sed -i s/a/b/ {} +",
    "cat > addons/theirs/new.py <<'EOF'\nit's here\nrm nothing\nEOF",
    "rm 'addons/theirs/a b.py'",
    "echo ok && (cd addons && sed -i s/a/b/ theirs/x.py)",
]


@pytest.mark.parametrize("command", RISKY)
def test_writing_commands_into_a_held_module_are_refused(tree, command):
    reason = hook_shell.risky_command(command, str(tree), str(tree), THEIRS)
    assert reason, command
    assert "module theirs" in reason and "session claude-other (Bob)" in reason
    assert "addons/theirs" in reason, "names the path"
    assert "best effort" in reason and "pre-commit guard stays the backstop" in reason


def test_relative_paths_follow_the_cwd(tree):
    cwd = str(tree / "addons" / "theirs")
    reason = hook_shell.risky_command("sed -i s/a/b/ x.py", str(tree), cwd, THEIRS)
    assert "writes addons/theirs/x.py (sed -i)" in reason
    assert hook_shell.risky_command("sed -i s/a/b/ ../free/y.py", str(tree), cwd, THEIRS) is None


def test_patch_files_name_their_targets(tree):
    patch = tree / "fix.patch"
    patch.write_text("--- a/addons/theirs/x.py\n+++ b/addons/theirs/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n")
    for command in ("git apply fix.patch", "patch -p1 < fix.patch", "patch -p1 -i fix.patch"):
        assert hook_shell.risky_command(command, str(tree), str(tree), THEIRS), command
    free = tree / "free.patch"
    free.write_text("--- a/addons/free/y.py\n+++ b/addons/free/y.py\n")
    assert hook_shell.risky_command("git apply free.patch", str(tree), str(tree), THEIRS) is None


SAFE = [
    "grep -rn 'sed -i' addons/theirs",
    "cat addons/theirs/x.py",
    "ls -la addons/theirs",
    "git diff addons/theirs",
    "git log -p -- addons/theirs/x.py",
    "git checkout main",
    "cp addons/theirs/x.py /tmp/x.py",
    "cat addons/theirs/x.py > /tmp/copy.py",
    "sed -n 's/a/b/p' addons/theirs/x.py",
    "sed -e 's/i/x/' addons/theirs/x.py",
    "perl -ne 'print if /i/' addons/theirs/x.py",
    "echo 'rm addons/theirs/x.py'",
    'echo "sed -i s/a/b/ addons/theirs/x.py"',
    "echo hi # > addons/theirs/x.py",
    "python -m pytest addons/theirs 2>&1 | tail -5",
    "sed -i s/a/b/ addons/free/y.py",
    "echo x > addons/free/y.py; rm addons/mine/a.py",
    "rm /tmp/scratch.txt",
    "echo hi > /dev/null",
    "rm $TMPDIR/x",
    "",
    "   ",
]


@pytest.mark.parametrize("command", SAFE)
def test_reading_and_free_modules_are_never_refused(tree, command):
    assert hook_shell.risky_command(command, str(tree), str(tree), THEIRS) is None


def test_nothing_held_by_others_nothing_refused(tree):
    assert hook_shell.risky_command("rm -rf addons/theirs", str(tree), str(tree), {}) is None
    assert hook_shell.risky_command(None, str(tree), str(tree), THEIRS) is None


def test_held_by_others_reads_the_live_mirror_entries(tree):
    def entry(module, session, minutes):
        expires = (locks_mirror.utcnow() + timedelta(minutes=minutes)).strftime(locks_mirror.SERVER_FORMAT)
        return {"module": module, "repo": "main", "session": session, "user": "Bob", "expires": expires}

    for args in (("theirs", "claude-other", 30), ("mine", SESSION, 30), ("free", "claude-gone", -5)):
        locks_mirror.put_entry(str(tree), entry(*args))
    held = hook_shell.held_by_others(str(tree), SESSION)
    assert sorted(held) == ["theirs"]
    reason = hook_shell.risky_command("rm addons/theirs/x.py", str(tree), str(tree), held)
    assert "session claude-other (Bob) until" in reason
    assert hook_shell.held_by_others(str(tree / "tools"), SESSION) == {}


SHELL_WORDS = ["sed -i ", "rm ", "git checkout -- ", "addons/theirs/", "<<", "bash -c ", "find -exec ", "cd "]
SHELLISH = st.lists(
    st.one_of(st.sampled_from(SHELL_WORDS), st.sampled_from(list("ab /.~-$'\"\\#;&|<>()\n\t*{}=i0"))),
    max_size=40,
).map("".join)


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=200), SHELLISH))
def test_risky_command_never_raises(command):
    root = os.path.realpath(os.path.dirname(__file__))
    result = hook_shell.risky_command(command, root, root, THEIRS)
    assert result is None or isinstance(result, str)


# -- read-only commands: no picture around them ---------------------------------------------------
READ_ONLY_COMMANDS = [
    "ls",
    "ls -la addons/theirs",
    "cat addons/theirs/x.py | head -5",
    'grep -rn "a|b;c > d" addons/ 2>/dev/null',
    "git status",
    "git -C addons diff --stat",
    "git log --oneline -3 && git show HEAD",
    "find . -name '*.py'",
    "cd addons && ls >/dev/null 2>&1",
    "echo 'a b' 2>&1 | wc -l",
    "ls &>/dev/null",
]
WRITING_OR_UNREAD = [
    "ls > x",
    "echo hi >> addons/theirs/x.py",
    "ls; rm x",
    "ls && rm x",
    "ls | tee x",
    "echo $(rm x)",
    "echo `rm x`",
    'echo "$HOME"',
    "find . -delete",
    "find . -exec rm {} +",
    "git diff --output=x",
    "git -c core.fsmonitor=./x status",
    "git checkout -- addons",
    "git stash",
    "rg --pre=./x y",
    "cat x | sh",
    "ls &",
    "ls\nrm x",
    "X=1 ls",
    "/bin/ls",
    "cat < x",
    "cat <<EOF\nx\nEOF",
    "echo a > /dev/nullx",
    'ls "unclosed',
    "(ls)",
    "sed -i s/a/b/ f",
    "pytest -q",
    "",
    "ls " + "x" * hook_shell.MAX_READ_ONLY,
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS)
def test_read_only_commands_are_recognised(command):
    assert hook_shell.read_only(command)


@pytest.mark.parametrize("command", WRITING_OR_UNREAD)
def test_writing_or_unreadable_commands_are_not_read_only(command):
    assert not hook_shell.read_only(command)


@pytest.mark.parametrize("command", RISKY)
def test_every_risky_command_of_this_file_is_not_read_only(command):
    assert not hook_shell.read_only(command)


def test_a_read_only_command_runs_no_git_and_keeps_the_picture(tree, monkeypatch):
    """Around `ls` neither hook runs git nor touches the state; a writing command's pending
    picture survives it, so that command's change is still reported after it."""
    hook_shell.before_shell(_ctx(tree, tool_input={"command": "python3 w.py"}, event="PreToolUse"))
    (tree / "addons" / "theirs" / "x.py").write_text("a = 9\n")  # what the writing command did
    state = _ctx(tree).load_state()

    def no_git(*_args, **_kwargs):
        raise AssertionError("git ran for a read-only command")

    monkeypatch.setattr(hook_shell.hook_core, "git", no_git)
    ls = {"command": "ls -la addons && git status"}
    assert hook_shell.plan_bash(_ctx(tree, tool_input=ls, event="PreToolUse")) is None
    assert hook_shell.after_shell(_ctx(tree, tool_input=ls)) == []
    assert _ctx(tree).load_state() == state
    monkeypatch.undo()
    found = hook_shell.after_shell(_ctx(tree, tool_input={"command": "python3 w.py"}))
    assert _plain(found) == [("theirs", ["addons/theirs/x.py"])]


PROGRAMS = ["ls", "cat", "echo", "grep", "find", "git", "rm", "touch", "tee", "sed", "wc", "head"]
WORDS = ["-la", "x", "addons/free/y.py", "-delete", "-exec", "rm", "{}", "+", "--output=addons/free/o"]
WORDS += ["status", "diff", "checkout", "--", ".", "-i", "s/b/c/", "'q;w'", '"e|r"']
JOINS = [" | ", " && ", "; ", " > addons/free/z ", " 2>&1 ", " >/dev/null ", " "]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PROGRAMS), st.lists(st.sampled_from(WORDS), max_size=3), st.sampled_from(JOINS)
        ),
        min_size=1,
        max_size=3,
    )
)
def test_what_read_only_accepts_changes_nothing_when_run(tmp_path_factory, parts):
    """Property: a command `read_only` accepts, run by bash in a work tree, changes no file."""
    command = "".join(f"{program} {' '.join(words)}{join}" for program, words, join in parts).strip()
    if not hook_shell.read_only(command):
        return
    work = tmp_path_factory.mktemp("ro")
    (work / "addons" / "free").mkdir(parents=True)
    (work / "addons" / "free" / "__manifest__.py").write_text("{}\n")
    (work / "addons" / "free" / "y.py").write_text("b\n")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "-c", "user.name=T", "-c", "user.email=t@x", "commit", "-qm", "init")
    before = hook_shell.work_tree_stamp(str(work))
    subprocess.run(
        ["bash", "-c", command], cwd=work, capture_output=True, stdin=subprocess.DEVNULL, timeout=20
    )
    assert hook_shell.work_tree_stamp(str(work)) == before, command


def test_the_undo_a_block_names_is_let_through_once(tree):
    """A block names `cd ROOT && git checkout -- FILE` to undo the call's change in the holder's
    module; the shell check would refuse it as a write there. Exactly that command (with or
    without its comment, without the `cd` from the top) passes once, for this session only."""
    expires = (locks_mirror.utcnow() + timedelta(minutes=30)).strftime(locks_mirror.SERVER_FORMAT)
    locks_mirror.put_entry(
        str(tree),
        {"module": "theirs", "repo": "main", "session": "claude-other", "user": "Bob", "expires": expires},
    )
    (tree / "addons" / "theirs" / "x.py").write_text("a = 2\n")
    files = [hook_shell.ChangedFile("addons/theirs/x.py", " M", None)]
    reason = json.loads(hook_shell.block_answer("theirs", "theirs is held", files, str(tree)))["reason"]
    line = next(line.strip() for line in reason.splitlines() if "git checkout --" in line)
    undo = line.split("   # ")[0]

    def pre(command, session=SESSION):
        return hook_shell.plan_bash(
            _ctx(tree, tool_input={"command": command}, event="PreToolUse", session=session)
        )

    assert pre(undo), "refused before the block named it"
    hook_shell.allow_undo(_ctx(tree), files)
    assert pre(undo, session="claude-intruder"), "another session gets nothing"
    assert pre("git checkout -- addons/theirs/views/v.xml"), "only the named command"
    assert pre(line) is None, "the named undo, copied with its comment, passes"
    assert pre(undo), "used up: refused again"
    hook_shell.allow_undo(_ctx(tree), files)
    assert pre("git checkout -- addons/theirs/x.py") is None, "from the top: without its cd"
    hook_shell.allow_undo(_ctx(tree), files, now=0)
    assert pre(undo), "expired"
