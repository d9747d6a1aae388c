"""Lean entries of the hooks that run around every tool call: PreToolUse, PostToolUse and
UserPromptSubmit answered from stdlib + the hook core (+ ``lean_rpc`` and ``env_settings`` for one
call), everything else handed to the full ``practice hook <event>``.

They run before and after every tool call of the agent, so each must cost about a Python
start: no click, no rich, no XML-RPC client. **PreToolUse** answers "go on" (exit 0, no output)
without a round trip for the cases the full path answers without one:

* the tool is not an edit tool (Bash: the work tree's picture is kept for the PostToolUse and a
  command line writing into a module another session holds is denied, :mod:`.hook_shell`);
* the file is outside every module (and not in ``.locks/`` nor the proof cache);
* this session holds the module by a valid proof of the server's grant (:mod:`lock_proof`:
  outside the work tree, HMAC under the login's secret) with more than the renew margin left
  and at most ``PRACTICE_LOCK_RECHECK`` seconds old. ``.locks/`` is never evidence.

It fails closed: input it cannot read (larger than ``hook_core.MAX_PAYLOAD`` bytes, not UTF-8,
not a JSON object, no ``tool_name``, an edit without a file path) and an edit of ``.locks/`` or
of the proof cache are denied here (a ``permissionDecision: deny`` on stdout, exit 0); the full
path denies whatever it cannot decide (no session, server unreachable, any error), and should
even it fail, this entry exits 2 with the reason on stderr (Claude Code blocks the tool call).
Exit 1 — a non-blocking error, the edit would go on — is never the answer. It takes (or renews)
the lock itself, one JSON-RPC call through :mod:`lean_rpc`, when the server's URL is plain
``http://`` and an earlier hook of this work tree logged in (``uid_cache``); granted, it keeps
what the full path keeps (:func:`.hook_core.remember_grant`).

**PostToolUse** answers alone when the call changed no module file, or only modules the session
proves it holds (an edit tool's own file: no git at all). **UserPromptSubmit** makes its one
``practice.context.prompt`` call through :mod:`lean_rpc` as the remembered uid. Both renew due
leases (the heartbeat) when they can.

Anything else (a refused lock, an error, no session id, no known uid) goes to the full hook
(:func:`launch` is handed the CLI's entry: this module never imports the CLI) with the same
stdin, so outputs are the full path's (every call made here is idempotent: a retry is
harmless). The decisions themselves are :mod:`.hook_core`'s and the hook modules', shared with
the full path.
"""

import io
import os
import sys

from . import hook_core, lean

# not imported here, only where a path needs them (each import is a share of a hook's time):
# hook_shell (Bash), lean_rpc (a server call), uid_cache (who to call as)
from .hook_core import GO_ON, Acquire, Deny, bad_input, deny_json

FULL = "full"
SHELL_TOOL = "Bash"


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
    if payload.get("tool_name") == SHELL_TOOL:
        from . import hook_shell

        reason = hook_shell.plan_bash(hook_core.Session(payload, env, where))
        return Deny(reason) if reason else GO_ON
    plan = hook_core.plan_edit(payload, env, where)
    if isinstance(plan, Acquire) and not (plan.session and where.in_git):
        return FULL
    return plan


class HandOver(BaseException):
    """The lean path cannot make a call (no uid remembered, not plain http, an error answer):
    the full path answers the hook instead (every call made here is idempotent)."""


class LeanContext(hook_core.Session):
    """A session that calls the server through :mod:`.lean_rpc` as the uid an earlier hook of
    this work tree logged in as; any call it cannot make raises :class:`HandOver`."""

    def __init__(self, payload, env, where):
        super().__init__(payload, env, where)
        self.repo = lean.resolve(env, where.root if where.in_git else None)
        self.settings = lean.Lean(env)
        self._uid = False  # not read until a call is made

    @property
    def uid(self):
        if self._uid is False:
            from . import uid_cache

            state_dir = self.state_dir()
            self._uid = (
                uid_cache.load(state_dir, self.settings) if state_dir and self.settings.secret else None
            )
        return self._uid

    def call(self, model, method, *args, **kwargs):
        if not self.uid:
            raise HandOver
        from . import lean_rpc

        try:
            return lean_rpc.execute_kw(
                self.settings,
                self.uid,
                model,
                method,
                args,
                kwargs,
                timeout=lean.hook_timeout(self.env),
            )
        except lean_rpc.Unavailable:
            raise HandOver from None


def _lean_heartbeat(payload, env, where):
    """The heartbeat (:func:`.hook_core.heartbeat`) from a lean path: the lease is renewed
    here when one is due; a renewal this path cannot make waits for the next full hook."""
    try:
        hook_core.heartbeat(LeanContext(payload, env, where))
    except (HandOver, Exception):
        pass


class _Buffered(hook_core.Session):
    """A session whose state is written only when the lean path answers itself: when it hands
    over, the full path sees the work tree as it was before this call."""

    def save_state(self, state):
        self.pending = state

    def commit(self):
        if getattr(self, "pending", None) is not None:
            hook_core.Session.save_state(self, self.pending)


def decide_post(text, environ=None):
    """PostToolUse (Bash and the edit tools): ``GO_ON`` when the call changed no module file,
    or only modules this session holds by a valid proof with lease to spare (the new work tree
    stamp is kept); ``FULL`` when a module must be locked (or the hook is unsure)."""
    env = os.environ if environ is None else environ
    try:
        payload = hook_core.parse_payload(text, allow_empty=False)
        where = hook_core.Where(payload, ask_git=False)
    except (hook_core.HookInputError, OSError):
        return FULL
    if not where.certain:
        return FULL
    ctx = _Buffered(payload, env, where)
    if not (where.in_git and ctx.session_id):
        return GO_ON  # nothing to lock for: no work tree or no session
    settings = lean.Lean(env)
    repo = lean.resolve(env, where.root)
    margin = hook_core.renew_margin(env)
    target = hook_core.edit_target(payload)
    if isinstance(target, tuple) and target[0]:
        # an edit tool changed the one file its PreToolUse locked: no git needed when this
        # session proves it holds that module (the next Bash call takes a fresh picture anyway)
        hit = lean.find_module(target[1], where.root, cwd=where.cwd)
        proof = hit and lean.load(env, settings, where.root, repo, hit[0], ctx.session_id)
        if not hit or (proof and lean.seconds_left(proof) > margin):
            _lean_heartbeat(payload, env, where)
            return GO_ON
    if payload.get("tool_name") == SHELL_TOOL:
        # what :func:`.hook_shell.after_shell` answers first, without importing it: a command
        # that cannot write, or one the session's module watcher saw change no module
        from . import shell_lean

        command = shell_lean.bash_command(payload)
        if shell_lean.read_only(command) or shell_lean.watch_clean(ctx, ctx.load_state()):
            ctx.commit()
            _lean_heartbeat(payload, env, where)
            return GO_ON
    from . import hook_shell

    changed = hook_shell.after_shell(ctx)
    for module, _files in changed:
        proof = lean.load(env, settings, where.root, repo, module, ctx.session_id)
        if not proof or lean.seconds_left(proof) <= margin:
            return FULL
    ctx.commit()
    _lean_heartbeat(payload, env, where)
    return GO_ON


def prompt_main(full_cli):
    """UserPromptSubmit through the lean entry: :func:`.hook_prompt.user_prompt_submit` with
    one JSON-RPC call (two when it titles the session) as the remembered uid; anything it cannot
    do here goes to the full ``practice hook user-prompt-submit`` on the same input."""
    from . import hook_prompt  # not at the top: the edit hooks never need it

    lean.remember()  # a hook process: each path resolved, each key derived once
    raw = _read_stdin()
    env = os.environ
    try:
        payload = hook_core.parse_payload(raw, allow_empty=False)
        where = hook_core.Where(payload, ask_git=False)
        if not (where.certain and where.in_git):
            raise HandOver
        ctx = LeanContext(payload, env, where)
        code, out, err = hook_prompt.user_prompt_submit(ctx)
    except (HandOver, Exception):
        lean.forget()
        sys.stdin = io.StringIO(_text(raw) or "")
        sys.argv = [sys.argv[0] or "practice", "hook", "user-prompt-submit"]
        full_cli()
        return
    _lean_heartbeat(payload, env, where)
    if out:
        sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    sys.stdout.flush()
    sys.exit(code)


def acquire(todo, environ=None):
    """Take ``todo``'s lock through one JSON-RPC call; ``True`` when granted and remembered as
    the full path does (:func:`.hook_core.remember_grant`), ``False`` when the full path must
    answer (refused, unknown uid, not plain http, any error)."""
    env = os.environ if environ is None else environ
    settings = lean.Lean(env)
    state_dir = hook_core.git_path(todo.root, hook_core.STATE_DIR)
    if not settings.secret or not state_dir:
        return False
    from . import lean_rpc, uid_cache

    uid = uid_cache.load(state_dir, settings)
    if not uid:
        return False
    try:
        repo = lean.resolve(env, todo.root)
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
            timeout=lean.hook_timeout(env),
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
    lean.forget()
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


def post_main(full_cli):
    """Answer the PostToolUse hook on stdin when nothing needs the server; otherwise the full
    ``practice hook post-tool-use`` answers on the same input (its failures never block)."""
    lean.remember()
    raw = _read_stdin()
    try:
        todo = decide_post(raw)
    except Exception:  # the full path answers (and reports) what this one could not
        todo = FULL
    if todo == GO_ON:
        sys.exit(0)
    lean.forget()
    sys.stdin = io.StringIO(_text(raw) or "")
    sys.argv = [sys.argv[0] or "practice", "hook", "post-tool-use"]
    full_cli()


def main(full_cli):
    """Answer the PreToolUse hook on stdin; what only the full path may answer goes to
    ``full_cli`` with the same input."""
    raw = None
    lean.remember()
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


def launch(full_cli):
    """The ``practice`` command (``client/scripts/practice``) and ``python -m practice_client``:
    ``hook pre-tool-use``, ``hook post-tool-use`` and ``hook user-prompt-submit`` (run around
    every tool call and prompt of an agent) take the lean paths here; every other command, and
    whatever only the full path may answer, goes to ``full_cli`` (the CLI's entry: this module
    never imports it)."""
    args = sys.argv[1:]
    if args == ["hook", "pre-tool-use"]:
        main(full_cli)
    elif args == ["hook", "post-tool-use"]:
        post_main(full_cli)
    elif args == ["hook", "user-prompt-submit"]:
        prompt_main(full_cli)
    else:
        full_cli()
