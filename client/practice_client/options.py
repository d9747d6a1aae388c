"""Command-line options every command group shares (one definition each)."""

import click

REPO_ENV = "PRACTICE_REPO"


def repo_option(help_text="Repository name."):
    """``--repo NAME``: the flag, else ``PRACTICE_REPO``, else the server's default repository
    (the same order the hooks and the guard use)."""
    return click.option(
        "--repo",
        envvar=REPO_ENV,
        show_envvar=True,
        help=f"{help_text} Default: ${REPO_ENV}, else the server's default repository.",
    )
