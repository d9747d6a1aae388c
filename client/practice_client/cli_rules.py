"""Command-line side of the rules where each agent reads them: `practice rules export [--check]`.

One read of the server (the repository, its active rules, their modules' names), then the files
:mod:`.rules_export` plans for this git work tree: ``.claude/rules/<module>.md`` (``paths:``),
``.claude/rules/practice-repository.md`` (rules without modules), ``.cursor/rules/<module>.mdc``
and our section of ``AGENTS.md``. A file is written only when its content changes (no mtime
churn); generated files of modules that no longer have rules are removed. ``--check`` writes
nothing and exits 1 listing the missing, stale and extra files (CI).

:func:`register` turns the listing ``practice rules`` (:mod:`.cli_knowledge`) into a group that
still lists rules without a subcommand and has ``export``: register it after the knowledge area.
"""

import sys

import click

from . import hook_core, rules_export, rules_sync
from .cli_common import pass_ctx, print_table
from .options import repo_option


def _agents(_ctx, _param, value):
    chosen = [a.strip() for a in (value or "").split(",") if a.strip()]
    unknown = [a for a in chosen if a not in rules_export.AGENTS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'none given'}; choose among {','.join(rules_export.AGENTS)}"
        )
    return tuple(a for a in rules_export.AGENTS if a in chosen)


@click.command("export")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing stale, missing or extra files.")
@repo_option("Repository of the rules.")
@click.option(
    "--agents",
    default=",".join(rules_export.AGENTS),
    show_default=True,
    callback=_agents,
    help="Which agents' files: claude (.claude/rules), agents-md (AGENTS.md), cursor (.cursor/rules).",
)
@pass_ctx
def export(ctx, check, repo, agents):
    """Write the active hard rules where each agent reads them natively (this git work tree)."""
    root = hook_core.work_tree()
    if not root:
        raise click.ClickException("not inside a git work tree: run it from your repository")
    try:
        result = rules_sync.sync(ctx.call, root, repo, agents=agents, check=check)
    except rules_export.ExportError as err:
        raise click.ClickException(str(err)) from None
    if check:
        ctx.emit({k: v for k, v in result.items() if k != "rules"}, _human_check)
        if not result["fresh"]:
            sys.exit(1)
        return
    written = sorted(result["missing"] + result["stale"])
    data = {
        "repo": result["repo"],
        "written": written,
        "removed": result["extra"],
        "unchanged": len(result["files"]) - len(written),
        "rules": result["rules"],
    }
    ctx.emit(data, lambda _data: _human_export(result))


def _human_check(data):
    for kind in ("missing", "stale", "extra"):
        for path in data[kind]:
            click.echo(f"{kind}: {path}")
    if data["fresh"]:
        click.echo(f"{len(data['files'])} generated files fresh (repository {data['repo']})")
    else:
        click.echo("run `practice rules export` to refresh them", err=True)


def _human_export(result):
    for path in sorted(result["missing"] + result["stale"]):
        click.echo(f"wrote {path}")
    for path in result["extra"]:
        click.echo(f"removed {path}")
    click.echo(rules_sync.summary(result))


def _rules_group(listing):
    """``practice rules``: the listing when no subcommand is given, and ``export``."""

    @click.pass_context
    def callback(click_ctx, **kwargs):
        if click_ctx.invoked_subcommand is not None:
            return
        if listing is None:
            click.echo(click_ctx.get_help())
            return
        click_ctx.invoke(listing.callback, **kwargs)

    help_text = (listing.help if listing is not None else "Hard rules.") + (
        "\n\n`practice rules export` writes them where each agent reads them natively."
    )
    group = click.Group(
        "rules",
        callback=callback,
        params=list(listing.params) if listing is not None else [],
        help=help_text,
        invoke_without_command=True,
    )
    group.add_command(export)
    return group


# -- the review of proposed rules: `practice rule proposed|accept` --------------------------------
@click.group("rule")
def rule_group():
    """Review the hard rules agents and engineers proposed (accepting takes an Engineer)."""


@rule_group.command("proposed")
@repo_option("Repository of the rules.")
@pass_ctx
def rule_proposed(ctx, repo):
    """List the proposed rules waiting for review (newest first)."""
    domain = [("status", "=", "proposed")]
    if repo:
        domain.append(("repo_id.name", "=ilike", repo.strip()))
    rows = ctx.call(
        "practice.rule",
        "search_read",
        domain,
        ["name", "severity", "repo_id", "create_uid", "create_date"],
        order="create_date desc, id desc",
        limit=100,
    )

    def human(items):
        print_table(
            ["id", "severity", "rule", "repository", "proposed by", "on"],
            [
                [
                    r["id"],
                    r["severity"],
                    r["name"],
                    _name(r["repo_id"]),
                    _name(r["create_uid"]),
                    r["create_date"],
                ]
                for r in items
            ],
        )
        click.echo(f"{len(items)} proposed; accept one with `practice rule accept ID`")

    ctx.emit(rows, human)


def _name(many2one):
    return many2one[1] if isinstance(many2one, (list, tuple)) and len(many2one) > 1 else ""


@rule_group.command("accept")
@click.argument("rule_ids", nargs=-1, required=True, type=click.IntRange(1))
@pass_ctx
def rule_accept(ctx, rule_ids):
    """Accept proposed rules RULE_IDS: they become active and join the vault (Engineers)."""
    ctx.call("practice.rule", "action_accept", list(rule_ids))
    rows = ctx.call("practice.rule", "read", list(rule_ids), ["name", "status", "vault_path", "repo_id"])

    def human(items):
        for r in items:
            click.echo(
                f"accepted rule {r['id']} in {_name(r['repo_id'])}: {r['name']} ({r['status']}, {r['vault_path']})"
            )

    ctx.emit(rows, human)


def register(cli):
    """Add ``practice rules export`` to the ``practice`` group ``cli`` and ``practice rule``
    (idempotent)."""
    cli.add_command(rule_group)
    current = cli.commands.get("rules")
    if isinstance(current, click.Group) and "export" in current.commands:
        return
    cli.add_command(_rules_group(current))
