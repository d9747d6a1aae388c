"""Lean entry for the PreToolUse hook: answers from stdlib + ``modmap`` + ``locks_mirror`` (+
``lean_rpc`` and ``env_settings`` for one call) and hands everything else to the full
``practice hook pre-tool-use``.

It runs before every Edit/Write of the agent, so it must cost about a Python start: no click,
no rich, no XML-RPC client. It answers "go on" (exit 0, no output) without a round trip for the
cases the full path answers without one:

* the tool is not an edit tool, or it names no file;
* the file is outside every module;
* the module's ``.locks/`` file is this session's, with more than the renew margin left.

It takes (or renews) the lock itself, one JSON-RPC call through :mod:`lean_rpc`, when the
server's URL is plain ``http://``, the work tree's ``.git`` is a folder and an earlier hook of
this work tree logged in (``uid_cache``); granted, it writes ``.locks/`` and the work tree's
session like the full path, and lets the edit go on.

Anything else (a refused lock, an error, no session id, no known uid, GIT_DIR/GIT_WORK_TREE set,
bad input) goes to :func:`practice_client.hooks_cli` through the full CLI with the same stdin,
so outputs and exit codes are the full path's (the acquire is re-entrant: a retry is harmless).

``practice hook pre-tool-use`` (the command ``practice hooks install`` writes) and
``python -m practice_client hook pre-tool-use`` start here (see ``launch.py``).
"""

import io
import os
import sys

from . import env_settings, lean_rpc, locks_mirror, modmap, uid_cache
from .lean_rpc import loads

# the hook protocol's constants live here, the lightest module; hooks and gitguard import them
EDIT_TOOLS = ("Edit", "Write", "MultiEdit", "NotebookEdit")
DEFAULT_MARGIN = 300  # seconds of lease left under which an edit renews the lock
MAX_PAYLOAD = 1_000_000
STATE_DIR = "practice-hooks"  # in the git dir: per-session state, the remembered uid
SESSION_FILE = "practice-session"  # in the git dir: the session of this work tree
GO_ON, FULL = "go on", "full"
GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")


def _work_tree(cwd):
    """The nearest folder holding ``.git`` (a dir, or a file for worktrees/submodules), as git
    would answer ``rev-parse --show-toplevel``; ``None`` when git may answer otherwise."""
    if any(os.environ.get(name) for name in GIT_ENV):
        return None
    folder = cwd
    while True:
        dot_git = os.path.join(folder, ".git")
        if os.path.isfile(dot_git):
            return folder  # a worktree or a submodule
        if os.path.isdir(dot_git):
            # an odd .git dir, or one git would refuse (safe.directory: another owner): let git decide
            usual = os.path.isdir(os.path.join(dot_git, "objects"))
            return folder if usual and os.stat(dot_git).st_uid == os.getuid() else None
        parent = os.path.dirname(folder)
        if parent == folder:
            return False  # no work tree above: the full path uses cwd as root
        folder = parent


def lock_ttl(env):
    """``{"ttl_seconds": n}`` from PRACTICE_LOCK_TTL, or ``{}`` (the server's default lease);
    raises ``ValueError`` on a value that is not a number."""
    value = (env.get("PRACTICE_LOCK_TTL") or "").strip()
    return {"ttl_seconds": max(1, int(value))} if value else {}


def edit_reason(tool_name, full_path, root):
    """The reason a lock taken for an edit records: the tool and the file, bounded."""
    return f"{tool_name} {os.path.relpath(full_path, root)}"[:200]


def _margin(env):
    try:
        return max(1, int(env.get("PRACTICE_LOCK_RENEW_MARGIN", DEFAULT_MARGIN)))
    except (TypeError, ValueError):
        return DEFAULT_MARGIN


class Acquire:
    """A lock this hook may take itself: module, session, the lock's reason, the work tree."""

    def __init__(self, module, session, reason, root):
        self.module, self.session, self.reason, self.root = module, session, reason, root


def decide(text, environ=None):
    """``GO_ON`` when the full path would let the edit go on without a round trip (answer:
    exit 0, nothing printed), an :class:`Acquire` when the module's lock must be taken or
    renewed, ``FULL`` when only the full path may answer."""
    env = os.environ if environ is None else environ
    if len(text) > MAX_PAYLOAD or not text.strip():
        return FULL
    try:
        payload = loads(text)
    except (ValueError, RecursionError):
        return FULL
    if not isinstance(payload, dict):
        return FULL
    if payload.get("tool_name") not in EDIT_TOOLS:
        return GO_ON
    tool_input = payload.get("tool_input") if isinstance(payload.get("tool_input"), dict) else {}
    path = tool_input.get("file_path") or tool_input.get("notebook_path")
    if not isinstance(path, str) or not path:
        return GO_ON
    cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else None
    try:
        cwd = os.path.realpath(cwd or os.getcwd())
    except OSError:
        return FULL
    root = _work_tree(cwd)
    if root is None:
        return FULL
    in_git = root is not False
    root = root or cwd
    hit = modmap.find_module(path, root, cwd=cwd)
    if not hit:
        return GO_ON  # outside any module: nothing to lock
    session = (env.get("PRACTICE_SESSION") or "").strip() or payload.get("session_id")
    session = session.strip() if isinstance(session, str) else ""
    if not session or not in_git:
        return FULL
    mine = locks_mirror.read_entry(root, hit[0])
    if mine and mine.get("session") == session and locks_mirror.seconds_left(mine) > _margin(env):
        return GO_ON
    full = os.path.realpath(path if os.path.isabs(path) else os.path.join(cwd, path))
    return Acquire(hit[0], session, edit_reason(payload.get("tool_name"), full, root), root)


def acquire(todo, environ=None):
    """Take ``todo``'s lock through one JSON-RPC call; ``True`` when granted and mirrored
    (``.locks/`` and the work tree's session written as the full path does), ``False`` when
    the full path must answer (refused, unknown uid, not plain http, any error)."""
    env = os.environ if environ is None else environ
    git_dir = os.path.join(todo.root, ".git")
    settings = env_settings.Lean(env)
    if not settings.secret or not os.path.isdir(git_dir):
        return False
    uid = uid_cache.load(os.path.join(git_dir, STATE_DIR), settings)
    if not uid:
        return False
    try:
        kwargs = {"reason": todo.reason, "repo": env.get("PRACTICE_REPO") or None, **lock_ttl(env)}
    except ValueError:
        return False  # the full path names the bad value
    try:
        answer = lean_rpc.execute_kw(
            settings, uid, "practice.lock", "acquire", [todo.module, todo.session], kwargs
        )
    except lean_rpc.Unavailable:
        return False
    if not isinstance(answer, dict) or answer.get("granted") is not True:
        return False
    locks_mirror.put_entry(todo.root, locks_mirror.entry_from_lock(answer))
    with open(os.path.join(git_dir, SESSION_FILE), "w", encoding="utf-8") as handle:
        handle.write(todo.session + "\n")  # as gitguard.record_session
    return True


def _full(text):
    """The full ``practice hook pre-tool-use`` on the same input (same outputs, same exit)."""
    sys.stdin = io.StringIO(text)
    sys.argv = [sys.argv[0] or "practice", "hook", "pre-tool-use"]
    from .cli import main as cli_main

    cli_main()


def main():
    text = sys.stdin.read(MAX_PAYLOAD + 1)
    try:
        todo = decide(text)
        if isinstance(todo, Acquire):
            todo = GO_ON if acquire(todo) else FULL
    except Exception:  # never fail here: the full path answers (and reports)
        todo = FULL
    if todo == GO_ON:
        sys.exit(0)
    _full(text)


if __name__ == "__main__":
    main()
