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

It fails closed: input it cannot read (larger than ``hook_core.MAX_PAYLOAD`` bytes, not UTF-8, not a
JSON object, no ``tool_name``, an edit without a file path) and an edit of ``.locks/`` or of
the proof cache are denied here (a ``permissionDecision: deny`` on stdout, exit 0); the full
path denies whatever it cannot decide (no session, server unreachable, any error), and should
even it fail, this entry exits 2 with the reason on stderr (Claude Code blocks the tool call).
Exit 1 — a non-blocking error, the edit would go on — is never the answer.

It takes (or renews) the lock itself, one JSON-RPC call through :mod:`lean_rpc`, when the
server's URL is plain ``http://``, the work tree's ``.git`` is a folder and an earlier hook of
this work tree logged in (``uid_cache``); granted, it stores the proof, writes ``.locks/`` and
the work tree's session like the full path, and lets the edit go on.

Anything else (a refused lock, an error, no session id, no known uid) goes to the full
``practice hook pre-tool-use`` (:mod:`.launch` hands over the CLI's entry: this module never
imports the CLI) with the same stdin, so outputs are the full path's (the acquire is
re-entrant: a retry is harmless). The decision itself is :mod:`.hook_core`'s, shared with the
full path.

``practice hook pre-tool-use`` (the command ``practice hooks install`` writes) and
``python -m practice_client hook pre-tool-use`` start here (see ``launch.py``).
"""

import io
import os
import sys

from . import env_settings, hook_core, lean_rpc, uid_cache
from .hook_core import GO_ON, Acquire, Deny, bad_input, deny_json

FULL = "full"


def decide(text, environ=None):
    """``GO_ON`` when the full path would let the edit go on without a round trip (answer:
    exit 0, nothing printed), an :class:`~.hook_core.Acquire` when the module's lock must be
    taken or renewed and this entry may do it, a :class:`~.hook_core.Deny`, or ``FULL`` when
    only the full path may answer. The decision itself is :func:`.hook_core.plan_edit`."""
    env = os.environ if environ is None else environ
    try:
        payload = hook_core.parse_payload(text, allow_empty=False)
    except hook_core.HookInputError as err:
        return Deny(bad_input(str(err)))
    try:
        where = hook_core.Where(payload, ask_git=False)
    except OSError:
        return FULL
    if not where.certain:
        return FULL  # GIT_* set, an odd .git or another owner's: only git may tell
    plan = hook_core.plan_edit(payload, env, where)
    if isinstance(plan, Acquire) and not (plan.session and where.in_git):
        return FULL
    return plan


def acquire(todo, environ=None):
    """Take ``todo``'s lock through one JSON-RPC call; ``True`` when granted and remembered as
    the full path does (:func:`.hook_core.remember_grant`), ``False`` when the full path must
    answer (refused, unknown uid, not plain http, any error)."""
    env = os.environ if environ is None else environ
    settings = env_settings.Lean(env)
    state_dir = hook_core.git_path(todo.root, hook_core.STATE_DIR)
    if not settings.secret or not state_dir:
        return False
    uid = uid_cache.load(state_dir, settings)
    if not uid:
        return False
    try:
        repo = hook_core.repo_config.resolve(env, todo.root)
        kwargs = {"reason": todo.reason, "repo": repo, **hook_core.lock_ttl(env)}
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
    hook_core.remember_grant(env, settings, todo.root, repo, todo.session, answer)
    return True


def _blocked(reason):
    """Last resort: exit 2, the reason on stderr (Claude Code blocks the tool call)."""
    sys.stdout.flush()
    sys.stderr.write(bad_input(reason) + "\n")
    sys.stderr.flush()
    os._exit(2)


def _full(text, full_cli):
    """The full ``practice hook pre-tool-use`` (``full_cli``: the CLI's entry, given by
    :mod:`.launch`) on the same input (same outputs; it denies what it cannot decide). Should it
    fail anyway (any exit but 0 or 2, an exception), exit 2."""
    sys.stdin = io.StringIO(text)
    sys.argv = [sys.argv[0] or "practice", "hook", "pre-tool-use"]
    try:
        full_cli()
    except SystemExit as done:
        if done.code in (None, 0, 2):
            raise
        _blocked(f"the full hook exited {done.code!r}")
    except BaseException as err:  # noqa: B036 - whatever it is, the edit must not go on
        _blocked(f"{type(err).__name__}: {err}"[:500])


def _read_stdin():
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    raw = stream.read(hook_core.MAX_PAYLOAD + 1)
    return raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape")


def _text(raw):
    try:
        return raw.decode("utf-8")
    except (AttributeError, UnicodeDecodeError):
        return None


def main(full_cli):
    """Answer the PreToolUse hook on stdin; what only the full path may answer goes to
    ``full_cli`` with the same input."""
    raw = None
    try:
        raw = _read_stdin()
        todo = decide(raw)
        if isinstance(todo, Acquire):
            todo = GO_ON if acquire(todo) else FULL
    except Exception as err:  # the input could not be read: deny; else the full path answers
        readable = _text(raw) is not None and len(raw) <= hook_core.MAX_PAYLOAD
        todo = FULL if readable else Deny(bad_input(f"hook input unreadable ({type(err).__name__})"))
    if isinstance(todo, Deny):
        sys.stdout.write(deny_json(todo.reason) + "\n")
        sys.stdout.flush()
        sys.exit(0)
    if todo == GO_ON:
        sys.exit(0)
    _full(_text(raw), full_cli)
