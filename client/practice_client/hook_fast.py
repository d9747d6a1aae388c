"""Lean entry for the PreToolUse hook: answers what needs no server from stdlib + ``modmap`` +
``locks_mirror`` alone, and hands everything else to the full ``practice hook pre-tool-use``.

It runs before every Edit/Write of the agent, so it must cost about a Python start: no click,
no rich, no XML-RPC client unless a round trip is needed. It answers "go on" (exit 0, no output)
only for the cases the full path answers without a round trip either:

* the tool is not an edit tool, or it names no file;
* the file is outside every module;
* the module's ``.locks/`` file is this session's, with more than the renew margin left.

Anything else (a first acquire, a lease to renew, no session id, GIT_DIR/GIT_WORK_TREE set, bad
input) goes to :func:`practice_client.hooks_cli` through the full CLI with the same stdin, so
outputs and exit codes are the full path's. ``practice hook pre-tool-use`` (the command `practice hooks install` writes) and
``python -m practice_client hook pre-tool-use`` start here (see ``launch.py``).
"""

import io
import os
import sys

from . import locks_mirror, modmap

EDIT_TOOLS = ("Edit", "Write", "MultiEdit", "NotebookEdit")  # same as hooks.EDIT_TOOLS
DEFAULT_MARGIN = 300  # same as hooks.DEFAULT_MARGIN
MAX_PAYLOAD = 1_000_000  # same as hooks.MAX_PAYLOAD
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


class _Ctx:
    """What ``_json.make_scanner`` reads from a decoder (json.JSONDecoder's defaults)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = None

    @staticmethod
    def parse_constant(name):
        return {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}[name]


def loads(text):
    """``json.loads`` for one JSON document, through the C scanner alone: ``import json`` pulls
    in ``re`` and ``enum``, about as long as the Python start itself. Raises ``ValueError``."""
    try:
        from _json import make_scanner
    except ImportError:  # another Python: the stdlib path
        import json

        return json.loads(text)
    doc = text.strip(" \t\n\r")
    try:
        value, end = make_scanner(_Ctx())(doc, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(doc):
        raise ValueError("extra data after the JSON document")
    return value


def _margin(env):
    try:
        return max(1, int(env.get("PRACTICE_LOCK_RENEW_MARGIN", DEFAULT_MARGIN)))
    except (TypeError, ValueError):
        return DEFAULT_MARGIN


def decide(text, environ=None):
    """``True`` when the full path would let the edit go on without a round trip (answer:
    exit 0, nothing printed); ``False`` when the full path must answer."""
    env = os.environ if environ is None else environ
    if len(text) > MAX_PAYLOAD or not text.strip():
        return False
    try:
        payload = loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(payload, dict):
        return False
    if payload.get("tool_name") not in EDIT_TOOLS:
        return True
    tool_input = payload.get("tool_input") if isinstance(payload.get("tool_input"), dict) else {}
    path = tool_input.get("file_path") or tool_input.get("notebook_path")
    if not isinstance(path, str) or not path:
        return True
    cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else None
    try:
        cwd = os.path.realpath(cwd or os.getcwd())
    except OSError:
        return False
    root = _work_tree(cwd)
    if root is None:
        return False
    in_git = root is not False
    root = root or cwd
    hit = modmap.find_module(path, root, cwd=cwd)
    if not hit:
        return True  # outside any module: nothing to lock
    session = (env.get("PRACTICE_SESSION") or "").strip() or payload.get("session_id")
    session = session.strip() if isinstance(session, str) else ""
    if not session or not in_git:
        return False
    mine = locks_mirror.read_entry(root, hit[0])
    return bool(mine and mine.get("session") == session and locks_mirror.seconds_left(mine) > _margin(env))


def _full(text):
    """The full ``practice hook pre-tool-use`` on the same input (same outputs, same exit)."""
    sys.stdin = io.StringIO(text)
    sys.argv = [sys.argv[0] or "practice", "hook", "pre-tool-use"]
    from .cli import main as cli_main

    cli_main()


def main():
    text = sys.stdin.read(MAX_PAYLOAD + 1)
    try:
        fast = decide(text)
    except Exception:  # never fail here: the full path answers (and reports)
        fast = False
    if fast:
        sys.exit(0)
    _full(text)


if __name__ == "__main__":
    main()
