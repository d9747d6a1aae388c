"""Command-line side of the watchdog's alert lifecycle: `practice alert list|ack|resolve`.

Readers list the alerts they may read; Engineers and AI sessions acknowledge; Managers resolve
with a note. A refusal of the server (not allowed, an alert already handled, no note) is one
line on stderr and exit 3; a connection failure exit 1.
"""

import click

from .cli_common import Ctx, pass_ctx, print_fields, print_table

STATES = ("open", "new", "acknowledged", "resolved", "all")
SEVERITIES = ("high", "low")
MODEL = "practice.watchdog.alert"
LIST_COLUMNS = ("id", "severity", "state", "kind", "model", "created", "name")
SHOWN = (
    "id",
    "name",
    "kind",
    "severity",
    "state",
    "model",
    "summary",
    "acknowledged_by",
    "acknowledged_at",
    "resolved_by",
    "resolved_at",
    "resolution",
)


def json_option(command):
    """``--json`` on the subcommand too (same as ``practice --json``)."""

    def callback(click_ctx, _param, value):
        if value:
            click_ctx.find_object(Ctx).as_json = True
        return value

    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        expose_value=False,
        callback=callback,
        help="Print the server's answer as JSON.",
    )(command)


def _rows(alerts):
    return [
        [
            a["id"],
            a["severity"],
            a["state"],
            a["kind"],
            a.get("model") or "",
            (a.get("create_date") or "")[:16],
            a["name"],
        ]
        for a in alerts
    ]


def list_human(state):
    def human(alerts):
        if not alerts:
            click.echo(f"no {state} alerts" if state != "all" else "no alerts")
            return
        print_table(list(LIST_COLUMNS), _rows(alerts), title=f"{state} alerts ({len(alerts)})")

    return human


def done_human(verb):
    def human(alert):
        who = alert.get("acknowledged_by") if verb == "acknowledged" else alert.get("resolved_by")
        click.echo(f"alert {alert['id']} {verb} by {who}: {alert['name']}")
        print_fields(alert, [key for key in SHOWN if key not in ("id", "name")])

    return human


@click.group()
def alert():
    """Watchdog alerts: list them, acknowledge ("on it"), resolve with what was done."""


@alert.command("list")
@click.option("--state", type=click.Choice(STATES), default="open", show_default=True)
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only alerts of this severity.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@json_option
@pass_ctx
def alert_list(ctx, state, severity, limit):
    """List the alerts you may read, most severe and newest first (open: new and acknowledged)."""
    result = ctx.call_refusing(MODEL, "list_alerts", state=state, severity=severity, limit=limit)
    ctx.emit(result, list_human(state))


@alert.command("ack")
@click.argument("alert_id", type=int)
@click.option("--note", help="Posted on the alert (what you are doing about it).")
@json_option
@pass_ctx
def alert_ack(ctx, alert_id, note):
    """Acknowledge new alert ALERT_ID (Engineers, AI sessions); exit 3 if refused."""
    result = ctx.call_refusing(MODEL, "acknowledge", alert_id, note=note)
    ctx.emit(result, done_human("acknowledged"))


@alert.command("resolve")
@click.argument("alert_id", type=int)
@click.option("--note", required=True, help="What was done: root cause, fix (added to the resolution).")
@json_option
@pass_ctx
def alert_resolve(ctx, alert_id, note):
    """Resolve alert ALERT_ID with a note (Managers); exit 3 if refused."""
    result = ctx.call_refusing(MODEL, "resolve", alert_id, note=note)
    ctx.emit(result, done_human("resolved"))


COMMANDS = (alert,)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
