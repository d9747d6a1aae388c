"""Command-line side of the vault: `practice vault push|pull` of a knowledge/ folder (practice_knowledge
and the addons that add kinds of files to it)."""

import sys

import click

from . import vault as vault_io
from .cli_common import err_console, in_repo, pass_ctx
from .options import repo_option
from .vault import remote_key


@click.group()
def vault():
    """Sync a knowledge/ folder with the server."""


def _vault_remote(ctx, repo):
    return remote_key(ctx.settings.url, ctx.settings.db, repo)


class _FileProgress:
    """A rich progress bar on stderr for long vault reads/writes (a terminal and 50+ files
    only); ``update(done, total)`` is the callback of read_vault / write_vault."""

    MIN_FILES = 50

    def __init__(self, label):
        self.label = label
        self.bar = None
        self.task = None

    def update(self, done, total):
        if total < self.MIN_FILES or not err_console.is_terminal:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=err_console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


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
@repo_option()
@pass_ctx
def vault_push(ctx, folder, dry_run, prune, force, repo):
    """Import FOLDER's *.md files; any error means nothing is written (exit 2).

    Files changed on the server since the last ``vault pull`` into FOLDER (versions kept in
    FOLDER/.practice-vault.json; never pulled: every server file counts as unseen) are
    conflicts: nothing is written unless --force."""
    try:
        with _FileProgress(f"reading {folder}") as progress:
            result = vault_io.push(
                ctx.call, folder, _vault_remote(ctx, repo), repo, dry_run, prune, force, progress.update
            )
    except vault_io.StateError as err:
        raise click.ClickException(str(err)) from err

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
            f"updated {len(r.get('updated', []))}{deleted}, unchanged {len(r.get('unchanged', []))}{in_repo(r)}"
        )

    ctx.emit(result, human)
    if result.get("errors"):
        sys.exit(2)


@vault.command("pull")
@click.argument("folder", type=click.Path(file_okay=False))
@repo_option()
@pass_ctx
def vault_pull(ctx, folder, repo):
    """Write the server's vault into FOLDER (only files that differ) and keep the version of
    every file in FOLDER/.practice-vault.json (the base of the next push)."""
    with _FileProgress(f"writing {folder}") as progress:
        result = vault_io.pull(ctx.call, folder, _vault_remote(ctx, repo), repo, progress.update)

    def human(r):
        click.echo(f"{len(r['written'])} written{in_repo(r)}")
        if r.get("rules_export"):
            click.echo(r["rules_export"])

    ctx.emit(result, human)


COMMANDS = (vault,)


def register(cli):
    """Add these commands to the ``practice`` group ``cli``."""
    for command in COMMANDS:
        cli.add_command(command)
