"""Command-line side of the agent edge: ``practice hook …``, ``practice hooks install``,
``practice lock guard`` and ``practice lock sync``. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""

import json
import os
import sys
import time

import click

from . import (
    adapter_codex,
    adapters,
    cli_repo,
    env_settings,
    gitguard,
    hook_core,
    hooks,
    locks_mirror,
    repo_config,
    uid_cache,
)
from .cli_common import EXIT_REFUSED
from .options import repo_option
from .rpc import PracticeError


def _err(text):
    click.echo(text, err=True)


def _work_tree_or_exit():
    root = hook_core.work_tree(os.getcwd())
    if not root:
        _err("practice: not inside a git work tree")
        sys.exit(2)
    return root


def _reuse_login(obj, ctx):
    """The connection, told the uid an earlier hook of this work tree logged in as (no login
    round trip, see uid_cache); ``None`` without credentials or outside git."""
    folder = ctx.state_dir() if obj.settings.secret else None
    if not folder:
        return None
    rpc = obj.rpc
    rpc.use_known_uid(uid_cache.load(folder, obj.settings))
    return rpc


ADAPTERS, AGENTS = adapters.ADAPTERS, adapters.AGENTS  # who else the hooks speak to


def _failed(event, error):
    """The Claude Code answer of a hook that could not decide: pre-tool-use denies (or, with
    PRACTICE_FAIL_CLOSED=0 and a silent server, warns); the others exit 1 with one line."""
    if event == "pre-tool-use":
        text = (
            hooks.unchecked_warning(error)
            if hooks.fail_open(os.environ, error)
            else hooks.denied_on_error(error)
        )
        return 0, text + "\n", ""
    return 1, "", f"practice hook {event}: {error if str(error) else type(error).__name__}\n"


HOOK_BUDGET = 20
MAX_HOOK_BUDGET = 600


def hook_budget(env):
    """Seconds a whole hook may spend on the server (PRACTICE_HOOK_BUDGET, default 20, at least
    one call's PRACTICE_HOOK_TIMEOUT): a hook making several calls (session-end releases each
    lock) stops asking once it is spent — what is left waits for the next hook or the lease —
    instead of adding up per-call timeouts past the agent's patience."""
    value = (env.get("PRACTICE_HOOK_BUDGET") or "").strip()
    try:
        seconds = float(value) if value else HOOK_BUDGET
    except ValueError:
        seconds = HOOK_BUDGET
    return min(max(seconds, env_settings.hook_timeout(env)), MAX_HOOK_BUDGET)


def _answer(obj, event, payload):
    """One hook on a Claude Code–shaped ``payload``: ``(exit code, stdout, stderr)``, never raises."""
    try:
        # a hook answers before the agent's own hook timeout: a slow or silent server is
        # an error (pre-tool-use: a deny), not a wait until the agent kills the hook
        obj.timeout = env_settings.hook_timeout(os.environ)
        obj.deadline = time.monotonic() + hook_budget(os.environ)
        ctx = hooks.HookContext(payload, obj.call)
        ctx.past_deadline = obj.past_deadline
        rpc = _reuse_login(obj, ctx)
        code, out, err = hooks.HANDLERS[event](ctx)
        if event not in ("pre-tool-use", "session-end"):
            try:
                hook_core.heartbeat(ctx)  # keeps the session's locks alive between edits
            except Exception as error:  # a renewal problem never fails the hook
                err = (err or "") + f"practice: lock renewal: {error}\n"
        if rpc is not None and rpc.logged_in:
            uid_cache.save(ctx.state_dir(), obj.settings, rpc.uid)
        return code, out, err
    except Exception as error:  # one answer for every failure, never a traceback
        return _failed(event, error)


def register(cli, lock):
    """Add the ``hook`` and ``hooks`` groups to ``cli`` and ``guard``/``sync`` to ``lock``."""

    @cli.command("hook")
    @click.argument("event", type=click.Choice(sorted(hooks.HANDLERS)))
    @click.option(
        "--agent",
        type=click.Choice(AGENTS),
        default="claude-code",
        show_default=True,
        help="Whose hook protocol stdin and stdout speak (the adapter translates in and out).",
    )
    @click.pass_obj
    def hook(obj, event, agent):
        """Answer one agent hook (Claude Code protocol by default: JSON on stdin).

        Exit 0 goes on (pre-tool-use denies with JSON on stdout), 2 blocks a stop with the
        reason on stderr, 1 is a hook error the agent's user sees (the agent goes on).
        pre-tool-use fails closed: anything it cannot read or decide denies the edit. With
        --agent codex|cursor|gemini|cline the same decisions answer in that agent's protocol."""
        unreadable = None
        try:
            payload = hooks.read_payload(
                sys.stdin, allow_empty=not (event == "pre-tool-use" and agent == "claude-code")
            )
        except Exception as error:  # unreadable input: the answer of a hook that cannot decide
            payload, unreadable = None, error
        if agent == "claude-code":
            answer = _failed(event, unreadable) if payload is None else _answer(obj, event, payload)
        else:
            answer = ADAPTERS[agent].answer(
                event,
                payload,
                unreadable,
                decide=lambda sub, claude: _answer(obj, sub, claude),
                failed=_failed,
            )
        code, out, err = answer
        if out:
            click.echo(out, nl=not out.endswith("\n"))
        if err:
            click.echo(err, err=True, nl=not err.endswith("\n"))
        sys.exit(code)

    @cli.group("hooks")
    def hooks_group():
        """Install the agent hooks and the git pre-commit guard in this work tree."""

    @hooks_group.command("install")
    @click.option(
        "--agent",
        type=click.Choice([*AGENTS, "none"]),
        default="claude-code",
        show_default=True,
        help="Agent whose configuration gets the hooks (claude-code: .claude/settings.json; codex: "
        ".codex/hooks.json + config.toml; cursor: .cursor/hooks.json + mcp.json; gemini: "
        ".gemini/settings.json; cline: .clinerules/hooks/ scripts; 'none': only the git pre-commit guard).",
    )
    @click.option("--uninstall", is_flag=True, help="Remove what install added (everything else is kept).")
    @click.option(
        "--command",
        "command",
        default="practice",
        show_default=True,
        help="How the agent runs the client (must be on the agent's PATH).",
    )
    @click.option("--repo", help="Also point this work tree at this repository (as `practice init --repo`).")
    @click.pass_obj
    def hooks_install(obj, agent, uninstall, command, repo):
        """Merge the hooks into .claude/settings.json and install .git/hooks/pre-commit
        (`practice lock guard`). Idempotent; an existing pre-commit hook is kept and run first."""
        root = _work_tree_or_exit()
        if repo and not uninstall:
            click.echo(cli_repo.record(obj, root, repo.strip()))
        try:
            done = (
                ADAPTERS[agent].install(root, command=command, uninstall=uninstall)
                if agent in ADAPTERS
                else []
            )
            done += hooks.install(root, agent=agent, uninstall=uninstall, command=command)
        except (hooks.HookInputError, adapter_codex.CodexAdapterError, OSError, ValueError) as error:
            _err(f"practice hooks install: {error}")
            sys.exit(2)
        if obj.as_json:
            click.echo(json.dumps({"root": root, "done": done}, indent=2))
        else:
            for line in done:
                click.echo(line)

    @lock.command("guard")
    @repo_option()
    @click.pass_obj
    def lock_guard(obj, repo):
        """Pre-commit check: exit 3 naming the holder when a staged file belongs to a module
        another session holds (ours: PRACTICE_SESSION, else the session of this work tree)."""
        root = _work_tree_or_exit()
        try:
            modules, theirs = gitguard.guard(obj.call, root, obj.settings, repo=repo)
        except (PracticeError, gitguard.GuardError, OSError) as error:
            _err(f"practice lock guard: {error} (commit refused; `git commit --no-verify` skips the guard)")
            sys.exit(1)
        if theirs:
            for lock_info in theirs:
                _err(
                    "practice lock guard: "
                    + hooks.holder_text(lock_info.get("module"), lock_info, lock_info.get("repo"))
                )
            _err(
                "practice lock guard: commit refused: staged files touch module(s) held by another session. "
                "A lock counts as this work tree's only when its hook took it (the proof the hook keeps "
                "outside the work tree); a session id in PRACTICE_SESSION or .git is not proof."
            )
            sys.exit(EXIT_REFUSED)
        if obj.as_json:
            click.echo(json.dumps({"modules": modules, "theirs": []}))

    @lock.command("sync")
    @repo_option()
    @click.pass_obj
    def lock_sync(obj, repo):
        """Refresh .locks/ from the server: one file per held lock of the repository."""
        root = _work_tree_or_exit()
        try:
            entries = locks_mirror.sync(obj.call, root, repo)
        except locks_mirror.MirrorRefused as error:
            _err(f"practice lock sync: {error}")
            sys.exit(2)
        if obj.as_json:
            click.echo(json.dumps(entries, indent=2))
            return
        ours = gitguard.committer_session(root)
        for e in entries:
            mark = " (ours)" if ours and e["session"] == ours else ""
            click.echo(
                f"{e['module']}: session {e['session']}{mark} ({e['user']}) since {e['since']} "
                f"until {e['expires']}, token {e['token']}: {e['reason'] or '-'}"
            )
        click.echo(f"{len(entries)} lock(s) in {os.path.join(root, locks_mirror.LOCKS_DIR)}")

    @lock.result_callback()
    @click.pass_context
    def refresh_mirror(click_ctx, result, **_params):
        """After a lock command, refresh an existing .locks/ of this work tree."""
        if click_ctx.invoked_subcommand in (None, "guard", "sync"):
            return result
        root = hook_core.work_tree(os.getcwd())
        if root and os.path.lexists(locks_mirror.locks_dir(root)):
            try:
                locks_mirror.sync(click_ctx.obj.call, root, repo_config.resolve(os.environ, root))
            except (PracticeError, OSError) as error:
                _err(f"practice: .locks/ not refreshed: {error}")
        return result
