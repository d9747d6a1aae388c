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

import os
import sys
import tempfile

import click

from . import hook_core, modmap, rules_export
from .cli_common import pass_ctx
from .options import repo_option

RULE_FIELDS = ["name", "rule", "fix", "severity", "module_ids"]
SKIP_DIRS = {"node_modules", "__pycache__", "venv"}


# -- the work tree --------------------------------------------------------------------------------
def manifest_paths(root):
    """``/``-separated paths of the work tree's ``__manifest__.py`` files: git's view (tracked
    and untracked, ignored files left out), else a walk that skips hidden folders."""
    out = hook_core.git(
        root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", f"*{modmap.MANIFEST}"
    )
    if out is not None:
        paths = {p for p in out.split("\0") if p.rsplit("/", 1)[-1] == modmap.MANIFEST}
        return sorted(p for p in paths if os.path.isfile(os.path.join(root, p)))
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        if modmap.MANIFEST in files:
            found.append(os.path.relpath(os.path.join(folder, modmap.MANIFEST), root).replace(os.sep, "/"))
            dirs[:] = []
    return sorted(found)


def existing_files(root):
    """The text of the files the export may own or merge into, by ``/``-separated path."""
    found = {}
    for folder, suffix in ((rules_export.CLAUDE_DIR, ".md"), (rules_export.CURSOR_DIR, ".mdc")):
        try:
            names = sorted(os.listdir(os.path.join(root, folder)))
        except OSError:
            continue
        for name in names:
            path = os.path.join(root, folder, name)
            if name.endswith(suffix) and os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[f"{folder}/{name}"] = handle.read().decode("utf-8", errors="replace")
    agents = os.path.join(root, rules_export.AGENTS_FILE)
    if os.path.isfile(agents):
        with open(agents, "rb") as handle:
            data = handle.read()
        try:
            found[rules_export.AGENTS_FILE] = data.decode("utf-8")
        except UnicodeDecodeError:
            raise click.ClickException(f"{rules_export.AGENTS_FILE} is not UTF-8: left alone") from None
    return found


def write_file(root, path, text):
    """Write ``text`` (UTF-8, line endings as they are) through a temporary file and a rename."""
    target = os.path.join(root, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".practice-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        if os.path.exists(target):
            os.chmod(temp, os.stat(target).st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


# -- the server -----------------------------------------------------------------------------------
def read_rules(ctx, repo):
    """``(repo_name, rules)``: the active rules of ``repo`` (else the server's default repository)
    as :func:`rules_export.plan` takes them."""
    repos = ctx.call("practice.repo", "search_read", [], ["name", "is_default"])
    if repo:
        wanted = repo.strip().lower()
        found = [r for r in repos if (r["name"] or "").lower() == wanted]
    else:
        found = [r for r in repos if r.get("is_default")]
    if not found:
        known = ", ".join(sorted(r["name"] for r in repos)) or "none"
        what = f"unknown repository {repo!r}" if repo else "no default repository"
        raise click.ClickException(f"{what} (known: {known})")
    chosen = found[0]
    rows = ctx.call(
        "practice.rule",
        "search_read",
        [("status", "=", "active"), ("repo_id", "=", chosen["id"])],
        RULE_FIELDS,
        order="id",
    )
    module_ids = sorted({m for row in rows for m in row.get("module_ids") or ()})
    names = {}
    if module_ids:
        names = {m["id"]: m["name"] for m in ctx.call("practice.code.module", "read", module_ids, ["name"])}
    rules = [
        {
            "id": row["id"],
            "name": row.get("name") or "",
            "rule": row.get("rule") or "",
            "fix": row.get("fix") or "",
            "severity": row.get("severity") or "",
            "modules": sorted({names[m] for m in row.get("module_ids") or () if m in names}),
        }
        for row in rows
    ]
    return chosen["name"], rules


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
    repo_name, rules = read_rules(ctx, repo)
    existing = existing_files(root)
    folders = rules_export.module_folders(manifest_paths(root))
    try:
        files, delete = rules_export.plan(rules, folders, existing, agents=agents, repo=repo_name)
    except rules_export.ExportError as err:
        raise click.ClickException(str(err)) from None
    found = rules_export.changes(files, delete, existing)
    fresh = not any(found.values())
    if check:
        result = {"repo": repo_name, "fresh": fresh, **found, "files": sorted(files)}

        def human(data):
            for kind in ("missing", "stale", "extra"):
                for path in data[kind]:
                    click.echo(f"{kind}: {path}")
            if data["fresh"]:
                click.echo(f"{len(data['files'])} generated files fresh (repository {data['repo']})")
            else:
                click.echo("run `practice rules export` to refresh them", err=True)

        ctx.emit(result, human)
        if not fresh:
            sys.exit(1)
        return
    for path in found["missing"] + found["stale"]:
        write_file(root, path, files[path])
    for path in found["extra"]:
        os.unlink(os.path.join(root, *path.split("/")))
    result = {
        "repo": repo_name,
        "written": sorted(found["missing"] + found["stale"]),
        "removed": found["extra"],
        "unchanged": len(files) - len(found["missing"]) - len(found["stale"]),
        "rules": len(rules),
    }

    def human(data):
        for path in data["written"]:
            click.echo(f"wrote {path}")
        for path in data["removed"]:
            click.echo(f"removed {path}")
        click.echo(
            f"{data['rules']} rules of {data['repo']}: {len(data['written'])} written, "
            f"{len(data['removed'])} removed, {data['unchanged']} unchanged"
        )

    ctx.emit(result, human)


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


def register(cli):
    """Add ``practice rules export`` to the ``practice`` group ``cli`` (idempotent)."""
    current = cli.commands.get("rules")
    if isinstance(current, click.Group) and "export" in current.commands:
        return
    cli.add_command(_rules_group(current))
