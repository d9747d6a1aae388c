"""Command-line side of the knowledge: `practice context|show|rules|adr|runbook|glossary|search`
(citations and patterns included)
(practice_knowledge, read over XML-RPC)."""

import json

import click

from .cli_common import err_console, pass_ctx, print_markdown, print_table
from .options import repo_option


def _show(ctx, kind, ref, repo):
    ctx.emit(ctx.call("practice.context", "get", kind, ref, repo=repo), print_markdown)


@click.command()
@click.option("-m", "--module", "modules", multiple=True, help="Module you are about to touch.")
@click.option("--session", "session_id", help="Your session id (splits locks into ours/theirs).")
@repo_option("Repository name.")
@click.option("--max-bytes", default=25000, show_default=True, type=int)
@click.option("--task", help="What you are about to do, in your words: ranks rules and memory by it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the context to this file.")
@pass_ctx
def context(ctx, modules, session_id, repo, max_bytes, task, output):
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
    if output:
        text = (
            json.dumps(result, indent=2, sort_keys=True, default=str) + "\n"
            if ctx.as_json
            else result["markdown"]
        )
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            raise click.ClickException(f"{output}: {err.strerror or err}") from None
        err_console.print(f"{result.get('bytes', len(text))} bytes written to {output}")
    else:
        ctx.emit(result, lambda r: click.echo(r["markdown"], nl=False))
    if result.get("truncated"):
        err_console.print(
            f"[yellow]{result['bytes']} bytes: some items were left out or shortened (--max-bytes); "
            "see 'Left out' and `practice show <kind> <ref>`[/yellow]"
        )


@click.command()
@click.argument(
    "kind", type=click.Choice(["rule", "runbook", "adr", "term", "memory", "citation", "pattern"])
)
@click.argument("ref")
@repo_option("Repository of numbers and terms.")
@pass_ctx
def show(ctx, kind, ref, repo):
    """Print one item whole: a rule, memory, citation or pattern by id, a runbook or ADR by
    number, a term by name."""
    _show(ctx, kind, ref, repo)


# -- reading the practice ----------------------------------------------------------------------
@click.command("rules")
@click.option("-m", "--module", "modules", multiple=True, help="Only rules of this module (repeatable).")
@click.option("--task", help="Rank by what you are about to do (full-text search).")
@repo_option()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100))
@pass_ctx
def rules_cmd(ctx, modules, task, repo, limit):
    """List rules (id, severity, title); `practice show rule ID` prints one whole."""
    domain = [("status", "!=", "retired")]
    if repo:
        domain.append(("repo_id.name", "=", repo))
    if modules:
        domain.append(("module_ids.name", "in", list(modules)))
    order = None
    if task:
        found = ctx.call("practice.context", "search", task, kinds=["rule"], repo=repo, limit=100)
        order = [r["id"] for r in found["results"]]
        domain.append(("id", "in", order))
    rows = ctx.call(
        "practice.rule", "search_read", domain, ["name", "severity", "status"], limit=None if task else limit
    )
    if order is not None:
        rank = {rule_id: i for i, rule_id in enumerate(order)}
        rows = sorted(rows, key=lambda r: rank[r["id"]])[:limit]
    result = [
        {"id": r["id"], "severity": r["severity"], "status": r["status"], "title": r["name"]} for r in rows
    ]

    def human(items):
        if not items:
            click.echo("no rules")
            return
        print_table(["id", "severity", "title"], [[i["id"], i["severity"], i["title"]] for i in items])

    ctx.emit(result, human)


@click.command("adr")
@click.argument("number")
@repo_option()
@pass_ctx
def adr_cmd(ctx, number, repo):
    """Print ADR NUMBER whole."""
    _show(ctx, "adr", number, repo)


@click.command("runbook")
@click.argument("number")
@repo_option()
@pass_ctx
def runbook_cmd(ctx, number, repo):
    """Print runbook NUMBER whole."""
    _show(ctx, "runbook", number, repo)


@click.command("glossary")
@click.argument("term", required=False)
@repo_option()
@pass_ctx
def glossary_cmd(ctx, term, repo):
    """Print TERM's definition, or list every term with the first line of its definition."""
    if term:
        _show(ctx, "term", term, repo)
        return
    domain = [("repo_id.name", "=", repo)] if repo else []
    rows = ctx.call("practice.glossary.term", "search_read", domain, ["name", "definition"], order="name")
    result = [{"term": r["name"], "definition": r["definition"] or ""} for r in rows]

    def human(items):
        for item in items:
            first = " ".join(item["definition"].split())
            click.echo(f"{item['term']}: {first[:160]}")

    ctx.emit(result, human)


@click.command("search")
@click.argument("query")
@click.option(
    "-k",
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["rule", "adr", "runbook", "term", "citation", "pattern"]),
    help="Only this kind (repeatable).",
)
@repo_option()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
@pass_ctx
def search_cmd(ctx, query, kinds, repo, limit):
    """Full-text search of rules, ADRs, runbooks, glossary terms, citations (the daily notes'
    entries) and patterns; read one with `practice show KIND REF`."""
    result = ctx.call("practice.context", "search", query, kinds=list(kinds) or None, repo=repo, limit=limit)

    def human(r):
        if not r["results"]:
            click.echo(f"nothing matches {r['query']!r}")
            return
        for item in r["results"]:
            click.echo(f"{item['kind']} {item['ref']}: {item['title']}")
            if item.get("snippet"):
                click.echo(f"    {item['snippet']}")

    ctx.emit(result, human)


COMMANDS = (context, show, rules_cmd, adr_cmd, runbook_cmd, glossary_cmd, search_cmd)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
