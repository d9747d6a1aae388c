"""Command-line side of the daily notes: `practice note add|today` (the daily-usage guide's
citation capture, :mod:`.daily_note`; the note is pushed alone through the vault import) and the
weekly review of the citations: `practice citation review|promote`."""

import sys

import click
from rich.markup import escape

from . import daily_note, hook_core
from .cli_common import err_console, in_repo, pass_ctx, print_table
from .options import repo_option
from .vault import StateError, remote_key


def _folder_option():
    return click.option(
        "--folder",
        type=click.Path(file_okay=False),
        help="The vault folder. Default: knowledge/ of this work tree (of the current folder outside one).",
    )


def _folder(folder):
    return folder or daily_note.default_folder(hook_core.work_tree())


@click.group()
def note():
    """Today's daily note (knowledge/notes/YYYY-MM-DD.md): capture citations."""


@note.command("today")
@_folder_option()
@pass_ctx
def note_today(ctx, folder):
    """Make today's note from the guide's template when missing; print its path."""
    target, created = daily_note.ensure_note(_folder(folder), daily_note.today())
    result = {"file": str(target), "created": created}
    ctx.emit(result, lambda r: click.echo(r["file"]))


@note.command("add")
@click.option("--category", default="", help="Category heading of the note (e.g. 'ORM Patterns').")
@click.option("--name", default="", help="Heading of the entry. Default: the takeaway's first words.")
@click.option("--link", required=True, help="URL of the source.")
@click.option("--takeaway", required=True, help="One-line actionable summary.")
@click.option("--application", required=True, help="Where it applies (a skill, a module...).")
@click.option(
    "--score",
    type=click.IntRange(daily_note.SCORE_MIN, daily_note.SCORE_MAX),
    help="Quality score 60-100: with it the entry is a citation (80+ is promoted weekly).",
)
@click.option("--no-push", is_flag=True, help="Only write the note; push it later.")
@_folder_option()
@repo_option()
@pass_ctx
def note_add(ctx, category, name, link, takeaway, application, score, no_push, folder, repo):
    """Append a citation to today's note (made from the template when missing) and push that
    file alone to the server (exit 2 on its errors or conflicts: the note is kept on disk)."""
    folder = _folder(folder)
    try:
        result = daily_note.note_add(
            ctx.call,
            folder,
            remote_key(ctx.settings.url, ctx.settings.db, repo),
            repo,
            push=not no_push,
            link=link,
            takeaway=takeaway,
            application=application,
            score=score,
            category=category,
            name=name,
        )
    except daily_note.NoteError as err:
        raise click.UsageError(str(err)) from None
    except StateError as err:
        raise click.ClickException(str(err)) from err
    answer = result["push"] or {}

    def human(r):
        made = " (made from the template)" if r["created"] else ""
        click.echo(f"{r['name']}: added to {r['file']}{made}")
        for err in answer.get("errors", []):
            err_console.print(
                f"[red]{escape(folder)}/{escape(err['path'])}:{err.get('line') or 0}[/red]: {escape(err['message'])}"
            )
        if r["push"] is None:
            click.echo(f"not pushed: practice vault push {folder}")
        elif not answer.get("errors"):
            states = [s for s in ("created", "updated", "unchanged") if r["path"] in answer.get(s, [])]
            click.echo(f"{r['path']} {states[0] if states else 'pushed'}{in_repo(answer)}")

    ctx.emit(result, human)
    if answer.get("errors"):
        sys.exit(2)


@click.group()
def citation():
    """The weekly review: the week's best citations, promoted to the pattern library (Engineers)."""


@citation.command("review")
@click.option("--min-score", default=80, show_default=True, type=click.IntRange(0, 100))
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366), help="How far back.")
@repo_option("Only citations of this repository.")
@pass_ctx
def citation_review(ctx, min_score, days, repo):
    """Citations of the last DAYS days scoring MIN_SCORE or more, not promoted yet (best first)."""
    import datetime

    since = (datetime.date.today() - datetime.timedelta(days=days)).isoformat()
    domain = [
        ("entry_type", "=", "citation"),
        ("pattern_id", "=", False),
        ("score", ">=", min_score),
        ("note_date", ">=", since),
    ]
    if repo:
        domain.append(("repo_id.name", "=ilike", repo.strip()))
    rows = ctx.call(
        "practice.citation",
        "search_read",
        domain,
        ["name", "score", "category", "takeaway", "note_date"],
        order="score desc, id",
        limit=200,
    )

    def human(items):
        print_table(
            ["id", "score", "category", "citation", "takeaway", "date"],
            [[r["id"], r["score"], r["category"], r["name"], r["takeaway"], r["note_date"]] for r in items],
        )
        click.echo(f"{len(items)} to review; promote with `practice citation promote ID ...`")

    ctx.emit(rows, human)


@citation.command("promote")
@click.argument("citation_ids", nargs=-1, required=True, type=click.IntRange(1))
@pass_ctx
def citation_promote(ctx, citation_ids):
    """Promote each citation to a pattern of its category's library (the vault path is set)."""
    found = []
    for citation_id in citation_ids:
        action = ctx.call("practice.citation", "action_promote", [citation_id])
        (pattern,) = ctx.call("practice.pattern", "read", [action["res_id"]], ["name", "vault_path"])
        found.append({"citation": citation_id, "pattern": pattern["id"], **pattern})

    def human(items):
        for item in items:
            click.echo(
                f"citation {item['citation']} -> pattern {item['pattern']}: {item['name']} ({item['vault_path']})"
            )

    ctx.emit(found, human)


COMMANDS = (note, citation)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
