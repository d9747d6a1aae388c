"""Command-line side of practice_watchdog: `practice snapshot take|compare` and `practice watchdog
guard`. Exit 4 when a comparison flags something."""

import os
import subprocess
import sys

import click
from rich.markup import escape

from . import env_settings, target
from .cli_common import EXIT_FLAGGED, err_console, pass_ctx, print_table


@click.group()
def snapshot():
    """Watchdog snapshots: take one before a risky change, compare after."""


@snapshot.command("take")
@click.argument("label")
@click.option("-m", "--model", "models", multiple=True, help="Ad-hoc: watch just these models.")
@click.option("--profile")
@click.option("--session", "session_id")
@pass_ctx
def snapshot_take(ctx, label, models, profile, session_id):
    """Take a snapshot on the target database (the session's sandbox, PRACTICE_TARGET_*,
    `practice init --target-*`, else the practice server's own); prints its id and which
    database was measured."""
    call, where = _on_target(ctx, session_id)
    result = call(
        "practice.watchdog.snapshot",
        "take",
        label,
        profile=profile,
        models=list(models) or None,
        session_id=session_id,
    )
    result = dict(result, target=target.public(where))
    ctx.emit(
        result,
        lambda r: click.echo(
            f"snapshot {r['id']} at {r['taken_at']}: {r['lines']} lines, on {target.describe(where)}"
        ),
    )


@snapshot.command("compare")
@click.argument("before_id", type=int)
@click.argument("after_id", type=int, required=False)
@click.option(
    "--session", "session_id", help="Session whose target to compare on (default PRACTICE_SESSION)."
)
@pass_ctx
def snapshot_compare(ctx, before_id, after_id, session_id):
    """Diff two snapshots (or BEFORE against now) on the target database, where `snapshot take`
    took them; exit 4 when something is flagged."""
    call, where = _on_target(ctx, session_id)
    result = call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)
    result = dict(result, target=target.public(where))

    def human(r):
        click.echo(f"compared on {target.describe(where)}")
        if r["ok"]:
            click.echo("ok: nothing crossed a threshold")
            return
        keys = ("model", "metric", "before", "after", "delta", "threshold")
        print_table(list(keys), [[f.get(k) for k in keys] for f in r["flagged"]], title="flagged")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_FLAGGED)


def _on_target(ctx, session_id):
    """``(call, target)``: calls on the database the agent changes (:func:`.target.scope`)."""
    return target.scope(os.environ, ctx.call, session_id=session_id, timeout=ctx.timeout)


def _flagged_lines(result):
    """One readable line per flagged metric of a snapshot comparison."""
    lines = []
    for f in result.get("flagged", []):
        line = f"{f.get('model')}: {f.get('metric')} {f.get('before')} -> {f.get('after')}"
        extra = [f"{k} {f[k]}" for k in ("delta", "threshold") if f.get(k) not in (None, False)]
        lines.append(line + (f" ({', '.join(extra)})" if extra else ""))
    return lines


@click.group()
def watchdog():
    """Watchdog: guard a command with a snapshot before and a comparison after."""


@watchdog.command("guard", context_settings={"ignore_unknown_options": True})
@click.option("-m", "--model", "models", multiple=True, help="Watch just this model (repeatable).")
@click.option("--models", "models_csv", help="Watch these models (comma-separated).")
@click.option("--profile", help="Watchdog profile to snapshot (default: the server's).")
@click.option("--session", "session_id")
@click.option("--label", help="Snapshot label (default: the command).")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@pass_ctx
def watchdog_guard(ctx, models, models_csv, profile, session_id, label, command):
    """Snapshot, run COMMAND, compare: exit 4 with a report when something crossed a threshold,
    else COMMAND's own exit code. Usage: practice watchdog guard -m res.partner -- ./migrate.sh"""
    watched = list(models) + [m.strip() for m in (models_csv or "").split(",") if m.strip()]
    label = label or ("guard: " + " ".join(command))[:200]
    call, where = _on_target(ctx, session_id)
    before = call(
        "practice.watchdog.snapshot",
        "take",
        label,
        profile=profile,
        models=watched or None,
        session_id=session_id,
    )
    err_console.print(
        f"snapshot {before['id']} taken on {escape(target.describe(where))}; running: {escape(' '.join(command))}"
    )
    try:
        returncode = subprocess.call(list(command))
    except OSError as err:
        raise click.ClickException(f"cannot run {command[0]}: {err.strerror or err}") from None
    result = call("practice.watchdog.snapshot", "compare", before["id"])
    result = dict(result, snapshot_id=before["id"], returncode=returncode, target=target.public(where))

    def human(r):
        if r.get("ok"):
            err_console.print(f"watchdog ok: nothing crossed a threshold (command exit {returncode})")
            return
        err_console.print(f"[red]watchdog flagged[/red] after `{escape(' '.join(command))}`:")
        for line in _flagged_lines(r):
            err_console.print(f"  {escape(line)}")
        if not target.public(where)["sandbox"]:
            err_console.print(escape(target.SHARED_NOTE))
        if env_settings.is_practice(where, os.environ):
            err_console.print(f"compare again with: practice snapshot compare {before['id']}")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_FLAGGED)
    sys.exit(returncode)


COMMANDS = (snapshot, watchdog)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
