"""The ``practice`` command: Practice Stack from a terminal or an AI session.

Connection from the environment: PRACTICE_URL, PRACTICE_DB, PRACTICE_LOGIN and the secret in
PRACTICE_API_KEY (or PRACTICE_PASSWORD). Exit codes: 0 ok, 1 error, 2 usage or vault errors,
3 lock not granted / not ours, 4 watchdog diff flagged.
"""

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from .rpc import PracticeError, PracticeRPC, Settings
from .vault import load_versions, read_vault, remote_key, save_versions, versions_after_push, write_vault

EXIT_REFUSED = 3
EXIT_FLAGGED = 4

err_console = Console(stderr=True, soft_wrap=True, highlight=False)


class Ctx:
    def __init__(self, settings, as_json):
        self.settings = settings
        self.as_json = as_json
        self._rpc = None

    @property
    def rpc(self):
        if self._rpc is None:
            self._rpc = PracticeRPC(self.settings)
        return self._rpc

    def call(self, model, method, *args, **kwargs):
        return self.rpc.call(model, method, *args, **kwargs)

    def emit(self, data, human=None):
        """JSON on stdout with --json; otherwise the human rendering (or JSON when there is none)."""
        if self.as_json or human is None:
            click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
        else:
            human(data)


pass_ctx = click.make_pass_decorator(Ctx)


@click.group()
@click.option("--url", help="Server URL (env PRACTICE_URL, default http://localhost:8069).")
@click.option("--db", help="Database (env PRACTICE_DB, default practice).")
@click.option("--login", help="Login (env PRACTICE_LOGIN, default admin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON results.")
@click.pass_context
def cli(click_ctx, url, db, login, as_json):
    """Practice Stack: rules, locks, watchdog, memory — over XML-RPC."""
    click_ctx.obj = Ctx(Settings.from_env(url=url, db=db, login=login), as_json)


# -- context ---------------------------------------------------------------------------------
@cli.command()
@click.option("-m", "--module", "modules", multiple=True, help="Module you are about to touch.")
@click.option("--session", "session_id", help="Your session id (splits locks into ours/theirs).")
@click.option("--repo", help="Repository name (default: the server's default).")
@click.option("--max-bytes", default=25000, show_default=True, type=int)
@click.option("--task", help="What you are about to do, in your words: ranks rules and memory by it.")
@pass_ctx
def context(ctx, modules, session_id, repo, max_bytes, task):
    """Print the session-start context: rules, memory, glossary, locks, alerts."""
    kwargs = {"task": task} if task else {}
    result = ctx.call(
        "practice.context",
        "bundle",
        session_id=session_id,
        modules=list(modules),
        repo=repo,
        max_bytes=max_bytes,
        fmt="json" if ctx.as_json else "markdown",
        **kwargs,
    )
    ctx.emit(result, lambda r: click.echo(r["markdown"], nl=False))
    if result.get("truncated"):
        err_console.print(
            f"[yellow]{result['bytes']} bytes: some items were left out or shortened (--max-bytes); "
            "see 'Left out' and `practice show <kind> <ref>`[/yellow]"
        )


@cli.command()
@click.argument("kind", type=click.Choice(["rule", "runbook", "adr", "term", "memory"]))
@click.argument("ref")
@click.option("--repo", help="Repository of numbers and terms (default: the server's default).")
@pass_ctx
def show(ctx, kind, ref, repo):
    """Print one item whole: a rule or memory by id, a runbook or ADR by number, a term by name."""
    result = ctx.call("practice.context", "get", kind, ref, repo=repo)
    ctx.emit(result, lambda r: click.echo(r["markdown"], nl=not r["markdown"].endswith("\n")))


# -- locks -----------------------------------------------------------------------------------
@cli.group()
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
@click.option("--ttl", "ttl_seconds", default=1800, show_default=True, type=int)
@click.option("--reason", default="")
@click.option("--repo")
@pass_ctx
def lock_acquire(ctx, module, session_id, ttl_seconds, reason, repo):
    """Take MODULE's lock; exit 3 naming the holder when someone else has it."""
    result = ctx.call(
        "practice.lock", "acquire", module, session_id, ttl_seconds=ttl_seconds, reason=reason, repo=repo
    )

    def human(r):
        if r["granted"]:
            click.echo(f"granted {module}: token {r['token']}, expires {r['expires_at']}")
        else:
            err_console.print(f"[red]refused[/red] {module}: {_holder_line(r.get('holder'))}")

    ctx.emit(result, human)
    if not result.get("granted"):
        sys.exit(EXIT_REFUSED)


@lock.command("renew")
@click.argument("token", type=int)
@click.option("--session", "session_id", required=True)
@click.option("--ttl", "ttl_seconds", type=int)
@pass_ctx
def lock_renew(ctx, token, session_id, ttl_seconds):
    """Extend the lease of TOKEN."""
    result = ctx.call("practice.lock", "renew", token, session_id, ttl_seconds=ttl_seconds)
    ctx.emit(result)
    if not result.get("ok"):
        sys.exit(EXIT_REFUSED)


@lock.command("release")
@click.argument("token", type=int)
@click.option("--session", "session_id", required=True)
@pass_ctx
def lock_release(ctx, token, session_id):
    """Release the lock of TOKEN (only its holder's session can)."""
    result = ctx.call("practice.lock", "release", token, session_id)
    ctx.emit(result)
    if not result.get("ok"):
        sys.exit(EXIT_REFUSED)


@lock.command("verify")
@click.argument("modules", nargs=-1, required=True)
@click.option("--session", "session_id", required=True)
@click.option("--repo")
@pass_ctx
def lock_verify(ctx, modules, session_id, repo):
    """Split MODULES into ours / theirs / free."""
    result = ctx.call("practice.lock", "verify", list(modules), session_id, repo=repo)

    def human(r):
        table = Table("module", "status")
        for status in ("ours", "theirs", "free"):
            for entry in r.get(status, []):
                name = entry.get("module") if isinstance(entry, dict) else entry
                table.add_row(str(name), status)
        Console().print(table)

    ctx.emit(result, human)


# -- watchdog --------------------------------------------------------------------------------
@cli.group()
def snapshot():
    """Watchdog snapshots: take one before a risky change, compare after."""


@snapshot.command("take")
@click.argument("label")
@click.option("-m", "--model", "models", multiple=True, help="Ad-hoc: watch just these models.")
@click.option("--profile")
@click.option("--session", "session_id")
@pass_ctx
def snapshot_take(ctx, label, models, profile, session_id):
    """Take a snapshot; prints its id."""
    result = ctx.call(
        "practice.watchdog.snapshot",
        "take",
        label,
        profile=profile,
        models=list(models) or None,
        session_id=session_id,
    )
    ctx.emit(result, lambda r: click.echo(f"snapshot {r['id']} at {r['taken_at']}: {r['lines']} lines"))


@snapshot.command("compare")
@click.argument("before_id", type=int)
@click.argument("after_id", type=int, required=False)
@pass_ctx
def snapshot_compare(ctx, before_id, after_id):
    """Diff two snapshots (or BEFORE against now); exit 4 when something is flagged."""
    result = ctx.call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)

    def human(r):
        if r["ok"]:
            click.echo("ok: nothing crossed a threshold")
            return
        table = Table("model", "metric", "before", "after", "delta", "threshold", title="flagged")
        for f in r["flagged"]:
            table.add_row(
                *(str(f.get(k)) for k in ("model", "metric", "before", "after", "delta", "threshold"))
            )
        Console().print(table)

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_FLAGGED)


# -- vault -----------------------------------------------------------------------------------
@cli.group()
def vault():
    """Sync a knowledge/ folder with the server."""


def _vault_remote(ctx, repo):
    return remote_key(ctx.settings.url, ctx.settings.db, repo)


@vault.command("push")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--prune",
    is_flag=True,
    help="FOLDER is the whole vault: delete records whose file is missing (Practice Managers).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write files changed on the server since the last pull anyway (overwrites them).",
)
@click.option("--repo")
@pass_ctx
def vault_push(ctx, folder, dry_run, prune, force, repo):
    """Import FOLDER's *.md files; any error means nothing is written (exit 2).

    Files changed on the server since the last ``vault pull`` into FOLDER (versions kept in
    FOLDER/.practice-vault.json; never pulled: every server file counts as unseen) are
    conflicts: nothing is written unless --force."""
    remote = _vault_remote(ctx, repo)
    try:
        base = load_versions(folder, remote)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    files = read_vault(folder)
    kwargs = {"repo": repo, "dry_run": dry_run, "base": base}
    if prune:
        kwargs["prune"] = True
    if force:
        kwargs["force"] = True
    result = ctx.call("practice.vault", "import_files", files, **kwargs)
    if not dry_run and not result.get("errors"):
        save_versions(folder, remote, versions_after_push(base, files, result))

    def human(r):
        for err in r.get("errors", []):
            err_console.print(f"[red]{folder}/{err['path']}:{err.get('line') or 0}[/red]: {err['message']}")
        if r.get("conflicts") and not r.get("errors"):
            err_console.print(
                f"[yellow]{'would overwrite' if dry_run else 'overwrote'} {len(r['conflicts'])} file(s) "
                f"changed on the server since the last pull (--force)[/yellow]"
            )
        elif r.get("conflicts"):
            err_console.print(
                f"{len(r['conflicts'])} conflict(s): pull, merge and push again, or push with --force"
            )
        deleted = f", deleted {len(r['deleted'])}" if "deleted" in r else ""
        click.echo(
            f"{'would create' if dry_run else 'created'} {len(r.get('created', []))}, "
            f"updated {len(r.get('updated', []))}{deleted}, unchanged {len(r.get('unchanged', []))}"
        )

    ctx.emit(result, human)
    if result.get("errors"):
        sys.exit(2)


@vault.command("pull")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--repo")
@pass_ctx
def vault_pull(ctx, folder, repo):
    """Write the server's vault into FOLDER (only files that differ) and keep the version of
    every file in FOLDER/.practice-vault.json (the base of the next push)."""
    pulled = ctx.call("practice.vault", "export_files", repo=repo, versions=True)
    files = pulled["files"]
    written = write_vault(folder, files)
    save_versions(folder, _vault_remote(ctx, repo), pulled["versions"])
    ctx.emit({"files": len(files), "written": written}, lambda r: click.echo(f"{len(written)} written"))


# -- sessions and memory ---------------------------------------------------------------------
@cli.group()
def session():
    """Session logs: start, note what was tried, finish with the outcome."""


@session.command("start")
@click.argument("session_id")
@click.argument("title")
@click.option("-m", "--module", "modules", multiple=True)
@click.option("--model-name", help="Model used, e.g. an LLM's name.")
@pass_ctx
def session_start(ctx, session_id, title, modules, model_name):
    ctx.emit(
        ctx.call(
            "practice.session.log", "start", session_id, title, modules=list(modules), model_name=model_name
        )
    )


@session.command("note")
@click.argument("session_id")
@click.argument("kind", type=click.Choice(["tried", "worked", "failed", "decision", "note"]))
@click.argument("text")
@pass_ctx
def session_note(ctx, session_id, kind, text):
    ctx.emit(ctx.call("practice.session.log", "note", session_id, kind, text))


@session.command("finish")
@click.argument("session_id")
@click.argument("outcome", type=click.Choice(["success", "partial", "failed", "abandoned"]))
@click.argument("summary")
@click.option("--cost", type=float)
@pass_ctx
def session_finish(ctx, session_id, outcome, summary, cost):
    ctx.emit(ctx.call("practice.session.log", "finish", session_id, outcome, summary, cost=cost))


@cli.group()
def memory():
    """Persistent memory: remember findings, read the index."""


@memory.command("remember")
@click.argument("topic")
@click.argument("summary")
@click.option("--session", "session_id")
@click.option(
    "-m", "--module", "modules", multiple=True, help="Module it is about (default: the session's modules)."
)
@click.option("--supersedes", help="Id, key or topic of the memory this one replaces (kept as history).")
@click.option("--expires-on", help="YYYY-MM-DD: not in the context bundle after this date.")
@pass_ctx
def memory_remember(ctx, topic, summary, session_id, modules, supersedes, expires_on):
    """Record a finding; a near-duplicate updates the existing memory instead."""
    kwargs = {"session_id": session_id, "modules": list(modules)}
    if supersedes:
        kwargs["supersedes"] = supersedes
    if expires_on:
        kwargs["expires_on"] = expires_on
    ctx.emit(ctx.call("practice.memory", "remember", topic, summary, **kwargs))


@memory.command("index")
@click.option("--max-lines", default=200, show_default=True, type=int)
@click.option("--repo", help="Repository name (default: the server's default).")
@pass_ctx
def memory_index(ctx, max_lines, repo):
    result = ctx.call("practice.memory", "index", max_lines=max_lines, repo=repo)
    ctx.emit(result, lambda r: click.echo(r["markdown"] if isinstance(r, dict) else r, nl=False))


@cli.command()
def mcp():
    """Serve the practice tools to an AI client over MCP (stdio)."""
    from .mcp_server import main as mcp_main

    mcp_main()


def main():
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except PracticeError as err:
        err_console.print(f"[red]error:[/red] {err}")
        sys.exit(1)
    except FileNotFoundError as err:
        err_console.print(f"[red]error:[/red] {err}")
        sys.exit(2)


if __name__ == "__main__":
    main()
