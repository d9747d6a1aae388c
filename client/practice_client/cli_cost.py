"""Command-line side of the cost report: `practice cost` (what the sessions cost, by model,
session or repository, and how far each budget is spent). The server builds the report
(``practice.session.usage.report``); this module only prints it."""

import click

from .cli_common import pass_ctx, print_table

PERIOD_WORDS = {"today": "today", "week": "this week", "month": "this month"}
KEY_COLUMN = {"model": "model", "session": "session", "repo": "repository"}


def _money(value, digits=4):
    return f"{value or 0.0:.{digits}f}"


def _budget_cell(info):
    """``spent / amount (percent %)`` of one budget period, or ``-`` without an amount."""
    if not info:
        return "-"
    return f"{_money(info['spent'], 2)} / {_money(info['amount'], 2)} ({info['percent']} %)"


def _print_report(report):
    totals, currency = report["totals"], report["currency"]
    days = (
        report["date_from"]
        if report["date_from"] == report["date_to"]
        else (f"{report['date_from']} to {report['date_to']}")
    )
    where = f"repository {report['repo']}" if report["repo"] else "all repositories"
    click.echo(
        f"Cost {PERIOD_WORDS.get(report['period'], report['period'])} ({days}), {where}: "
        f"{_money(totals['cost'])} {currency}, {totals['tokens']:,} tokens, "
        f"{totals['sessions']} sessions"
    )
    by = report["by"]
    columns = [KEY_COLUMN.get(by, by)]
    if by == "session":
        columns += ["title", "user"]
    columns += ["cost", "share", "tokens", "messages"] + ([] if by == "session" else ["sessions"])
    rows = []
    for row in report["rows"]:
        cells = [row["key"]]
        if by == "session":
            cells += [row.get("label", ""), row.get("user", "")]
        cells += [
            _money(row["cost"]),
            f"{row['share']} %",
            f"{row['tokens']:,}",
            row["messages"],
        ]
        if by != "session":
            cells.append(row["sessions"])
        rows.append(cells)
    if rows:
        print_table(columns, rows, title=f"by {by}")
    else:
        click.echo("No usage recorded in this period.")
    if report.get("more"):
        more = report["more"]
        click.echo(f"({more} more {'row' if more == 1 else 'rows'}: --limit shows more)")
    if report.get("unpriced"):
        click.echo(
            f"{report['unpriced']} usage lines have no model price (counted at 0): add one under "
            "Practice > Configuration > Model Prices."
        )
    budgets = report.get("budgets") or []
    if budgets:
        print_table(
            ["budget", "covers", "today", "this month", "state"],
            [
                [
                    budget["name"],
                    ", ".join(filter(None, [budget["repo"], budget["model"]])) or "everything",
                    _budget_cell(budget["daily"]),
                    _budget_cell(budget["monthly"]),
                    budget["state"],
                ]
                for budget in budgets
            ],
            title=f"budgets ({currency})",
        )


@click.command("cost")
@click.option("--today", "period", flag_value="today", default=True, help="Sessions started today (default).")
@click.option("--week", "period", flag_value="week", help="Sessions started since Monday.")
@click.option("--month", "period", flag_value="month", help="Sessions started since the 1st.")
@click.option(
    "--by",
    type=click.Choice(["model", "session", "repo"]),
    default="model",
    show_default=True,
    help="One row per model, session or repository.",
)
@click.option("--repo", help="Only this repository's sessions (and its budgets). Default: every repository.")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True, help="Rows at most.")
@pass_ctx
def cost(ctx, period, by, repo, limit):
    """What the sessions cost (UTC days of their start), and how far each budget is spent."""
    result = ctx.call(
        "practice.session.usage", "report", period=period, by=by, repo=repo or None, limit=limit
    )
    ctx.emit(result, _print_report)


COMMANDS = (cost,)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
