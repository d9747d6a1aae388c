"""A test run's JUnit report as the client sends it (``practice eval push`` and the MCP
``eval_push`` tool): read locally within the server's limit, with the branch and commit git
knows and the work tree's state (:func:`tree_state`). No CLI or MCP here: each caller words the
error its way. Standard library only: the stop hook reads the tree state too."""

import hashlib
import os
import stat
import subprocess
from pathlib import Path

MAX_REPORT_BYTES = 5_000_000  # the server's limit (practice_eval/tools/junit.py)
# tree_state reads at most this many bytes of changed files; past it, files count by stamp
MAX_TREE_BYTES = 32_000_000
# the practice's own mirror of the server's locks: rewritten by the hooks, never code under test
IGNORED_DIRS = (".locks/",)
_CHUNK = 1 << 16


class ReportError(ValueError):
    """The report cannot be sent: unreadable, too big, not UTF-8 (the message names the file)."""


def git_default(*args, cwd=None):
    """``git <args>`` output (stripped) in ``cwd``, or None outside a repository / without git."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value and value != "HEAD" else None


def branch_and_commit(branch=None, commit=None, cwd=None):
    """The given branch and commit, else the current ones of git."""
    return (
        branch or git_default("rev-parse", "--abbrev-ref", "HEAD", cwd=cwd),
        commit or git_default("rev-parse", "HEAD", cwd=cwd),
    )


def _git_bytes(args, cwd):
    """``git <args>`` raw stdout in ``cwd``, or None when git fails or is missing."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _changed_paths(root):
    """Paths (relative to ``root``, sorted, bytes) whose work-tree content differs from HEAD,
    plus the untracked files that are not ignored; None when git cannot tell."""
    out = _git_bytes(
        [
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--ignore-submodules=none",
        ],
        root,
    )
    if out is None:
        return None
    paths = set()
    for entry in out.split(b"\0"):
        # "XY path": with --no-renames there is no second (original) path
        if len(entry) > 3 and not entry[3:].startswith(tuple(d.encode() for d in IGNORED_DIRS)):
            paths.add(entry[3:])
    return sorted(paths)


def _file_digest(full, size, budget):
    """``(hex sha256, bytes read)`` of the file at ``full`` read in chunks, or None when it
    cannot be read whole within ``budget`` bytes (the caller then counts it by its stamp)."""
    if size > budget:
        return None
    digest = hashlib.sha256()
    try:
        with open(full, "rb") as handle:
            read = 0
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > budget:
                    return None
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest(), read


def tree_hash(root, max_bytes=MAX_TREE_BYTES):
    """A hex sha256 of the work tree's uncommitted state at ``root`` (a work tree's top), ""
    when it is clean, None when git cannot tell.

    The state is every path ``git status`` names (tracked files changed against HEAD, staged
    or not, deleted files, untracked files that are not ignored; ``.locks/``, the practice's
    lock mirror, left out), each with what is in the work tree now: its content (and whether
    it is executable), a symlink's target, or "deleted". It does not depend on diff settings
    and it is the same whether a change is staged or not. Cheap when clean: one ``git
    status``. Bounded: at most ``max_bytes`` of file content are read, in path order; a file
    past that budget counts by its path, size and modification time instead, so touching it
    changes the hash."""
    paths = _changed_paths(root)
    if paths is None:
        return None
    if not paths:
        return ""
    digest = hashlib.sha256(b"practice-tree-state-1\0")
    budget = max_bytes
    for rel in paths:
        full = os.path.join(os.fsencode(root), rel)
        digest.update(rel + b"\0")
        try:
            info = os.lstat(full)
        except OSError:
            digest.update(b"deleted\0")
            continue
        if stat.S_ISLNK(info.st_mode):
            try:
                digest.update(b"link\0" + os.readlink(full) + b"\0")
            except OSError:
                digest.update(b"link?\0")
            continue
        if not stat.S_ISREG(info.st_mode):
            digest.update(b"other\0")  # a submodule or a special file: named, not read
            continue
        mode = b"x" if info.st_mode & stat.S_IXUSR else b"-"
        found = _file_digest(full, info.st_size, budget)
        if found is None:
            digest.update(b"stamp %s %d %d\0" % (mode, info.st_size, info.st_mtime_ns))
        else:
            budget -= found[1]
            digest.update(b"file %s %s\0" % (mode, found[0].encode()))
    return digest.hexdigest()


def tree_state(cwd=None, max_bytes=MAX_TREE_BYTES):
    """The work tree a test run runs on: ``{"commit": HEAD's sha or None, "tree_hash": hex of
    the uncommitted changes, "" when clean}`` (:func:`tree_hash`). Outside a git work tree (or
    without git) ``{"commit": None, "tree_hash": ""}``; inside one whose status git cannot
    read, ``tree_hash`` is None (unknown: never taken for clean)."""
    root = git_default("rev-parse", "--show-toplevel", cwd=cwd)
    if not root:
        return {"commit": None, "tree_hash": ""}
    commit = git_default("rev-parse", "--verify", "-q", "HEAD", cwd=root)
    return {"commit": commit, "tree_hash": tree_hash(root, max_bytes)}


def run_state(branch=None, commit=None, cwd=None):
    """``(branch, commit, tree_hash)`` of a run pushed from ``cwd``: the given branch and commit,
    else git's (:func:`branch_and_commit`); ``tree_hash`` is the work tree's
    (:func:`tree_state`) when the run's commit is the work tree's HEAD, else None (a run of
    another commit says nothing of this work tree)."""
    branch, commit = branch_and_commit(branch, commit, cwd=cwd)
    state = tree_state(cwd)
    if not state["commit"] or commit != state["commit"]:
        return branch, commit, None
    return branch, commit, state["tree_hash"]


def read_report(path):
    """The report's text; :class:`ReportError` when it cannot be read, is larger than the
    server accepts, or is not UTF-8."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as err:
        raise ReportError(f"{path}: cannot read it ({err.strerror or err})") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES} bytes, the server's limit")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReportError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
