"""Command-line side of repositories: `practice repo list|show|create`. Registered on the main
group by :func:`register` (cli.py keeps one line for it).

A team works in its own repository (`practice repo create shop`, then `--repo shop` or
``PRACTICE_REPO=shop``); the server's default repository is the fallback of every command."""

import click

from .rpc import PracticeError

FIELDS = ["name", "is_default", "url", "default_branch", "description", "module_count"]


def _cli_helpers():
    from . import cli as main  # late: cli.py imports this module

    return main


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


def register(cli):
    main = _cli_helpers()

    @cli.group("repo")
    def repo_group():
        """Repositories: each team's own rules, memory, locks and runs."""

    @repo_group.command("list")
    @main.pass_ctx
    def repo_list(ctx):
        """Every repository you may read; the default one is marked."""
        rows = [_row(r) for r in ctx.call("practice.repo", "search_read", [], FIELDS, order="sequence, name")]
        ctx.emit(
            rows,
            lambda rs: main.print_table(
                ["name", "default", "url", "branch", "modules"],
                [[r["name"], "yes" if r["default"] else "", r["url"], r["branch"], r["modules"]] for r in rs],
            ),
        )

    @repo_group.command("show")
    @click.argument("name")
    @main.pass_ctx
    def repo_show(ctx, name):
        """One repository by name."""
        repo = _find(ctx, name)
        ctx.emit(dict(_row(repo), description=repo["description"] or ""), main.print_fields)

    @repo_group.command("create")
    @click.argument("name")
    @click.option("--url", help="Clone or browse URL.")
    @click.option("--branch", help="Default branch (e.g. main).")
    @click.option("--description", help="What lives in it.")
    @main.pass_ctx
    def repo_create(ctx, name, url, branch, description):
        """Add repository NAME (Managers). Use it with --repo NAME or PRACTICE_REPO=NAME."""
        if ctx.call("practice.repo", "search_read", [("name", "=", name)], ["id"], limit=1):
            raise click.ClickException(f"repository {name!r} exists already (`practice repo show {name}`)")
        values = {"name": name}
        for key, value in (("url", url), ("default_branch", branch), ("description", description)):
            if value:
                values[key] = value
        try:
            ctx.call("practice.repo", "create", values)
        except PracticeError as err:
            if err.code == PracticeError.ACCESS_ERROR:
                main.refused(f"creating a repository needs the Manager group: {err}")
            raise
        ctx.emit(_row(_find(ctx, name)), main.print_fields)
