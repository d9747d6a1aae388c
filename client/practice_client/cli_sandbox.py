"""Command-line side of target databases and sandboxes: ``practice target``, ``practice sandbox
create|list|drop`` and the ``--target-*`` / ``--sandbox-template`` options of ``practice init``.

The master password of the target server comes from PRACTICE_MASTER_PASSWORD only; it goes to
the target server's database service and nowhere else (never printed, never sent to the
practice server). See :mod:`.target`."""

import os

import click

from . import env_settings, hook_core, repo_config, target
from .cli_common import err_console, pass_ctx, print_fields, print_table, refused
from .rpc import PracticeError

OFF_VALUES = ("0", "false", "no", "off")


def _session(session_id=None):
    """The work-tree session (state in ``.git/practice-hooks``) of ``--session`` or
    PRACTICE_SESSION; its ``session_id`` is ``None`` when neither is given."""
    payload = {"cwd": os.getcwd()}
    if session_id:
        payload["session_id"] = session_id
    return hook_core.Session(payload, os.environ)


def _repo(session):
    return repo_config.resolve(os.environ, session.root if session.in_git else None)


def _retire_expired(ctx):
    """Drop the sandboxes the practice server marked expired (on another server than itself)."""
    try:
        for name in target.drop_expired(os.environ, ctx.call):
            err_console.print(f"dropped expired sandbox {name}")
    except PracticeError as err:
        err_console.print(f"expired sandboxes not dropped: {err}")


@click.command("target")
@click.option("--session", "session_id", help="Session (default PRACTICE_SESSION).")
@pass_ctx
def target_show(ctx, session_id):
    """The database the agent changes: where snapshots, the stop guard and `practice watchdog
    guard` run (the session's sandbox, PRACTICE_TARGET_*, `practice init --target-*`, else the
    practice server's own database)."""
    session = _session(session_id)
    where = target.resolve(os.environ, session.root if session.in_git else None, session.load_state())
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
    session = _session(session_id)
    root = session.root if session.in_git else None
    template = target.template_of(os.environ, root, template)
    if not template:
        raise click.UsageError("no template: pass --from TEMPLATE or set PRACTICE_SANDBOX_TEMPLATE")
    _retire_expired(ctx)
    state = session.load_state() if session.session_id else {}
    try:
        made = target.create(
            os.environ,
            ctx.call,
            root,
            state,
            template,
            session.session_id,
            neutralize=neutralize,
            force=force,
            repo=_repo(session),
        )
    except target.SandboxError as err:
        refused(str(err))
    notes = _adopt(ctx, session, state, made) if session.session_id else []
    result = dict(made["record"], seconds=made["seconds"], notes=notes)

    def human(r):
        click.echo(
            f"sandbox {r['name']} created from {r['template']} on {r['target_url']} in {r['seconds']}s"
        )
        click.echo(f"expires {r['expires_at']} UTC (practice sandbox drop {r['name']} drops it sooner)")
        if session.session_id:
            click.echo(
                f"session {session.session_id}: its target is now {r['name']} (snapshots, stop guard, watchdog guard)"
            )
        click.echo(f"point the agent's Odoo at it: odoo-bin -d {r['name']} --db-filter='^{r['name']}$'")
        for note in r["notes"]:
            click.echo(f"note: {note}")

    ctx.emit(result, human)


def _adopt(ctx, session, state, made):
    """The new sandbox becomes the session's target: a fresh snapshot is taken there (the stop
    compares against it), the target is recorded on the session log; the state is saved."""
    notes = []
    where = target.resolve(os.environ, session.root if session.in_git else None, state)
    for key in ("snapshot_id", "snapshot_target", "reported"):
        state.pop(key, None)
    if (os.environ.get("PRACTICE_STOP_GUARD") or "1").strip().lower() not in OFF_VALUES:
        try:
            call = target.caller(os.environ, where, ctx.call)
            snap = call(
                "practice.watchdog.snapshot",
                "take",
                f"session {session.session_id}",
                session_id=session.session_id,
            )
            state["snapshot_id"] = snap["id"]
            state["snapshot_target"] = target.public(where)
        except PracticeError as err:
            notes.append(f"no watchdog snapshot in the sandbox: {err}")
    session.save_state(state)
    try:
        ctx.call(
            "practice.session.log",
            "record_target",
            session.session_id,
            target_url=where["url"],
            target_db=where["db"],
            sandbox=True,
        )
    except PracticeError as err:
        notes.append(f"session log: {err}")
    return notes


@sandbox.command("list")
@click.option("--state", type=click.Choice(["active", "expired", "dropped"]), help="Only these.")
@click.option("--session", "session_id", help="Only this session's.")
@pass_ctx
def sandbox_list(ctx, state, session_id):
    """Your sandboxes (a Manager's: everyone's), newest first."""
    rows = ctx.call("practice.sandbox", "sandboxes", state=state, session_id=session_id)
    keys = ["name", "state", "template", "repo", "session_id", "user", "expires_at"]
    ctx.emit(rows, lambda rs: print_table(keys, [[r.get(k) for k in keys] for r in rs]))


@sandbox.command("drop")
@click.argument("name", required=False)
@click.option("--session", "session_id", help="Session whose sandbox to drop (default PRACTICE_SESSION).")
@pass_ctx
def sandbox_drop(ctx, name, session_id):
    """Drop sandbox NAME (default: this session's) on its server and mark it dropped; the
    session's target goes back to the configured one. Needs PRACTICE_MASTER_PASSWORD."""
    session = _session(session_id)
    state = session.load_state() if session.session_id else {}
    mine = target.session_sandbox(state)
    name = name or (mine or {}).get("db")
    if not name:
        raise click.UsageError("which sandbox? give NAME (this session has none)")
    if not os.environ.get(target.MASTER_ENV):
        refused(f"set {target.MASTER_ENV} (the target server's master password) to drop a sandbox")
    rows = ctx.call("practice.sandbox", "sandboxes", limit=500)
    known = next((r for r in rows if r["name"] == name), None)
    if not known:
        refused(f"no sandbox {name} of yours is recorded on the practice server")
    url = known.get("target_url") or env_settings.values(os.environ)["url"]
    result = target.drop(os.environ, ctx.call, name, url)
    if mine and mine.get("db") == name:
        for key in ("sandbox", "snapshot_id", "snapshot_target", "reported"):
            state.pop(key, None)
        session.save_state(state)
    ctx.emit(result, lambda r: click.echo(f"sandbox {r['name']} dropped"))


COMMANDS = (sandbox, target_show)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
