"""Command-line side of target databases and sandboxes: ``practice target``, ``practice sandbox
create|list|drop`` and the ``--target-*`` / ``--sandbox-template`` options of ``practice init``.

The master password of the target server comes from PRACTICE_MASTER_PASSWORD only; it goes to
the target server's database service and nowhere else (never printed, never sent to the
practice server). See :mod:`.target`."""

import os

import click

from . import target
from .cli_common import err_console, pass_ctx, print_fields, print_table, refused


def _session(session_id=None):
    """The work-tree session of ``--session`` or PRACTICE_SESSION (:func:`.target.session_of`)."""
    return target.session_of(os.environ, session_id)


@click.command("target")
@click.option("--session", "session_id", help="Session (default PRACTICE_SESSION).")
@pass_ctx
def target_show(ctx, session_id):
    """The database the agent changes: where snapshots, the stop guard and `practice watchdog
    guard` run (the session's sandbox, PRACTICE_TARGET_*, `practice init --target-*`, else the
    practice server's own database)."""
    session = _session(session_id)
    where = target.resolve(os.environ, target.root_of(session), session.load_state())
    shown = dict(target.public(where), source=where["source"], login=where["login"])
    ctx.emit(shown, lambda r: print_fields(r, ["url", "db", "login", "source", "sandbox"]))


@click.group()
def sandbox():
    """A database per session, duplicated from an idle template on the target server."""


@sandbox.command("create")
@click.option("--from", "template", help="Template database (default PRACTICE_SANDBOX_TEMPLATE).")
@click.option("--neutralize", is_flag=True, help="Neutralize the copy (crons, mail servers off).")
@click.option("--force", is_flag=True, help="Duplicate even when the template may be in use.")
@click.option("--session", "session_id", help="Session it is for (default PRACTICE_SESSION).")
@pass_ctx
def sandbox_create(ctx, template, neutralize, force, session_id):
    """Duplicate TEMPLATE into a new database for this session and make it the session's
    target. Needs PRACTICE_MASTER_PASSWORD (the target server's master password)."""
    try:
        result = target.sandbox_create(
            os.environ, ctx.call, template, neutralize=neutralize, force=force, session_id=session_id
        )
    except target.SandboxUsage as err:
        raise click.UsageError(str(err)) from None
    except target.SandboxError as err:
        refused(str(err))
    for name in result["retired"]:
        err_console.print(f"dropped expired sandbox {name}")

    def human(r):
        click.echo(
            f"sandbox {r['name']} created from {r['template']} on {r['target_url']} in {r['seconds']}s"
        )
        click.echo(f"expires {r['expires_at']} UTC (practice sandbox drop {r['name']} drops it sooner)")
        if r.get("session_id"):
            click.echo(
                f"session {r['session_id']}: its target is now {r['name']} (snapshots, stop guard, watchdog guard)"
            )
        click.echo(f"point the agent's Odoo at it: {r['odoo']}")
        for note in r["notes"]:
            click.echo(f"note: {note}")

    ctx.emit(result, human)


@sandbox.command("list")
@click.option("--state", type=click.Choice(["active", "expired", "dropped"]), help="Only these.")
@click.option("--session", "session_id", help="Only this session's.")
@pass_ctx
def sandbox_list(ctx, state, session_id):
    """Your sandboxes (a Manager's: everyone's), newest first."""
    rows = target.sandbox_list(ctx.call, state=state, session_id=session_id)
    keys = ["name", "state", "template", "repo", "session_id", "user", "expires_at"]
    ctx.emit(rows, lambda rs: print_table(keys, [[r.get(k) for k in keys] for r in rs]))


@sandbox.command("drop")
@click.argument("name", required=False)
@click.option("--session", "session_id", help="Session whose sandbox to drop (default PRACTICE_SESSION).")
@pass_ctx
def sandbox_drop(ctx, name, session_id):
    """Drop sandbox NAME (default: this session's) on its server and mark it dropped; the
    session's target goes back to the configured one. Needs PRACTICE_MASTER_PASSWORD."""
    try:
        result = target.sandbox_drop(os.environ, ctx.call, name, session_id=session_id)
    except target.SandboxUsage as err:
        raise click.UsageError(str(err)) from None
    except target.SandboxError as err:
        refused(str(err))
    ctx.emit(result, lambda r: click.echo(f"sandbox {r['name']} dropped"))


COMMANDS = (sandbox, target_show)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
