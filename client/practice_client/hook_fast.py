"""Lean entry for the PreToolUse hook: answers from stdlib + ``modmap`` + ``lock_proof`` (+
``lean_rpc`` and ``env_settings`` for one call) and hands everything else to the full
``practice hook pre-tool-use``.

It runs before every Edit/Write of the agent, so it must cost about a Python start: no click,
no rich, no XML-RPC client. It answers "go on" (exit 0, no output) without a round trip for the
cases the full path answers without one:

* the tool is not an edit tool;
* the file is outside every module (and not in ``.locks/`` nor the proof cache);
* this session holds the module by a valid proof of the server's grant (:mod:`lock_proof`:
  outside the work tree, HMAC under the login's secret) with more than the renew margin left
  and at most ``PRACTICE_LOCK_RECHECK`` seconds old. ``.locks/`` is never evidence.

It fails closed: input it cannot read (larger than :data:`MAX_PAYLOAD` bytes, not UTF-8, not a
JSON object, no ``tool_name``, an edit without a file path) and an edit of ``.locks/`` or of
the proof cache are denied here (a ``permissionDecision: deny`` on stdout, exit 0); the full
path denies whatever it cannot decide (no session, server unreachable, any error), and should
even it fail, this entry exits 2 with the reason on stderr (Claude Code blocks the tool call).
Exit 1 — a non-blocking error, the edit would go on — is never the answer.

It takes (or renews) the lock itself, one JSON-RPC call through :mod:`lean_rpc`, when the
server's URL is plain ``http://``, the work tree's ``.git`` is a folder and an earlier hook of
this work tree logged in (``uid_cache``); granted, it stores the proof, writes ``.locks/`` and
the work tree's session like the full path, and lets the edit go on.

Anything else (a refused lock, an error, no session id, no known uid, GIT_DIR/GIT_WORK_TREE set)
goes to :func:`practice_client.hooks_cli` through the full CLI with the same stdin, so outputs
are the full path's (the acquire is re-entrant: a retry is harmless).

``practice hook pre-tool-use`` (the command ``practice hooks install`` writes) and
``python -m practice_client hook pre-tool-use`` start here (see ``launch.py``).
"""

import io
import os
import sys

from . import env_settings, lean_rpc, lock_proof, locks_mirror, modmap, repo_config, uid_cache
from .lean_rpc import dumps, loads

# the hook protocol's constants live here, the lightest module; hooks and gitguard import them
EDIT_TOOLS = ("Edit", "Write", "MultiEdit", "NotebookEdit")
DEFAULT_MARGIN = 300  # seconds of lease left under which an edit renews the lock
MAX_PAYLOAD = 1_000_000  # bytes
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


class Deny:
    """The edit is refused: ``reason`` tells the agent why (PreToolUse ``deny``)."""

    def __init__(self, reason):
        self.reason = reason


def deny_json(reason):
    """Claude Code's PreToolUse refusal of one tool call."""
    return dumps(
        {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": reason,
            }
        }
    )


def bad_input(what):
    return f"practice hook pre-tool-use: {what}; the edit is denied (the hook fails closed)."


def decode(raw):
    """The hook input as text, or a :class:`Deny` (over :data:`MAX_PAYLOAD` bytes, not UTF-8)."""
    if len(raw) > MAX_PAYLOAD:
        return Deny(bad_input(f"hook input larger than {MAX_PAYLOAD} bytes"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return Deny(bad_input(f"hook input is not UTF-8 (byte {err.start})"))


def _within(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def forbidden(path, cwd, root, env):
    """Why an edit of ``path`` is refused whoever holds what (``.locks/``: the mirror, written
    only by the practice; the proof cache), or ``None``."""
    plain = os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))
    full = os.path.realpath(plain)
    locks = os.path.join(root, locks_mirror.LOCKS_DIR)
    if any(_within(p, locks) or _within(p, os.path.realpath(locks)) for p in (plain, full)):
        return (
            f"{os.path.relpath(plain, root)} is in .locks/, the practice's mirror of the server's locks: "
            "only the practice writes it (`practice lock sync`); the edit is denied."
        )
    if lock_proof.protected(full, env) or lock_proof.protected(plain, env):
        return f"{full} is in the practice's lock proof cache: the edit is denied."
    return None


def edit_target(payload):
    """``(tool_name, path)`` of an edit payload, ``(None, None)`` for another tool, or a
    :class:`Deny` for an edit the hook cannot read."""
    tool = payload.get("tool_name")
    if not isinstance(tool, str) or not tool:
        return Deny(bad_input("hook input has no tool_name"))
    if tool not in EDIT_TOOLS:
        return None, None
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict):
        return Deny(bad_input(f"{tool}: tool_input is not an object"))
    path = tool_input.get("file_path") or tool_input.get("notebook_path")
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return Deny(bad_input(f"{tool}: no file path in tool_input"))
    return tool, path


class Acquire:
    """A lock this hook may take itself: module, session, the lock's reason, the work tree."""

    def __init__(self, module, session, reason, root):
        self.module, self.session, self.reason, self.root = module, session, reason, root


def decide(text, environ=None):
    """``GO_ON`` when the full path would let the edit go on without a round trip (answer:
    exit 0, nothing printed), an :class:`Acquire` when the module's lock must be taken or
    renewed, ``FULL`` when only the full path may answer."""
    env = os.environ if environ is None else environ
    if isinstance(text, bytes):
        text = decode(text)
        if isinstance(text, Deny):
            return text
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PAYLOAD:
        return Deny(bad_input(f"hook input larger than {MAX_PAYLOAD} bytes"))
    try:
        payload = loads(text)
    except (ValueError, RecursionError):
        return Deny(bad_input("hook input is not JSON"))
    if not isinstance(payload, dict):
        return Deny(bad_input("hook input is not a JSON object"))
    target = edit_target(payload)
    if isinstance(target, Deny):
        return target
    tool, path = target
    if tool is None:
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
    refused = forbidden(path, cwd, root, env)
    if refused:
        return Deny(refused)
    hit = modmap.find_module(path, root, cwd=cwd)
    if not hit:
        return GO_ON  # outside any module: nothing to lock
    session = (env.get("PRACTICE_SESSION") or "").strip() or payload.get("session_id")
    session = session.strip() if isinstance(session, str) else ""
    if not session or not in_git:
        return FULL
    settings = env_settings.Lean(env)
    repo = repo_config.resolve(env, root)
    proof = lock_proof.load(env, settings, root, repo, hit[0], session)
    if proof and lock_proof.seconds_left(proof) > _margin(env):
        return GO_ON
    full = os.path.realpath(path if os.path.isabs(path) else os.path.join(cwd, path))
    return Acquire(hit[0], session, edit_reason(tool, full, root), root)


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
        repo = repo_config.resolve(env, todo.root)
        kwargs = {"reason": todo.reason, "repo": repo, **lock_ttl(env)}
    except ValueError:
        return False  # the full path names the bad value
    try:
        answer = lean_rpc.execute_kw(
            settings,
            uid,
            "practice.lock",
            "acquire",
            [todo.module, todo.session],
            kwargs,
            timeout=env_settings.hook_timeout(env),
        )
    except lean_rpc.Unavailable:
        return False
    if not isinstance(answer, dict) or answer.get("granted") is not True:
        return False
    lock_proof.store(env, settings, todo.root, repo, todo.session, answer)
    locks_mirror.put_entry(todo.root, locks_mirror.entry_from_lock(answer))
    with open(os.path.join(git_dir, SESSION_FILE), "w", encoding="utf-8") as handle:
        handle.write(todo.session + "\n")  # as gitguard.record_session
    return True


def _blocked(reason):
    """Last resort: exit 2, the reason on stderr (Claude Code blocks the tool call)."""
    sys.stdout.flush()
    sys.stderr.write(bad_input(reason) + "\n")
    sys.stderr.flush()
    os._exit(2)


def _full(text):
    """The full ``practice hook pre-tool-use`` on the same input (same outputs; it denies what
    it cannot decide). Should it fail anyway (any exit but 0 or 2, an exception), exit 2."""
    sys.stdin = io.StringIO(text)
    sys.argv = [sys.argv[0] or "practice", "hook", "pre-tool-use"]
    try:
        from .cli import main as cli_main

        cli_main()
    except SystemExit as done:
        if done.code in (None, 0, 2):
            raise
        _blocked(f"the full hook exited {done.code!r}")
    except BaseException as err:  # noqa: B036 - whatever it is, the edit must not go on
        _blocked(f"{type(err).__name__}: {err}"[:500])


def _read_stdin():
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    raw = stream.read(MAX_PAYLOAD + 1)
    return raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape")


def main():
    text = None
    try:
        text = decode(_read_stdin())
        todo = text if isinstance(text, Deny) else decide(text)
        if isinstance(todo, Acquire):
            todo = GO_ON if acquire(todo) else FULL
    except Exception as err:  # the input could not be read: deny; else the full path answers
        todo = (
            FULL
            if isinstance(text, str)
            else Deny(bad_input(f"hook input unreadable ({type(err).__name__})"))
        )
    if isinstance(todo, Deny):
        sys.stdout.write(deny_json(todo.reason) + "\n")
        sys.stdout.flush()
        sys.exit(0)
    if todo == GO_ON:
        sys.exit(0)
    _full(text)


if __name__ == "__main__":
    main()
