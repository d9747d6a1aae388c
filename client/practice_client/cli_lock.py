"""Command-line side of practice_lock: `practice lock acquire|renew|release|verify|list|check-token|
force-release` (the agent edge adds `lock guard|sync`, :mod:`.hooks_cli`). Exit 3 when a lock is
not granted or not ours."""

import os
import sys

import click
from rich.markup import escape

from . import hook_core, lock_proof
from .cli_common import EXIT_REFUSED, err_console, in_repo, pass_ctx, print_table, refused
from .options import repo_option


@click.group()
def lock():
    """Exclusive module locks (lease + fencing token)."""


def _holder_line(holder):
    holder = holder or {}
    return (
        f"held by session {holder.get('session_id')} ({holder.get('user')}) since "
        f"{holder.get('since')}: {holder.get('reason') or '-'}"
    )


@lock.command("acquire")
@click.argument("module")
@click.option("--session", "session_id", required=True)
@click.option("--ttl", "ttl_seconds", type=int, help="Lease in seconds (default: the server's lease length).")
@click.option("--reason", default="")
@repo_option()
@pass_ctx
def lock_acquire(ctx, module, session_id, ttl_seconds, reason, repo):
    """Take MODULE's lock; exit 3 naming the holder when someone else has it."""
    # the server owns the default lease: a TTL is sent only when the user gives one
    ttl = {} if ttl_seconds is None else {"ttl_seconds": ttl_seconds}
    result = ctx.call_lock("acquire", module, session_id, reason=reason, repo=repo, **ttl)

    def human(r):
        if r["granted"]:
            click.echo(
                f"granted {module}{in_repo(r)}: token {r['token']}, expires {r['expires_at']} (keep the token)"
            )
        else:
            err_console.print(f"[red]refused[/red] {module}{in_repo(r)}: {_holder_line(r.get('holder'))}")

    ctx.emit(result, human)
    if not result.get("granted"):
        sys.exit(EXIT_REFUSED)


@lock.command("renew")
@click.argument("token", type=int)
@click.option("--session", "session_id", required=True)
@click.option("--ttl", "ttl_seconds", type=int)
@pass_ctx
def lock_renew(ctx, token, session_id, ttl_seconds):
    """Extend the lease of TOKEN (a shorter --ttl never shortens it)."""
    result = ctx.call_lock("renew", token, session_id, ttl_seconds=ttl_seconds)
    _lock_answer(
        ctx,
        result,
        lambda r: f"renewed {r['module']}{in_repo(r)} (token {r['token']}): expires {r['expires_at']}",
    )


def _lock_answer(ctx, result, ok_line):
    """Print an ``{"ok": ...}`` lock answer; exit 3 when it is not ok."""

    def human(r):
        if r.get("ok"):
            click.echo(ok_line(r))
        else:
            err_console.print(f"[red]refused:[/red] {escape(str(r.get('message') or r))}")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_REFUSED)


@lock.command("release")
@click.argument("token", type=int, required=False)
@click.option("--session", "session_id", required=True)
@click.option("--module", help="Release this session's lock on MODULE (no token needed).")
@repo_option("Repository of --module.")
@pass_ctx
def lock_release(ctx, token, session_id, module, repo):
    """Release the lock of TOKEN, or this session's lock on --module (only its holder's session can)."""
    if (token is None) == (module is None):
        raise click.UsageError("give either TOKEN or --module NAME")
    if module is not None:
        split = ctx.call_lock("verify", [module], session_id, repo=repo)
        ours = [e for e in split.get("ours", []) if isinstance(e, dict) and e.get("token")]
        if not ours:
            theirs = [e for e in split.get("theirs", []) if isinstance(e, dict)]
            if theirs:
                refused(f"{module}{in_repo(split)}: {_holder_line(theirs[0])}, not session {session_id}")
            refused(f"session {session_id} holds no lock on {module}{in_repo(split)}")
        token = ours[0]["token"]
    result = ctx.call_lock("release", token, session_id)
    if result.get("ok"):
        _drop_proof(ctx, repo, session_id, result.get("module"))
    _lock_answer(ctx, result, lambda r: f"released {r['module']}{in_repo(r)} (token {r['token']})")


def _drop_proof(ctx, repo, session_id, module):
    """Forget the hook's proof of a lock just released (in the work tree of the current folder,
    if any): otherwise the PreToolUse hook would answer "ours" from it until its re-check."""
    root = hook_core.work_tree()
    if root and module:
        settings = ctx.settings
        lock_proof.drop_session(os.environ, settings, root, repo, session_id, module=module)


@lock.command("verify")
@click.argument("modules", nargs=-1, required=True)
@click.option("--session", "session_id", required=True)
@repo_option()
@pass_ctx
def lock_verify(ctx, modules, session_id, repo):
    """Split MODULES into ours / theirs / free; exit 3 when any is held by another session."""
    result = ctx.call_lock("verify", list(modules), session_id, repo=repo)

    def human(r):
        rows = []
        for status in ("ours", "theirs", "free"):
            for entry in r.get(status, []):
                if isinstance(entry, dict):
                    holder = f"{entry.get('session_id')} ({entry.get('user')})"
                    rows.append(
                        [entry.get("module"), status, entry.get("token"), holder, entry.get("expires_at")]
                    )
                else:
                    rows.append([entry, status, "", "", ""])
        title = f"repository {r['repo']}" if r.get("repo") else None
        print_table(["module", "status", "token", "holder", "expires"], rows, title=title)

    ctx.emit(result, human)
    if result.get("theirs"):
        sys.exit(EXIT_REFUSED)


LIST_KEYS = ("module", "repo", "token", "session_id", "user", "reason", "state", "expires_at")


def _history(ctx, repo, session_id):
    """The last 50 locks in any state (released, expired, forced too)."""
    domain = [("repo_id.name", "=", repo)] if repo else []
    if session_id:
        domain.append(("session_id", "=", session_id))
    fields_ = ["module_name", "repo_id", "token", "session_id", "user_id", "reason", "state", "expires_at"]
    rows = ctx.call("practice.lock", "search_read", domain, fields_, order="token desc", limit=50)
    return [
        {
            "module": r["module_name"],
            "repo": r["repo_id"][1] if r["repo_id"] else None,
            "token": r["token"],
            "session_id": r["session_id"],
            "user": r["user_id"][1] if r["user_id"] else None,
            "reason": r["reason"] or "",
            "state": r["state"],
            "expires_at": r["expires_at"] or None,
        }
        for r in rows
    ]


@lock.command("list")
@repo_option("Only this repository's locks.")
@click.option("--session", "session_id", help="Only this session's locks.")
@click.option("--all", "show_all", is_flag=True, help="Also released/expired/forced locks (last 50).")
@pass_ctx
def lock_list(ctx, repo, session_id, show_all):
    """Locks held now (module, repository, token, holder, expiry)."""
    if show_all:
        result = _history(ctx, repo, session_id)
    else:
        scope = {"repo": repo} if repo else {"every_repo": True}
        held = ctx.call("practice.lock", "held", session_id=session_id, **scope)
        result = [{key: lock.get(key) for key in LIST_KEYS} for lock in held["locks"]]

    def human(locks):
        if not locks:
            click.echo("no locks held" if not show_all else "no locks")
            return
        keys = ["module", "repo", "token", "session_id", "user", "state", "expires_at", "reason"]
        print_table(keys, [[lk[k] for k in keys] for lk in locks])

    ctx.emit(result, human)


@lock.command("check-token")
@click.argument("module")
@click.argument("token", type=int)
@repo_option()
@pass_ctx
def lock_check_token(ctx, module, token, repo):
    """Fencing: is TOKEN the live lock of MODULE? Exit 3 when it is not."""
    result = ctx.call_lock("check_token", module, token, repo=repo)

    def human(r):
        if r.get("valid"):
            click.echo(f"valid: token {token} holds {module}{in_repo(r)}")
        else:
            state = "held" if r.get("held") else "not held"
            err_console.print(
                f"[red]stale:[/red] token {token} is not the live lock of {module}{in_repo(r)} "
                f"(current token {r.get('current_token')}, {state})"
            )

    ctx.emit(result, human)
    if not result.get("valid"):
        sys.exit(EXIT_REFUSED)


@lock.command("force-release")
@click.argument("module")
@click.option("--reason", required=True, help="Why (recorded, and sent to the holder).")
@repo_option()
@pass_ctx
def lock_force_release(ctx, module, reason, repo):
    """Practice Managers: break the held lock on MODULE; its holder is notified."""
    result = ctx.call_lock("force_release", module, reason, repo=repo)

    def human(r):
        if r.get("ok"):
            click.echo(
                f"forced {r['module']}{in_repo(r)} (token {r['token']}): {_holder_line(r.get('holder'))}"
            )
        else:
            click.echo(r.get("message") or f"{module} is not locked")

    ctx.emit(result, human)


COMMANDS = (lock,)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
