"""Command-line side of repositories: `practice repo list|show|create`. Registered on the main
group by :func:`register` (cli.py keeps one line for it).

A team works in its own repository (`practice repo create shop`, then `--repo shop` or
``PRACTICE_REPO=shop``); the server's default repository is the fallback of every command."""

import subprocess

import click

from . import hook_core, repo_config
from .cli_common import pass_ctx, print_fields, print_table, refused
from .rpc import PracticeError

FIELDS = ["name", "is_default", "url", "default_branch", "description", "module_count"]


def _find(ctx, name):
    rows = ctx.call("practice.repo", "search_read", [("name", "=", name)], FIELDS, limit=1)
    if not rows:
        known = [
            r["name"] for r in ctx.call("practice.repo", "search_read", [], ["name"], order="name", limit=50)
        ]
        raise click.ClickException(
            f"unknown repository {name!r} (known: {', '.join(known) or 'none'}); "
            f"`practice repo create {name}` adds it (Managers)"
        )
    return rows[0]


def _row(repo):
    return {
        "name": repo["name"],
        "default": bool(repo["is_default"]),
        "url": repo["url"] or "",
        "branch": repo["default_branch"] or "",
        "modules": repo["module_count"],
    }


def _create(ctx, name, values=None):
    """Create repository ``name`` on the server (Managers; exit 3 otherwise)."""
    try:
        ctx.call("practice.repo", "create", {"name": name, **(values or {})})
    except PracticeError as err:
        if err.code == PracticeError.ACCESS_ERROR:
            refused(f"creating a repository needs the Manager group: {err}")
        raise


def record(ctx, root, name, create=False):
    """Point the work tree ``root`` at repository ``name`` (``git config practice.repo``),
    after checking the server knows it (``create``: add it when it does not). Returns the
    line to print."""
    rows = ctx.call("practice.repo", "search_read", [("name", "=", name)], ["id"], limit=1)
    if not rows:
        if not create:
            _find(ctx, name)  # the error listing the known repositories
        _create(ctx, name)
    proc = subprocess.run(
        ["git", "config", repo_config.CONFIG_KEY, name], cwd=root, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise click.ClickException(f"git config {repo_config.CONFIG_KEY} failed: {proc.stderr.strip()}")
    made = " (created)" if not rows else ""
    return (
        f"{root}: repository {name}{made} ({repo_config.CONFIG_KEY} in its git config); the CLI, "
        "the hooks, the guard and the MCP server started here use it unless --repo or PRACTICE_REPO says otherwise"
    )


def register(cli):

    @cli.command("init")
    @click.option("--repo", "name", required=True, help="The team's repository on the server.")
    @click.option("--create", is_flag=True, help="Create it when the server does not know it (Managers).")
    @pass_ctx
    def init(ctx, name, create):
        """Point this git work tree at repository NAME (`git config practice.repo NAME`)."""
        root = hook_core.work_tree()
        if not root:
            raise click.ClickException("not in a git work tree: run `practice init` inside the repository")
        click.echo(record(ctx, root, name.strip(), create=create))

    @cli.group("repo")
    def repo_group():
        """Repositories: each team's own rules, memory, locks and runs."""

    @repo_group.command("list")
    @pass_ctx
    def repo_list(ctx):
        """Every repository you may read; the default one is marked."""
        rows = [_row(r) for r in ctx.call("practice.repo", "search_read", [], FIELDS, order="sequence, name")]
        ctx.emit(
            rows,
            lambda rs: print_table(
                ["name", "default", "url", "branch", "modules"],
                [[r["name"], "yes" if r["default"] else "", r["url"], r["branch"], r["modules"]] for r in rs],
            ),
        )

    @repo_group.command("show")
    @click.argument("name")
    @pass_ctx
    def repo_show(ctx, name):
        """One repository by name."""
        repo = _find(ctx, name)
        ctx.emit(dict(_row(repo), description=repo["description"] or ""), print_fields)

    @repo_group.command("create")
    @click.argument("name")
    @click.option("--url", help="Clone or browse URL.")
    @click.option("--branch", help="Default branch (e.g. main).")
    @click.option("--description", help="What lives in it.")
    @pass_ctx
    def repo_create(ctx, name, url, branch, description):
        """Add repository NAME (Managers). Use it with --repo NAME or PRACTICE_REPO=NAME."""
        if ctx.call("practice.repo", "search_read", [("name", "=", name)], ["id"], limit=1):
            raise click.ClickException(f"repository {name!r} exists already (`practice repo show {name}`)")
        values = {}
        for key, value in (("url", url), ("default_branch", branch), ("description", description)):
            if value:
                values[key] = value
        _create(ctx, name, values)
        ctx.emit(_row(_find(ctx, name)), print_fields)
