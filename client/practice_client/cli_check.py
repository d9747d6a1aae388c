"""Command-line side of practice_eval's checks: `practice check push`. Registered on the main
group by :func:`register` (cli.py keeps one line for it)."""

from pathlib import Path

import click

from . import eval_report
from .cli_common import pass_ctx
from .options import repo_option

KINDS = ("coverage", "lint", "audit")
MAX_CHECK_BYTES = 2_000_000  # the server's limit (practice_eval/tools/checks.py)


def read_check(path):
    """The file's text, within the server's limit; a one-line error otherwise."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_CHECK_BYTES + 1)
    except OSError as err:
        raise click.ClickException(f"{path}: cannot read it ({err.strerror or err})") from None
    if len(raw) > MAX_CHECK_BYTES:
        raise click.ClickException(f"{path}: larger than {MAX_CHECK_BYTES} bytes, the server's limit")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None


def check_line(check):
    return (
        f"check {check['id']} {check['kind']} {check['state'].upper()} "
        f"{(check.get('repo') or '')} {(check.get('commit') or '')[:12]}: {check.get('summary') or ''}"
    )


def register(cli):
    """Add the ``check`` commands to the ``practice`` group ``cli`` (idempotent)."""
    if "check" in getattr(cli, "commands", {}):
        return

    @cli.group("check")
    def check_group():
        """Checks on a commit besides the test run: coverage, lint, vulnerability scans."""

    @check_group.command("push")
    @click.option("--kind", required=True, type=click.Choice(KINDS), help="What FILE holds.")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--commit", help="Commit the check ran on (default: git HEAD of the work tree).")
    @click.option("--session", "session_id", help="Session id that ran the check.")
    @repo_option("Repository name.")
    @pass_ctx
    def check_push(ctx, kind, file, commit, session_id, repo):
        """Record FILE as a check of --kind on a commit.

        coverage: Cobertura XML (`coverage xml`); lint: a JSON object {"exit_code": 0,
        "errors": 0, "warnings": 0, "tool": "ruff"} or the same as key=value lines; audit:
        pip-audit JSON (`pip-audit -f json`), every vulnerability high unless it has a
        "severity". Deploy gates read the checks of the commit they deploy."""
        content = read_check(file)
        commit = commit or eval_report.git_default("rev-parse", "HEAD")
        if not commit:
            raise click.ClickException(
                "no commit: pass --commit SHA or run inside a git work tree with commits"
            )
        check = ctx.call_refusing(
            "practice.eval.check",
            "push_check",
            kind,
            content,
            commit=commit,
            repo=repo,
            session_id=session_id,
        )
        ctx.emit(check, lambda data: click.echo(check_line(data)))
