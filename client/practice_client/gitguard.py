"""Git side of the agent edge: the work tree, its changed/staged files, the session recorded
for it, and ``practice lock guard`` (the pre-commit check).

The guard reads what the commit will hold, never the work tree: the staged changes from the
index (``git diff --cached --name-status -M``: added, modified, deleted, both sides of a
rename), each mapped to its module through the manifests as they are in the index or in HEAD
(hiding a ``__manifest__.py`` in the work tree, ``git mv`` or ``git rm -r`` of a module folder
change nothing). A live lock on one of those modules is this work tree's only when a proof the
hook stored outside the work tree (:mod:`.lock_proof`) names its session and fencing token; a
session id from ``PRACTICE_SESSION`` or ``.git/practice-session`` (both the agent's to write)
is not proof.
"""

import os
import posixpath

from . import lock_proof, modmap
from .hook_core import SESSION_FILE, git_path
from .hook_core import git as _git

# the server's one bound (practice_base/tools/guard.py MAX_SESSION_ID; a test keeps them equal)
MAX_SESSION_ID = 128
NO_SESSION = "(no session)"
MANIFEST = modmap.MANIFEST


class GuardError(RuntimeError):
    """git could not tell what the commit holds: the commit is refused."""


def _z(out):
    return [p for p in (out or "").split("\0") if p]


def _git_or_fail(root, *args):
    out = _git(root, *args)
    if out is None:
        raise GuardError(f"`git {' '.join(args)}` failed in {root}")
    return out


def staged_changes(root):
    """``[(status, [path, ...]), ...]`` of the index against HEAD (paths from the work tree's
    top, ``/``-separated; a rename or copy carries its source and its destination)."""
    tokens = _z(_git_or_fail(root, "diff", "--cached", "--name-status", "-M", "-z", "--no-ext-diff"))
    changes, index = [], 0
    while index < len(tokens):
        status = tokens[index]
        width = 2 if status[:1] in ("R", "C") else 1
        paths = tokens[index + 1 : index + 1 + width]
        if len(paths) != width:
            raise GuardError(f"unexpected `git diff --cached` output near {status!r}")
        changes.append((status, paths))
        index += 1 + width
    return changes


def staged_files(root):
    """Paths (relative to ``root``) the next commit adds, changes or deletes (renames: both sides)."""
    return [path for _status, paths in staged_changes(root) for path in paths]


def tracked_module_dirs(root):
    """Folders (``/``-separated, ``""`` for the top) holding a ``__manifest__.py`` in the index
    or in HEAD: the modules as git has them, whatever the work tree shows."""
    found = _z(_git_or_fail(root, "ls-files", "-z", "--full-name", "--", f":(top,glob)**/{MANIFEST}"))
    if _git(root, "rev-parse", "-q", "--verify", "HEAD^{commit}") is not None:
        found += _z(_git_or_fail(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", "HEAD"))
    return {posixpath.dirname(path) for path in found if posixpath.basename(path) == MANIFEST}


def module_of(path, module_dirs, root, patterns=None):
    """The module of a repository path: its nearest folder in ``module_dirs``, else the folder a
    module root or module siblings make a module (:func:`modmap.unmanifested_module`, from
    ``module_dirs`` only: never the work tree), or ``None``."""
    folder = posixpath.dirname(path)
    while True:
        if folder in module_dirs:
            return posixpath.basename(folder) if folder else os.path.basename(os.path.realpath(root))
        if not folder:
            break
        folder = posixpath.dirname(folder)
    parts = path.split("/")

    def siblings(parent_parts):
        parent = "/".join(parent_parts)
        return [posixpath.basename(d) for d in module_dirs if d and posixpath.dirname(d) == parent]

    patterns = modmap.module_roots(root) if patterns is None else patterns
    size = modmap.unmanifested_module(parts, patterns, siblings)
    return parts[size - 1] if size else None


def staged_modules(root):
    """Sorted modules the next commit touches (index and HEAD, never the work tree)."""
    module_dirs = tracked_module_dirs(root)
    patterns = modmap.module_roots(root)
    found = {module_of(path, module_dirs, root, patterns) for path in staged_files(root)}
    return sorted(name for name in found if name)


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


def committer_session(root, environ=None):
    env = os.environ if environ is None else environ
    return (env.get("PRACTICE_SESSION") or "").strip() or recorded_session(root)


def guard(call, root, settings, repo=None, environ=None):
    """Modules of the staged changes and the live locks on them this work tree cannot prove
    its own.

    Every live lock on the modules comes from the server (``verify`` with a placeholder
    session: all of them are "theirs"); one is kept out only when a valid proof of this work
    tree (:func:`lock_proof.held`, written by the hook that the server granted it to) names the
    same module, session and fencing token (and, when ``PRACTICE_SESSION`` is set, that
    session: it narrows, never proves). Returns ``(modules, theirs)``; ``theirs`` are the
    server's lock dicts (holder included)."""
    env = os.environ if environ is None else environ
    modules = staged_modules(root)
    if not modules:
        return modules, []
    answer = call("practice.lock", "verify", modules, NO_SESSION, repo=repo)
    live = answer.get("theirs", []) if isinstance(answer, dict) else None
    if not isinstance(live, list):
        raise GuardError(f"unexpected answer of practice.lock.verify: {str(answer)[:100]}")
    proofs = lock_proof.held(env, settings, root, repo, [lock.get("module") for lock in live])
    # a session named in the environment only narrows the proofs (several sessions in one work
    # tree): it never makes a lock ours by itself
    claimed = (env.get("PRACTICE_SESSION") or "").strip()
    theirs = []
    for lock in live:
        proved = any(
            entry["session"] == lock.get("session_id")
            and entry["token"] == str(lock.get("token"))
            and (not claimed or entry["session"] == claimed)
            for entry in proofs.get(lock.get("module"), [])
        )
        if not proved:
            theirs.append(lock)
    return modules, theirs
