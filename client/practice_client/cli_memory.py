"""Command-line side of practice_memory: `practice session start|note|finish|list|show` and
`practice memory remember|index`."""

import click

from .cli_common import pass_ctx, print_fields, print_table
from .options import repo_option


@click.group()
def session():
    """Session logs: start, note what was tried, finish with the outcome."""


@session.command("start")
@click.argument("session_id")
@click.argument("title")
@click.option("-m", "--module", "modules", multiple=True)
@click.option("--model-name", help="Model used, e.g. an LLM's name.")
@repo_option("Repository the session works in (its memories belong there).")
@pass_ctx
def session_start(ctx, session_id, title, modules, model_name, repo):
    """Open session SESSION_ID's log."""
    result = ctx.call(
        "practice.session.log",
        "start",
        session_id,
        title,
        modules=list(modules),
        model_name=model_name,
        repo=repo,
    )
    ctx.emit(result, print_fields)


@session.command("note")
@click.argument("session_id")
@click.argument("kind", type=click.Choice(["tried", "worked", "failed", "decision", "note"]))
@click.argument("text")
@pass_ctx
def session_note(ctx, session_id, kind, text):
    """Log what was tried / worked / failed, a decision or a note."""
    ctx.emit(ctx.call("practice.session.log", "note", session_id, kind, text), print_fields)


@session.command("finish")
@click.argument("session_id")
@click.argument("outcome", type=click.Choice(["success", "partial", "failed", "abandoned"]))
@click.argument("summary")
@click.option("--cost", type=float)
@pass_ctx
def session_finish(ctx, session_id, outcome, summary, cost):
    """Close the session log with its outcome."""
    ctx.emit(
        ctx.call("practice.session.log", "finish", session_id, outcome, summary, cost=cost), print_fields
    )


@session.command("list")
@click.option(
    "--state", type=click.Choice(["running", "finished", "abandoned"]), help="Only sessions in this state."
)
@click.option("--mine", is_flag=True, help="Only your own sessions.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 200))
@repo_option("Only sessions of this repository.")
@pass_ctx
def session_list(ctx, state, mine, limit, repo):
    """The latest session logs you may read (newest first)."""
    rows = ctx.call("practice.session.log", "sessions", repo=repo, state=state, mine=mine, limit=limit)

    def human(items):
        print_table(
            ["session", "state", "outcome", "repository", "user", "started", "tokens", "cost", "title"],
            [
                [
                    r["session_id"],
                    r["state"],
                    r["outcome"],
                    r["repo"],
                    r["user"],
                    r["started_at"],
                    r["tokens"],
                    f"{r['cost']:.2f}",
                    r["title"],
                ]
                for r in items
            ],
        )

    ctx.emit(rows, human)


@session.command("show")
@click.argument("session_id")
@pass_ctx
def session_show(ctx, session_id):
    """One session log whole: its fields, notes and cost per model."""
    ctx.emit(ctx.call("practice.session.log", "describe", session_id), _print_session)


def _print_session(data):
    print_fields(data, ["session_id", "title", "repo", "user", "state", "outcome", "started_at", "ended_at"])
    print_fields(data, ["modules", "model_name", "tokens", "cost", "summary"])
    for entry in data.get("notes") or []:
        click.echo(f"- {entry['timestamp']} {entry['kind']}: {entry['text']}")
    for line in data.get("usage") or []:
        click.echo(
            f"  {line['model_name']}: {line['messages']} messages, {line['total_tokens']} tokens, {line['cost']:.4f}"
        )


@click.group()
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
    ctx.emit(ctx.call("practice.memory", "remember", topic, summary, **kwargs), print_fields)


@memory.command("index")
@click.option("--max-lines", default=200, show_default=True, type=int)
@repo_option("Repository name.")
@pass_ctx
def memory_index(ctx, max_lines, repo):
    """The MEMORY.md-style index of a repository's memory."""
    result = ctx.call("practice.memory", "index", max_lines=max_lines, repo=repo)
    ctx.emit(result, lambda r: click.echo(r["markdown"] if isinstance(r, dict) else r, nl=False))


COMMANDS = (session, memory)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
