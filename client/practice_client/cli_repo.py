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
    _git_config(root, repo_config.CONFIG_KEY, name)
    made = " (created)" if not rows else ""
    return (
        f"{root}: repository {name}{made} ({repo_config.CONFIG_KEY} in its git config); the CLI, "
        "the hooks, the guard and the MCP server started here use it unless --repo or PRACTICE_REPO says otherwise"
    )


def _git_config(root, key, value):
    proc = subprocess.run(
        ["git", "config", key, value], cwd=root, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise click.ClickException(f"git config {key} failed: {proc.stderr.strip()}")


def register(cli):

    @cli.command("init")
    @click.option("--repo", "name", help="The team's repository on the server.")
    @click.option("--create", is_flag=True, help="Create it when the server does not know it (Managers).")
    @click.option("--target-url", help="URL of the Odoo server the agent changes.")
    @click.option("--target-db", help="Database the agent changes (default: the practice server's).")
    @click.option("--target-login", help="Login on the target (its key: PRACTICE_TARGET_API_KEY).")
    @click.option("--sandbox-template", help="Template database of `practice sandbox create`.")
    @pass_ctx
    def init(ctx, name, create, target_url, target_db, target_login, sandbox_template):
        """Point this git work tree at repository NAME (`git config practice.repo NAME`) and/or
        at the database its agent changes (practice.targetUrl, targetDb, targetLogin,
        sandboxTemplate; a secret never goes there: PRACTICE_TARGET_API_KEY stays in the
        environment)."""
        targets = {
            "targeturl": target_url,
            "targetdb": target_db,
            "targetlogin": target_login,
            "sandboxtemplate": sandbox_template,
        }
        if not name and not any(targets.values()):
            raise click.UsageError(
                "give --repo NAME and/or --target-url/--target-db/--target-login/--sandbox-template"
            )
        root = hook_core.work_tree()
        if not root:
            raise click.ClickException("not in a git work tree: run `practice init` inside the repository")
        if target_url and (not target_url.startswith(("http://", "https://")) or "@" in target_url):
            raise click.UsageError("--target-url must look like http://host:8069, without credentials")
        if name:
            click.echo(record(ctx, root, name.strip(), create=create))
        for key, value in targets.items():
            if value:
                _git_config(root, f"practice.{key}", value.strip())
                click.echo(f"{root}: practice.{key} = {value.strip()}")

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
