"""Git side of the agent edge: the work tree, its changed/staged files, the session recorded
for it, and ``practice lock guard`` (the pre-commit check)."""

import os
import subprocess

from . import modmap
from .hook_fast import SESSION_FILE

MAX_SESSION_ID = 128


def _git(cwd, *args):
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60, stdin=subprocess.DEVNULL
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", errors="surrogateescape")


def work_tree(cwd=None):
    """The top of the git work tree holding ``cwd`` (``None`` outside git)."""
    out = _git(cwd or os.getcwd(), "rev-parse", "--show-toplevel")
    return os.path.realpath(out.strip()) if out and out.strip() else None


def git_path(root, name):
    """``.git/<name>`` of the work tree (worktrees and core.hooksPath honoured)."""
    out = _git(root, "rev-parse", "--git-path", name)
    if not out:
        return None
    path = out.strip()
    return path if os.path.isabs(path) else os.path.join(root, path)


def _z(out):
    return [p for p in (out or "").split("\0") if p]


def staged_files(root):
    """Paths (relative to ``root``) the next commit adds, changes or deletes (renames: both sides)."""
    return _z(_git(root, "diff", "--cached", "--name-only", "--no-renames", "-z"))


def changed_files(root):
    """Paths with uncommitted changes (staged, unstaged or untracked), relative to ``root``."""
    paths = []
    entries = _z(_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all"))
    skip = False
    for entry in entries:
        if skip:  # the source path of a rename/copy
            paths.append(entry)
            skip = False
            continue
        status, path = entry[:2], entry[3:]
        paths.append(path)
        skip = "R" in status or "C" in status
    return paths


def changed_modules(root):
    return modmap.modules_of(changed_files(root), root)


def recorded_session(root):
    """The session recorded for this work tree by the agent hooks (``.git/practice-session``)."""
    path = git_path(root, SESSION_FILE)
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read(MAX_SESSION_ID + 1).strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if value and len(value) <= MAX_SESSION_ID and "\n" not in value else None


def record_session(root, session_id):
    path = git_path(root, SESSION_FILE)
    if path and session_id:
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(session_id + "\n")
        except OSError:
            pass


def committer_session(root, environ=None):
    env = os.environ if environ is None else environ
    return (env.get("PRACTICE_SESSION") or "").strip() or recorded_session(root)


def guard(call, root, session_id, repo=None):
    """Modules of the staged files and the locks other sessions hold on them.

    Returns ``(modules, theirs)``; ``theirs`` are the server's lock dicts (holder included)."""
    modules = modmap.modules_of(staged_files(root), root)
    if not modules:
        return modules, []
    # a placeholder session id when none is known: then every held lock is someone else's
    answer = call("practice.lock", "verify", modules, session_id or "(no session)", repo=repo)
    return modules, answer.get("theirs", [])
