"""Command-line side of practice_eval: `practice eval …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""

import click

from . import eval_report
from .cli_common import pass_ctx, print_table
from .options import repo_option


def read_report(path):
    """The report's text (:func:`.eval_report.read_report`); a one-line error otherwise."""
    try:
        return eval_report.read_report(path)
    except eval_report.ReportError as err:
        raise click.ClickException(str(err)) from None


def rate_text(rate, ran=None):
    """A pass rate of an answer as printed: "66.67%", or "n/a" when nothing ran (only skips is
    not 0 %): the server answers false then and ``ran`` 0 (older servers answered 0.0 and no
    ``ran``)."""
    if rate is None or isinstance(rate, bool) or ran == 0:
        return "n/a"
    return f"{rate:.2f}%"


def category_rows(run):
    """The per-category table rows of a run answer, categories sorted."""
    return [
        [
            cat,
            rate["tests"],
            rate["passed"],
            rate.get("failed", 0),
            rate_text(rate.get("pass_rate"), rate.get("ran")),
        ]
        for cat, rate in sorted((run.get("by_category") or {}).items())
    ]


def run_line(run):
    state = "GREEN" if run["green"] else "RED"
    ran = run["tests"] - run["skipped"]
    commit = (run.get("commit") or "")[:12]
    if commit and run.get("tree_hash"):
        commit += f"+{run['tree_hash'][:8]}"  # plus uncommitted changes (their hash)
    where = " ".join(x for x in (run.get("branch") or "", commit) if x)
    return (
        f"run {run['id']} {state} {run.get('name') or ''} {run.get('date') or ''}"
        f"{f' ({where})' if where else ''}: {run['passed']}/{ran} passed ({rate_text(run.get('pass_rate'), ran)}), "
        f"{run['failed']} failed, {run['errors']} errors, {run['skipped']} skipped"
    )


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""

    def print_run(run):
        if not run:
            click.echo("no eval run yet: practice eval push report.xml")
            return
        click.echo(run_line(run))
        rows = category_rows(run)
        if rows:
            print_table(["category", "tests", "passed", "failed", "pass rate"], rows)
        for case in run.get("failing") or []:
            message = (case.get("message") or "").splitlines()[0][:160] if case.get("message") else ""
            click.echo(
                f"  {case['status']} [{case['category']}] {case['name']}"
                + (f": {message}" if message else "")
            )

    @cli.group("eval")
    def eval_group():
        """Test and eval runs: push JUnit reports, see the latest run and the trend."""

    @eval_group.command("push")
    @click.argument("report", type=click.Path(exists=True, dir_okay=False))
    @click.option("--branch", help="Branch the suite ran on (default: git's current branch).")
    @click.option("--commit", help="Commit the suite ran on (default: git HEAD).")
    @click.option("--session", "session_id", help="Session id that ran the suite (the finish gate reads it).")
    @click.option("--name", help="Run name (default: the suite name in the report).")
    @repo_option("Repository name.")
    @pass_ctx
    def eval_push(ctx, report, branch, commit, session_id, name, repo):
        """Import a JUnit XML report (pytest --junitxml) as an eval run.

        The run records the work tree it ran on: the commit plus a hash of the uncommitted
        changes (when the commit is the work tree's HEAD), so the stop hook can tell whether a
        green run exists for the work tree as it is now. Push right after the run."""
        xml = read_report(report)
        branch, commit, tree_hash = eval_report.run_state(branch, commit)
        run = ctx.call(
            "practice.eval.run",
            "import_junit",
            xml,
            repo=repo,
            branch=branch,
            commit=commit,
            session_id=session_id,
            name=name,
            source="cli",
            tree_hash=tree_hash,
        )
        ctx.emit(run, print_run)

    @eval_group.command("latest")
    @repo_option("Repository name.")
    @pass_ctx
    def eval_latest(ctx, repo):
        """The latest run of the repository: green/red, rates per category, failing cases."""
        ctx.emit(ctx.call("practice.eval.run", "latest", repo=repo), print_run)

    @eval_group.command("trend")
    @repo_option("Repository name.")
    @click.option("--limit", default=20, show_default=True, type=int)
    @pass_ctx
    def eval_trend(ctx, repo, limit):
        """Pass rate of the last runs, oldest first."""

        def human(rows):
            if not rows:
                click.echo("no eval run yet: practice eval push report.xml")
                return
            print_table(
                ["id", "date", "name", "commit", "tests", "pass rate", "state"],
                [
                    [
                        r["id"],
                        r["date"],
                        r.get("name") or "",
                        (r.get("commit") or "")[:12],
                        r.get("tests", ""),
                        rate_text(r.get("pass_rate"), r.get("ran")),
                        "green" if r["green"] else "RED",
                    ]
                    for r in rows
                ],
            )

        ctx.emit(ctx.call("practice.eval.run", "trend", repo=repo, limit=limit), human)
