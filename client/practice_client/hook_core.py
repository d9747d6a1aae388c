"""The hook core: what every agent hook of a work tree decides, standard library only.

One owner for the hook protocol's constants, the hook input, the session id, the work tree and
its git paths, the path → module lookup and the PreToolUse decision, used by the lean entry
(:mod:`.hook_fast`, which runs before every edit and must cost about a Python start: no click,
no rich, no XML-RPC, no ``json``/``re``/``subprocess`` at import) and by the full path
(:mod:`.hooks`), so both answer an edit the same way. Agent adapters sit on it too.
"""

import os
import time

from . import lean
from .lean import dumps, loads

EDIT_TOOLS = ("Edit", "Write", "MultiEdit", "NotebookEdit")
DEFAULT_MARGIN = 300  # seconds of lease left under which an edit renews the lock
MAX_PAYLOAD = 1_000_000  # bytes
STATE_DIR = lean.STATE_DIR  # in the git dir: per-session state, the remembered uid
STATE_PREFIX = "session-"  # STATE_DIR/session-<id>.json: a session's hook state
SESSION_FILE = "practice-session"  # in the git dir: the session of this work tree
GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")
GIT_TIMEOUT = 60  # seconds


class HookInputError(ValueError):
    """The hook input (or the environment it names) cannot be read: the hook cannot decide."""


# -- input -------------------------------------------------------------------------------------
def parse_payload(raw, allow_empty=True):
    """The hook's JSON object from ``raw`` (bytes or text; bounded, strict UTF-8); an empty input
    is ``{}`` when ``allow_empty``. Raises :class:`HookInputError` saying what is wrong."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_PAYLOAD:
            raise HookInputError(f"hook input larger than {MAX_PAYLOAD} bytes")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise HookInputError(f"hook input is not UTF-8 (byte {err.start})") from None
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_PAYLOAD:
        raise HookInputError(f"hook input larger than {MAX_PAYLOAD} bytes")
    if not raw.strip():
        if allow_empty:
            return {}
        raise HookInputError("hook input is empty")
    try:
        payload = loads(raw)
    except (ValueError, RecursionError) as err:
        raise HookInputError(f"hook input is not JSON: {err}"[:300]) from None
    if not isinstance(payload, dict):
        raise HookInputError("hook input must be a JSON object")
    return payload


def session_of(payload, env):
    """The session a hook acts for: ``PRACTICE_SESSION``, else the agent's ``session_id``."""
    value = (env.get("PRACTICE_SESSION") or "").strip() or payload.get("session_id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def lock_ttl(env):
    """``{"ttl_seconds": n}`` from PRACTICE_LOCK_TTL, or ``{}`` (the server's default lease);
    raises :class:`HookInputError` on a value that is not a number."""
    value = (env.get("PRACTICE_LOCK_TTL") or "").strip()
    try:
        return {"ttl_seconds": max(1, int(value))} if value else {}
    except ValueError:
        raise HookInputError(f"PRACTICE_LOCK_TTL must be a number of seconds, got {value[:40]!r}") from None


def int_env(env, name, default):
    """A positive whole number from the environment, ``default`` when unset or not a number."""
    try:
        return max(1, int(env.get(name, default)))
    except (TypeError, ValueError):
        return default


def renew_margin(env):
    """Seconds of lease left under which an edit renews its lock (PRACTICE_LOCK_RENEW_MARGIN)."""
    return int_env(env, "PRACTICE_LOCK_RENEW_MARGIN", DEFAULT_MARGIN)


# -- the work tree -----------------------------------------------------------------------------
def git(cwd, *args):
    """``git ARGS`` in ``cwd``: its output, or ``None`` when git fails."""
    import subprocess  # not at the top: the lean path never runs git

    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=GIT_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", errors="surrogateescape")


def _walk(cwd):
    """The nearest folder holding ``.git`` (a dir, or a file for worktrees/submodules), as git
    would answer ``rev-parse --show-toplevel``; ``False`` when there is none; ``None`` when git
    may answer otherwise (GIT_* set, an odd ``.git``, another owner's: safe.directory)."""
    if any(os.environ.get(name) for name in GIT_ENV):
        return None
    folder = cwd
    while True:
        dot_git = os.path.join(folder, ".git")
        if os.path.isfile(dot_git):
            return folder  # a worktree or a submodule
        if os.path.isdir(dot_git):
            usual = os.path.isdir(os.path.join(dot_git, "objects"))
            return folder if usual and os.stat(dot_git).st_uid == os.getuid() else None
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def _toplevel(cwd):
    out = git(cwd, "rev-parse", "--show-toplevel")
    return os.path.realpath(out.strip()) if out and out.strip() else False


def work_tree(cwd=None):
    """The top of the git work tree holding ``cwd`` (``None`` outside git): a walk up the
    folders, and ``git rev-parse --show-toplevel`` where the walk cannot be sure."""
    cwd = os.path.realpath(cwd or os.getcwd())
    found = _walk(cwd)
    return (_toplevel(cwd) if found is None else found) or None


def git_path(root, name):
    """``.git/<name>`` of the work tree: joined by hand for a plain ``.git`` folder, else (a
    worktree, GIT_* set, hooks: core.hooksPath) as ``git rev-parse --git-path`` answers."""
    dot_git = os.path.join(root, ".git")
    if (
        not name.startswith("hooks")
        and not any(os.environ.get(n) for n in GIT_ENV)
        and os.path.isdir(dot_git)
    ):
        return os.path.join(dot_git, name)
    out = git(root, "rev-parse", "--git-path", name)
    if not out:
        return None
    path = out.strip()
    return path if os.path.isabs(path) else os.path.join(root, path)


def record_session(root, session_id):
    """``.git/practice-session``: the session that last took a lock or started in this work tree."""
    path = git_path(root, SESSION_FILE) if session_id else None
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                if handle.read(4096) == session_id + "\n":
                    return  # unchanged: a write costs more than this read
        except (OSError, UnicodeDecodeError):
            pass
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(session_id + "\n")
        except OSError:
            pass


class Where:
    """Where a hook runs: its folder, the work tree (the folder itself outside git). With
    ``ask_git=False`` (the lean entry) git is not run: ``certain`` is false where the walk up
    the folders cannot tell what git would answer, and the caller defers to the full path."""

    def __init__(self, payload, ask_git=True):
        cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else None
        self.cwd = lean.realpath(cwd or os.getcwd())
        root = _walk(self.cwd)
        self.certain = root is not None or ask_git
        if root is None and ask_git:
            root = _toplevel(self.cwd)
        self.in_git = bool(root)
        self.root = root or self.cwd


class Session:
    """What every hook of a session knows without the server: its input, the environment,
    where it runs and the session, and the session's state kept in the git dir (not in the
    work tree): ``.git/practice-hooks/session-<id>.json`` (a session id that is no plain file
    name: ``<sha256 of the session>.json``)."""

    def __init__(self, payload, environ=None, where=None):
        self.env = os.environ if environ is None else environ
        self.payload = payload
        self.where = where or Where(payload)
        self.cwd, self.root, self.in_git = self.where.cwd, self.where.root, self.where.in_git
        self.session_id = session_of(payload, self.env)

    def require_session(self):
        if not self.session_id:
            raise HookInputError(
                "no session id: the hook input has no session_id and PRACTICE_SESSION is unset"
            )
        return self.session_id

    def state_dir(self):
        """``.git/practice-hooks`` of this work tree (``None`` outside git)."""
        if not self.in_git:
            return None
        if not hasattr(self, "_state_dir"):
            self._state_dir = git_path(self.root, STATE_DIR)
        return self._state_dir

    def _state_path(self):
        """``session-<id>.json`` for a session id that is a plain file name (no hashing: the
        lean hooks never load ``_sha256`` for it), else ``<sha256 of the session>.json``."""
        folder = self.state_dir() if self.session_id else None
        if not folder:
            return None
        if lean.plain_name(self.session_id):
            return os.path.join(folder, f"{STATE_PREFIX}{self.session_id}.json")
        return self._hashed_state_path()

    def _hashed_state_path(self):
        """The state's name before plain names (and still for other ids)."""
        return os.path.join(self.state_dir(), lean.sha256_hex(self.session_id)[:32] + ".json")

    def load_state(self):
        path = self._state_path()
        try:
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                old = self._hashed_state_path()
                if old == path:
                    raise
                with open(old, encoding="utf-8") as handle:  # kept by an earlier client
                    text = handle.read()
            state = loads(text)
            return state if isinstance(state, dict) and state.get("session_id") == self.session_id else {}
        except (TypeError, OSError, ValueError):
            return {}

    def save_state(self, state):
        path = self._state_path()
        if path:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.tmp{os.getpid()}"
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(dumps(dict(state, session_id=self.session_id)))
            os.replace(tmp, path)

    def drop_state(self):
        path = self._state_path()
        for name in {path, self._hashed_state_path() if path else None} - {None}:
            if os.path.exists(name):
                os.remove(name)


# -- the PreToolUse decision -------------------------------------------------------------------
class Deny:
    """The edit is refused: ``reason`` tells the agent why (PreToolUse ``deny``)."""

    def __init__(self, reason):
        self.reason = reason


GO_ON = "go on"


class Acquire:
    """The module's lock must be taken (or renewed) before the edit: module, session (``None``
    when the hook knows none), the lock's reason, the file, the work tree."""

    def __init__(self, module, session, reason, path, root):
        self.module, self.session, self.reason, self.path, self.root = module, session, reason, path, root


def bad_input(what):
    return f"practice hook pre-tool-use: {what}; the edit is denied (the hook fails closed)."


def deny_json(reason):
    """Claude Code's PreToolUse refusal of one tool call, as one line of JSON."""
    return dumps(
        {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": reason,
            }
        }
    )


def edit_reason(tool_name, full_path, root):
    """The reason a lock taken for an edit records: the tool and the file, bounded."""
    return f"{tool_name} {os.path.relpath(full_path, root)}"[:200]


def _within(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def forbidden(path, cwd, root, env):
    """Why an edit of ``path`` is refused whoever holds what (``.locks/``: the mirror, written
    only by the practice; the proof cache), or ``None``."""
    plain = os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))
    full = lean.realpath(plain)
    locks = os.path.join(root, lean.LOCKS_DIR)
    if any(_within(p, locks) or _within(p, lean.realpath(locks)) for p in (plain, full)):
        return (
            f"{os.path.relpath(plain, root)} is in .locks/, the practice's mirror of the server's locks: "
            "only the practice writes it (`practice lock sync`); the edit is denied."
        )
    if lean.protected(full, env) or lean.protected(plain, env):
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


def plan_edit(payload, env, where):
    """The PreToolUse decision before any round trip: a :class:`Deny`, :data:`GO_ON` (not an
    edit, outside every module, or this session holds the module by a valid proof with more
    than the renew margin left) or an :class:`Acquire` of the module's lock."""
    target = edit_target(payload)
    if isinstance(target, Deny):
        return target
    tool, path = target
    if tool is None:
        return GO_ON
    refused = forbidden(path, where.cwd, where.root, env)
    if refused:
        return Deny(refused)
    hit = lean.find_module(path, where.root, cwd=where.cwd)
    if not hit:
        return GO_ON  # outside any module: nothing to lock
    session = session_of(payload, env)
    if session and where.in_git:
        settings = lean.Lean(env)
        proof = lean.load(env, settings, where.root, lean.resolve(env, where.root), hit[0], session)
        if proof and lean.seconds_left(proof) > renew_margin(env):
            return GO_ON  # the server granted it, plenty of lease left: no round trip
    full = lean.realpath(path if os.path.isabs(path) else os.path.join(where.cwd, path))
    return Acquire(hit[0], session, edit_reason(tool, full, where.root), full, where.root)


def remember_grant(env, settings, root, repo, session, answer):
    """After a granted lock: the proof outside the work tree, its ``.locks/`` entry, and the
    work tree's session (what the guard and the next hooks read)."""
    from . import locks_mirror  # a grant only: the hooks that make no call never load it

    lean.store(env, settings, root, repo, session, answer)
    locks_mirror.put_entry(root, locks_mirror.entry_from_lock(answer))
    record_session(root, session)


def heartbeat(ctx, now=None):
    """Renew this session's locks of this work tree whose lease is within the renew margin
    (PRACTICE_LOCK_RENEW_MARGIN): every hook of the session calls it, so a long test run
    between edits keeps its locks. Reads only the local proofs: no round trip unless one is
    due. ``ctx`` is a :class:`Session` with ``repo`` and ``call``. Returns the modules renewed;
    a lock no longer ours loses its proof."""
    if not (ctx.in_git and ctx.session_id):
        return []
    settings = lean.Lean(ctx.env)
    if not settings.secret:
        return []  # no proof can be read
    margin = renew_margin(ctx.env)
    where = (ctx.env, settings, ctx.root, ctx.repo, ctx.session_id)
    due = lean.lease_due(*where)
    if due is not None and due - (time.time() if now is None else now) > margin:
        return []  # the earliest lease end remembered is far enough: no proof read
    mark = lean.due_scan(*where)
    entries = lean.of_session(*where, now=now)
    renewed, dropped = [], False
    for entry in entries:
        if lean.seconds_left(entry, now) > margin:
            continue
        answer = ctx.call("practice.lock", "renew", int(entry["token"]), ctx.session_id, **lock_ttl(ctx.env))
        if isinstance(answer, dict) and answer.get("ok"):
            lean.store(ctx.env, settings, ctx.root, ctx.repo, ctx.session_id, dict(answer, granted=True))
            renewed.append(entry["module"])
        else:
            lean.drop_session(*where, module=entry["module"])
            dropped = True
    if not (renewed or dropped):
        lean.keep_lease_due(*where, entries, mark)
    return renewed
