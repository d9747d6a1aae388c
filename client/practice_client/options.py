"""Command-line options every command group shares (one definition each)."""

import click

from . import hook_core, repo_config

REPO_ENV = repo_config.ENV


def _work_tree_repo(_ctx, _param, value):
    """No flag and no PRACTICE_REPO: the current work tree's ``practice.repo``."""
    if value:
        return value
    return repo_config.read(hook_core.work_tree())


def repo_option(help_text="Repository name."):
    """``--repo NAME``: the flag, else ``PRACTICE_REPO``, else the work tree's ``practice.repo``
    (``practice init``), else the server's default repository (the order of the hooks, the guard
    and the MCP server too: :func:`repo_config.resolve`)."""
    return click.option(
        "--repo",
        envvar=REPO_ENV,
        show_envvar=True,
        callback=_work_tree_repo,
        help=f"{help_text} Default: ${REPO_ENV}, else this work tree's {repo_config.CONFIG_KEY} "
        "(`practice init`), else the server's default repository.",
    )
