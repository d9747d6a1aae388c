"""The ``practice`` command: Practice Stack from a terminal or an AI session.

Connection from the environment: PRACTICE_URL, PRACTICE_DB, PRACTICE_LOGIN and the secret in
PRACTICE_API_KEY (or PRACTICE_PASSWORD). Exit codes: 0 ok, 1 error, 2 usage or vault errors,
3 lock not granted / not ours, 4 watchdog diff flagged.
"""

import json
import os
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__, cli_deploy, cli_eval, cli_repo, cli_sop, gitguard, lock_proof
from .hooks_cli import register as register_agent_edge
from .options import repo_option
from .rpc import PracticeError, PracticeRPC, Settings
from .vault import load_versions, read_vault, remote_key, save_versions, versions_after_push, write_vault

EXIT_REFUSED = 3
EXIT_FLAGGED = 4

err_console = Console(stderr=True, soft_wrap=True, highlight=False)


def print_table(columns, rows, title=None):
    """A rich table on a terminal; plain tab-separated lines otherwise (pipes, files, agents:
    nothing cut at 80 columns)."""
    rows = [[("" if v is None or v is False else str(v)) for v in row] for row in rows]
    if sys.stdout.isatty():
        table = Table(*columns, title=title)
        for row in rows:
            table.add_row(*row)
        Console(highlight=False).print(table)
        return
    if title:
        click.echo(f"{title}:")
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(row))


def print_fields(data, keys=None):
    """``key: value`` lines of a result dict (None/False shown as '-')."""
    for key in keys or sorted(data):
        if key in data:
            value = data[key]
            if value is None or value is False:
                value = "-"
            elif isinstance(value, (dict, list)):
                value = json.dumps(value, sort_keys=True, default=str)
            click.echo(f"{key}: {value}")


def refused(message):
    """A refusal (lock not granted, not ours, not allowed): one line on stderr, exit 3."""
    err_console.print(f"[red]refused:[/red] {escape(str(message))}")
    sys.exit(EXIT_REFUSED)


class Ctx:
    def __init__(self, settings, as_json):
        self.settings = settings
        self.as_json = as_json
        self.timeout = 60  # seconds per server call (hooks: PRACTICE_HOOK_TIMEOUT)
        self._rpc = None

    @property
    def rpc(self):
        if self._rpc is None:
            self._rpc = PracticeRPC(self.settings)
            self._rpc.timeout = self.timeout
        return self._rpc

    def call(self, model, method, *args, **kwargs):
        return self.rpc.call(model, method, *args, **kwargs)

    def call_lock(self, method, *args, **kwargs):
        """A practice.lock call where an AccessError (another user's lock, not a Manager) is a
        refusal like any other: exit 3, the server's message on stderr."""
        try:
            return self.call("practice.lock", method, *args, **kwargs)
        except PracticeError as err:
            if err.code == PracticeError.ACCESS_ERROR:
                refused(str(err))
            raise

    def emit(self, data, human=None):
        """JSON on stdout with --json; otherwise the human rendering (or JSON when there is none)."""
        if self.as_json or human is None:
            click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
        else:
            human(data)


pass_ctx = click.make_pass_decorator(Ctx)


@click.group()
@click.version_option(__version__, prog_name="practice")
@click.option("--url", help="Server URL (env PRACTICE_URL, default http://localhost:8069).")
@click.option("--db", help="Database (env PRACTICE_DB, default practice).")
@click.option("--login", help="Login (env PRACTICE_LOGIN, default admin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON results.")
@click.pass_context
def cli(click_ctx, url, db, login, as_json):
    """Practice Stack: rules, locks, watchdog, memory — over XML-RPC."""
    click_ctx.obj = Ctx(Settings.from_env(url=url, db=db, login=login), as_json)


# -- context ---------------------------------------------------------------------------------
@cli.command()
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


@cli.command()
@click.argument("kind", type=click.Choice(["rule", "runbook", "adr", "term", "memory"]))
@click.argument("ref")
@repo_option("Repository of numbers and terms.")
@pass_ctx
def show(ctx, kind, ref, repo):
    """Print one item whole: a rule or memory by id, a runbook or ADR by number, a term by name."""
    result = ctx.call("practice.context", "get", kind, ref, repo=repo)
    ctx.emit(result, lambda r: click.echo(r["markdown"], nl=not r["markdown"].endswith("\n")))


# -- locks -----------------------------------------------------------------------------------
@cli.group()
def lock():
    """Exclusive module locks (lease + fencing token)."""


def _in_repo(answer):
    """`` in REPO`` when the server's answer names its repository (every lock answer does): an
    agent reading "free" or "granted" knows where."""
    repo = answer.get("repo") if isinstance(answer, dict) else None
    return f" in {repo}" if repo else ""


def _holder_line(holder):
    holder = holder or {}
    return (
        f"held by session {holder.get('session_id')} ({holder.get('user')}) since "
        f"{holder.get('since')}: {holder.get('reason') or '-'}"
    )


@lock.command("acquire")
@click.argument("module")
@click.option("--session", "session_id", required=True)
@click.option("--ttl", "ttl_seconds", type=int, help="Lease in seconds (default: the server's lease length).")
@click.option("--reason", default="")
@repo_option()
@pass_ctx
def lock_acquire(ctx, module, session_id, ttl_seconds, reason, repo):
    """Take MODULE's lock; exit 3 naming the holder when someone else has it."""
    # the server owns the default lease: a TTL is sent only when the user gives one
    ttl = {} if ttl_seconds is None else {"ttl_seconds": ttl_seconds}
    result = ctx.call_lock("acquire", module, session_id, reason=reason, repo=repo, **ttl)

    def human(r):
        if r["granted"]:
            click.echo(
                f"granted {module}{_in_repo(r)}: token {r['token']}, expires {r['expires_at']} (keep the token)"
            )
        else:
            err_console.print(f"[red]refused[/red] {module}{_in_repo(r)}: {_holder_line(r.get('holder'))}")

    ctx.emit(result, human)
    if not result.get("granted"):
        sys.exit(EXIT_REFUSED)


@lock.command("renew")
@click.argument("token", type=int)
@click.option("--session", "session_id", required=True)
@click.option("--ttl", "ttl_seconds", type=int)
@pass_ctx
def lock_renew(ctx, token, session_id, ttl_seconds):
    """Extend the lease of TOKEN (a shorter --ttl never shortens it)."""
    result = ctx.call_lock("renew", token, session_id, ttl_seconds=ttl_seconds)
    _lock_answer(
        ctx,
        result,
        lambda r: f"renewed {r['module']}{_in_repo(r)} (token {r['token']}): expires {r['expires_at']}",
    )


def _lock_answer(ctx, result, ok_line):
    """Print an ``{"ok": ...}`` lock answer; exit 3 when it is not ok."""

    def human(r):
        if r.get("ok"):
            click.echo(ok_line(r))
        else:
            err_console.print(f"[red]refused:[/red] {escape(str(r.get('message') or r))}")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_REFUSED)


@lock.command("release")
@click.argument("token", type=int, required=False)
@click.option("--session", "session_id", required=True)
@click.option("--module", help="Release this session's lock on MODULE (no token needed).")
@repo_option("Repository of --module.")
@pass_ctx
def lock_release(ctx, token, session_id, module, repo):
    """Release the lock of TOKEN, or this session's lock on --module (only its holder's session can)."""
    if (token is None) == (module is None):
        raise click.UsageError("give either TOKEN or --module NAME")
    if module is not None:
        split = ctx.call_lock("verify", [module], session_id, repo=repo)
        ours = [e for e in split.get("ours", []) if isinstance(e, dict) and e.get("token")]
        if not ours:
            theirs = [e for e in split.get("theirs", []) if isinstance(e, dict)]
            if theirs:
                refused(f"{module}{_in_repo(split)}: {_holder_line(theirs[0])}, not session {session_id}")
            refused(f"session {session_id} holds no lock on {module}{_in_repo(split)}")
        token = ours[0]["token"]
    result = ctx.call_lock("release", token, session_id)
    if result.get("ok"):
        _drop_proof(ctx, repo, session_id, result.get("module"))
    _lock_answer(ctx, result, lambda r: f"released {r['module']}{_in_repo(r)} (token {r['token']})")


def _drop_proof(ctx, repo, session_id, module):
    """Forget the hook's proof of a lock just released (in the work tree of the current folder,
    if any): otherwise the PreToolUse hook would answer "ours" from it until its re-check."""
    root = gitguard.work_tree()
    if root and module:
        settings = ctx.settings
        lock_proof.drop_session(os.environ, settings, root, repo, session_id, module=module)


@lock.command("verify")
@click.argument("modules", nargs=-1, required=True)
@click.option("--session", "session_id", required=True)
@repo_option()
@pass_ctx
def lock_verify(ctx, modules, session_id, repo):
    """Split MODULES into ours / theirs / free; exit 3 when any is held by another session."""
    result = ctx.call_lock("verify", list(modules), session_id, repo=repo)

    def human(r):
        rows = []
        for status in ("ours", "theirs", "free"):
            for entry in r.get(status, []):
                if isinstance(entry, dict):
                    holder = f"{entry.get('session_id')} ({entry.get('user')})"
                    rows.append(
                        [entry.get("module"), status, entry.get("token"), holder, entry.get("expires_at")]
                    )
                else:
                    rows.append([entry, status, "", "", ""])
        title = f"repository {r['repo']}" if r.get("repo") else None
        print_table(["module", "status", "token", "holder", "expires"], rows, title=title)

    ctx.emit(result, human)
    if result.get("theirs"):
        sys.exit(EXIT_REFUSED)


@lock.command("list")
@repo_option("Only this repository's locks.")
@click.option("--session", "session_id", help="Only this session's locks.")
@click.option("--all", "show_all", is_flag=True, help="Also released/expired/forced locks (last 50).")
@pass_ctx
def lock_list(ctx, repo, session_id, show_all):
    """Locks held now (module, repository, token, holder, expiry)."""
    domain = [] if show_all else [("state", "=", "held")]
    if repo:
        domain.append(("repo_id.name", "=", repo))
    if session_id:
        domain.append(("session_id", "=", session_id))
    fields_ = ["module_name", "repo_id", "token", "session_id", "user_id", "reason", "state", "expires_at"]
    rows = ctx.call(
        "practice.lock", "search_read", domain, fields_, order="token desc", limit=50 if show_all else 500
    )
    result = [
        {
            "module": r["module_name"],
            "repo": r["repo_id"][1] if r["repo_id"] else None,
            "token": r["token"],
            "session_id": r["session_id"],
            "user": r["user_id"][1] if r["user_id"] else None,
            "reason": r["reason"] or "",
            "state": r["state"],
            "expires_at": r["expires_at"] or None,
        }
        for r in rows
    ]

    def human(locks):
        if not locks:
            click.echo("no locks held" if not show_all else "no locks")
            return
        keys = ["module", "repo", "token", "session_id", "user", "state", "expires_at", "reason"]
        print_table(keys, [[lk[k] for k in keys] for lk in locks])

    ctx.emit(result, human)


@lock.command("check-token")
@click.argument("module")
@click.argument("token", type=int)
@repo_option()
@pass_ctx
def lock_check_token(ctx, module, token, repo):
    """Fencing: is TOKEN the live lock of MODULE? Exit 3 when it is not."""
    result = ctx.call_lock("check_token", module, token, repo=repo)

    def human(r):
        if r.get("valid"):
            click.echo(f"valid: token {token} holds {module}{_in_repo(r)}")
        else:
            state = "held" if r.get("held") else "not held"
            err_console.print(
                f"[red]stale:[/red] token {token} is not the live lock of {module}{_in_repo(r)} "
                f"(current token {r.get('current_token')}, {state})"
            )

    ctx.emit(result, human)
    if not result.get("valid"):
        sys.exit(EXIT_REFUSED)


@lock.command("force-release")
@click.argument("module")
@click.option("--reason", required=True, help="Why (recorded, and sent to the holder).")
@repo_option()
@pass_ctx
def lock_force_release(ctx, module, reason, repo):
    """Practice Managers: break the held lock on MODULE; its holder is notified."""
    result = ctx.call_lock("force_release", module, reason, repo=repo)

    def human(r):
        if r.get("ok"):
            click.echo(
                f"forced {r['module']}{_in_repo(r)} (token {r['token']}): {_holder_line(r.get('holder'))}"
            )
        else:
            click.echo(r.get("message") or f"{module} is not locked")

    ctx.emit(result, human)


# -- watchdog --------------------------------------------------------------------------------
@cli.group()
def snapshot():
    """Watchdog snapshots: take one before a risky change, compare after."""


@snapshot.command("take")
@click.argument("label")
@click.option("-m", "--model", "models", multiple=True, help="Ad-hoc: watch just these models.")
@click.option("--profile")
@click.option("--session", "session_id")
@pass_ctx
def snapshot_take(ctx, label, models, profile, session_id):
    """Take a snapshot; prints its id."""
    result = ctx.call(
        "practice.watchdog.snapshot",
        "take",
        label,
        profile=profile,
        models=list(models) or None,
        session_id=session_id,
    )
    ctx.emit(result, lambda r: click.echo(f"snapshot {r['id']} at {r['taken_at']}: {r['lines']} lines"))


@snapshot.command("compare")
@click.argument("before_id", type=int)
@click.argument("after_id", type=int, required=False)
@pass_ctx
def snapshot_compare(ctx, before_id, after_id):
    """Diff two snapshots (or BEFORE against now); exit 4 when something is flagged."""
    result = ctx.call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)

    def human(r):
        if r["ok"]:
            click.echo("ok: nothing crossed a threshold")
            return
        keys = ("model", "metric", "before", "after", "delta", "threshold")
        print_table(list(keys), [[f.get(k) for k in keys] for f in r["flagged"]], title="flagged")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_FLAGGED)


def _flagged_lines(result):
    """One readable line per flagged metric of a snapshot comparison."""
    lines = []
    for f in result.get("flagged", []):
        line = f"{f.get('model')}: {f.get('metric')} {f.get('before')} -> {f.get('after')}"
        extra = [f"{k} {f[k]}" for k in ("delta", "threshold") if f.get(k) not in (None, False)]
        lines.append(line + (f" ({', '.join(extra)})" if extra else ""))
    return lines


@cli.group()
def watchdog():
    """Watchdog: guard a command with a snapshot before and a comparison after."""


@watchdog.command("guard", context_settings={"ignore_unknown_options": True})
@click.option("-m", "--model", "models", multiple=True, help="Watch just this model (repeatable).")
@click.option("--models", "models_csv", help="Watch these models (comma-separated).")
@click.option("--profile", help="Watchdog profile to snapshot (default: the server's).")
@click.option("--session", "session_id")
@click.option("--label", help="Snapshot label (default: the command).")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@pass_ctx
def watchdog_guard(ctx, models, models_csv, profile, session_id, label, command):
    """Snapshot, run COMMAND, compare: exit 4 with a report when something crossed a threshold,
    else COMMAND's own exit code. Usage: practice watchdog guard -m res.partner -- ./migrate.sh"""
    import subprocess

    watched = list(models) + [m.strip() for m in (models_csv or "").split(",") if m.strip()]
    label = label or ("guard: " + " ".join(command))[:200]
    before = ctx.call(
        "practice.watchdog.snapshot",
        "take",
        label,
        profile=profile,
        models=watched or None,
        session_id=session_id,
    )
    err_console.print(f"snapshot {before['id']} taken; running: {escape(' '.join(command))}")
    try:
        returncode = subprocess.call(list(command))
    except OSError as err:
        raise click.ClickException(f"cannot run {command[0]}: {err.strerror or err}") from None
    result = ctx.call("practice.watchdog.snapshot", "compare", before["id"])
    result = dict(result, snapshot_id=before["id"], returncode=returncode)

    def human(r):
        if r.get("ok"):
            err_console.print(f"watchdog ok: nothing crossed a threshold (command exit {returncode})")
            return
        err_console.print(f"[red]watchdog flagged[/red] after `{escape(' '.join(command))}`:")
        for line in _flagged_lines(r):
            err_console.print(f"  {escape(line)}")
        err_console.print(f"compare again with: practice snapshot compare {before['id']}")

    ctx.emit(result, human)
    if not result.get("ok"):
        sys.exit(EXIT_FLAGGED)
    sys.exit(returncode)


# -- reading the practice ----------------------------------------------------------------------
def _show(ctx, kind, ref, repo):
    result = ctx.call("practice.context", "get", kind, ref, repo=repo)
    ctx.emit(result, lambda r: click.echo(r["markdown"], nl=not r["markdown"].endswith("\n")))


@cli.command("rules")
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


@cli.command("adr")
@click.argument("number")
@repo_option()
@pass_ctx
def adr_cmd(ctx, number, repo):
    """Print ADR NUMBER whole."""
    _show(ctx, "adr", number, repo)


@cli.command("runbook")
@click.argument("number")
@repo_option()
@pass_ctx
def runbook_cmd(ctx, number, repo):
    """Print runbook NUMBER whole."""
    _show(ctx, "runbook", number, repo)


@cli.command("glossary")
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


@cli.command("search")
@click.argument("query")
@click.option(
    "-k",
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["rule", "adr", "runbook", "term"]),
    help="Only this kind (repeatable).",
)
@repo_option()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
@pass_ctx
def search_cmd(ctx, query, kinds, repo, limit):
    """Full-text search of rules, ADRs, runbooks and glossary terms; read one with
    `practice show KIND REF`."""
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


# -- vault -----------------------------------------------------------------------------------
@cli.group()
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
    remote = _vault_remote(ctx, repo)
    try:
        base = load_versions(folder, remote)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    with _FileProgress(f"reading {folder}") as progress:
        files = read_vault(folder, progress=progress.update)
    kwargs = {"repo": repo, "dry_run": dry_run, "base": base}
    if prune:
        kwargs["prune"] = True
    if force:
        kwargs["force"] = True
    result = ctx.call("practice.vault", "import_files", files, **kwargs)
    if not dry_run and not result.get("errors"):
        save_versions(folder, remote, versions_after_push(base, files, result))

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
            f"updated {len(r.get('updated', []))}{deleted}, unchanged {len(r.get('unchanged', []))}{_in_repo(r)}"
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
    pulled = ctx.call("practice.vault", "export_files", repo=repo, versions=True)
    files = pulled["files"]
    with _FileProgress(f"writing {folder}") as progress:
        written = write_vault(folder, files, progress=progress.update)
    save_versions(folder, _vault_remote(ctx, repo), pulled["versions"])
    ctx.emit({"files": len(files), "written": written}, lambda r: click.echo(f"{len(written)} written"))


# -- sessions and memory ---------------------------------------------------------------------
@cli.group()
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


@cli.group()
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


@cli.command()
def mcp():
    """Serve the practice tools to an AI client over MCP (stdio)."""
    from .mcp_server import main as mcp_main

    mcp_main()


# -- agent edge: `hook`, `hooks install`, `lock guard`, `lock sync` (in hooks_cli.py) ---------
register_agent_edge(cli, lock)
for _addon_commands in (cli_repo, cli_sop, cli_eval, cli_deploy):
    _addon_commands.register(cli)


def main():
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except PracticeError as err:
        err_console.print(f"[red]error:[/red] {escape(str(err))}")
        sys.exit(1)
    except (FileNotFoundError, UnicodeDecodeError, ValueError) as err:
        err_console.print(f"[red]error:[/red] {escape(str(err))}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # one line, never a traceback
        err_console.print(f"[red]error:[/red] {type(err).__name__}: {escape(str(err))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
