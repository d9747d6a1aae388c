"""Command-line side of practice_sop: `practice sop …` and `practice error-code …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it).

A refusal of the server (a step out of order, a skip without a reason, completing with open steps, an unknown run,
not allowed) is one line on stderr and exit 3; a connection failure exit 1; a usage error exit 2.
"""

import click

from . import daily_note, hook_core
from .cli_common import in_repo, pass_ctx, print_fields, print_table
from .options import repo_option
from .sop_evidence import evidence_files
from .sop_postmortem import PostmortemError, write_postmortem
from .vault import StateError, remote_key

SEVERITIES = ("critical", "high", "medium", "low")
STEP_STATES = ("in_progress", "completed", "skipped")


def _call(ctx, model, method, *args, **kwargs):
    """One call; the server's refusal is exit 3 with its message."""
    return ctx.call_refusing(model, method, *args, **kwargs)


def _measure_line(m):
    return f"measure {m['id']} ({m['state']}, {m['owner'] or '-'} due {m['due']}): {m['summary']}"


def _with_files(text, files):
    return f"{text} [files: {', '.join(files)}]" if files else text


def _steps_detail(run):
    """Each step's instructions and expected result (``sop show``): how to do it, what it yields."""
    for step in run.get("steps") or []:
        if not (step.get("instructions") or step.get("expected_result")):
            continue
        click.echo(f"\nstep {step['sequence']}: {step['title']}")
        for line in (step.get("instructions") or "").splitlines():
            click.echo(f"  {line}")
        if step.get("expected_result"):
            click.echo(f"  expected: {step['expected_result']}")


def _run_human(run):
    line = (
        f"run {run['id']} {run['sop']} v{run['sop_version']}{in_repo(run)}: {run['state']}, {run['severity']}"
    )
    if run.get("category"):
        line += f", {run['category']}"
    if run.get("due_at"):
        line += f", SLA {run['sla_minutes']} min due {run['due_at']} UTC ({run['sla']})"
    click.echo(line)
    click.echo(f"title: {run['title']}")
    if run.get("error_codes"):
        click.echo(f"error codes: {', '.join(run['error_codes'])}")
    if run.get("rule_id"):
        click.echo(f"drafted rule: {run['rule_id']}")
    for index, pair in enumerate(run.get("five_whys") or [], start=1):
        click.echo(f"why {index}: {pair['why']} -> because {pair['because']}")
    if run.get("five_whys") and run.get("root_cause"):
        click.echo(f"root cause: {run['root_cause']}")
    for measure in run.get("measures") or []:
        click.echo(_measure_line(measure))
    steps = run.get("steps")
    if isinstance(steps, list):
        print_table(
            ["#", "step", "state", "result / reason"],
            [
                [
                    s["sequence"],
                    s["title"],
                    s["state"],
                    _with_files(s["result"] or s["reason"], s.get("files")),
                ]
                for s in steps
            ],
        )
        waiting = [s for s in steps if s["state"] not in ("completed", "skipped")]
        if run["state"] == "running":
            if waiting:
                click.echo(f"next: step {waiting[0]['sequence']} {waiting[0]['title']}")
            else:
                click.echo(f"every step done: practice sop finish {run['id']}")


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""

    @cli.group()
    def sop():
        """SOP runs: start one, record its steps in order, finish it (SLA met or missed)."""

    @sop.command("start")
    @click.argument("sop_code")
    @click.argument("title")
    @click.option("--severity", type=click.Choice(SEVERITIES), default="high", show_default=True)
    @click.option("--session", "session_id", help="Your session id (an agent running the SOP).")
    @click.option(
        "--alert", "alert_id", type=int, help="Watchdog alert id this run triages (its severity wins)."
    )
    @click.option(
        "--category", help="Category code of the catalog (DATABASE, DEPLOY, ...: `practice sop categories`)."
    )
    @repo_option("Repository name.")
    @pass_ctx
    def sop_start(ctx, sop_code, title, severity, session_id, alert_id, category, repo):
        """Start a run of SOP_CODE about TITLE and print its steps and due time (SOP_CODE like SOP-TRIAGE-001)."""
        kwargs = {"category": category} if category else {}
        result = _call(
            ctx,
            "practice.sop.run",
            "start",
            sop_code,
            title,
            severity=severity,
            session_id=session_id,
            alert_id=alert_id,
            repo=repo,
            **kwargs,
        )
        ctx.emit(result, _run_human)

    @sop.command("step")
    @click.argument("run_id", type=int)
    @click.argument("sequence", type=int)
    @click.argument("state", type=click.Choice(STEP_STATES))
    @click.option("--result", default="", help="Actual result of the step (evidence: what was collected).")
    @click.option("--reason", default="", help="Why the step is skipped (required to skip).")
    @click.option(
        "--why",
        "whys",
        multiple=True,
        help="5 Whys of the root-cause step: a why, in order (pairs with --because).",
    )
    @click.option(
        "--because", "becauses", multiple=True, help="The answer to the --why at the same position."
    )
    @click.option("--root-cause", default="", help="The root cause the whys end at (root-cause step).")
    @click.option(
        "--attach",
        "attach",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Evidence file stored on the run (logs, screenshots; 10 MiB each, type checked). Repeatable.",
    )
    @pass_ctx
    def sop_step(ctx, run_id, sequence, state, result, reason, whys, becauses, root_cause, attach):
        """Move step SEQUENCE of RUN_ID to STATE; steps go in order, skipping needs --reason (exit 3 if refused).

        Completing the root-cause step (3 in SOP-TRIAGE-001) records the 5 Whys:
        --why "..." --because "..." (repeated, in order) and --root-cause "...".
        """
        if len(whys) != len(becauses):
            raise click.UsageError(
                f"every --why needs its --because (got {len(whys)} --why, {len(becauses)} --because)."
            )
        extra = {}
        if whys:
            extra["whys"] = [{"why": w, "because": b} for w, b in zip(whys, becauses, strict=True)]
        if root_cause:
            extra["root_cause"] = root_cause
        if attach:
            try:
                extra["files"] = evidence_files(attach)
            except ValueError as err:
                raise click.BadParameter(str(err), param_hint="--attach") from None
        answer = _call(
            ctx, "practice.sop.run", "step", run_id, sequence, state, result=result, reason=reason, **extra
        )
        ctx.emit(answer, _run_human)

    @sop.command("finish")
    @click.argument("run_id", type=int)
    @click.option("--abort", is_flag=True, help="Abort the run instead of completing it (needs --reason).")
    @click.option("--reason", default="", help="Why the run is aborted.")
    @pass_ctx
    def sop_finish(ctx, run_id, abort, reason):
        """Complete RUN_ID (every step completed or skipped) or abort it; prints the SLA verdict."""
        answer = _call(
            ctx, "practice.sop.run", "finish", run_id, "aborted" if abort else "completed", reason=reason
        )

        def human(r):
            sla = f", SLA {r['sla']}" if r.get("sla") else ""
            click.echo(f"run {r['id']} {r['state']} in {r['duration_minutes']} min{sla}")

        ctx.emit(answer, human)

    @sop.command("show")
    @click.argument("run_id", type=int)
    @pass_ctx
    def sop_show(ctx, run_id):
        """A run with its steps, their results and each step's instructions."""

        def human(run):
            _run_human(run)
            _steps_detail(run)

        ctx.emit(_call(ctx, "practice.sop.run", "get_run", run_id), human)

    @sop.command("list")
    @click.option("--state", type=click.Choice(("draft", "running", "completed", "aborted")))
    @repo_option()
    @click.option("--limit", default=20, show_default=True, type=int)
    @pass_ctx
    def sop_list(ctx, state, repo, limit):
        """Recent runs, newest first."""
        runs = _call(ctx, "practice.sop.run", "list_runs", state=state, repo=repo, limit=limit)

        def human(rows):
            print_table(
                ["id", "sop", "title", "severity", "state", "steps", "due", "sla"],
                [
                    [
                        r["id"],
                        r["sop"],
                        r["title"],
                        r["severity"],
                        r["state"],
                        r["steps"],
                        r["due_at"],
                        r["sla"],
                    ]
                    for r in rows
                ],
            )

        ctx.emit(runs, human)

    @sop.command("measure")
    @click.argument("run_id", type=int)
    @click.argument("summary")
    @click.option("--owner", help="Login of the user who owns it (default: you).")
    @click.option("--due", help="Due date YYYY-MM-DD (default: in 7 days).")
    @pass_ctx
    def sop_measure(ctx, run_id, summary, owner, due):
        """Plan a preventive measure of RUN_ID: an activity SUMMARY with an owner and a due date."""
        answer = _call(ctx, "practice.sop.run", "add_measure", run_id, summary, owner=owner, due=due)
        ctx.emit(answer, _run_human)

    @sop.command("categories")
    @pass_ctx
    def sop_categories(ctx):
        """The run categories of the catalog (Managers edit them in Odoo)."""
        rows = _call(ctx, "practice.sop.category", "list_categories")
        ctx.emit(
            rows,
            lambda r: print_table(
                ["code", "name", "description"], [[c["code"], c["name"], c["description"]] for c in r]
            ),
        )

    @sop.command("draft-rule")
    @click.argument("run_id", type=int)
    @pass_ctx
    def sop_draft_rule(ctx, run_id):
        """Draft a hard rule from completed RUN_ID (proposed: an Engineer accepts it in Odoo)."""
        answer = _call(ctx, "practice.sop.run", "draft_rule", run_id)
        ctx.emit(answer, lambda r: click.echo(f"rule {r['rule_id']} {r['state']}: {r['title']}"))

    @sop.command("postmortem")
    @click.argument("run_id", type=int)
    @click.option(
        "--folder",
        type=click.Path(file_okay=False),
        help="The vault folder. Default: knowledge/ of this work tree (of the current folder outside one).",
    )
    @click.option("--force", is_flag=True, help="Write over a local copy changed since the last pull.")
    @repo_option("Repository whose vault state (.practice-vault.json) keeps the file's version.")
    @pass_ctx
    def sop_postmortem(ctx, run_id, folder, force, repo):
        """Write the post-mortem of completed (or aborted) RUN_ID into the vault folder and print
        its path: postmortems/YYYY-MM-DD-<code>.md (timeline, 5 Whys, root cause, fix, preventive
        actions, links). The server keeps it too (one per run; running it again updates it)."""
        answer = _call(ctx, "practice.sop.run", "postmortem", run_id)
        folder = folder or daily_note.default_folder(hook_core.work_tree())
        try:
            result = write_postmortem(
                folder, remote_key(ctx.settings.url, ctx.settings.db, repo), answer, force=force
            )
        except (PostmortemError, StateError) as err:
            raise click.ClickException(str(err)) from None
        ctx.emit(result, lambda r: click.echo(r["file"]))

    @cli.group("error-code")
    def error_code():
        """The error-code catalog (DB_CONNECTION_LEAK, ...)."""

    @error_code.command("add")
    @click.argument("code")
    @click.option("--severity", type=click.Choice(SEVERITIES), required=True)
    @click.option("--description", required=True, help="What the error is.")
    @click.option("--resolution", default="", help="How it is resolved.")
    @click.option("--run", "run_id", type=int, help="SOP run that found it (an occurrence).")
    @pass_ctx
    def error_code_add(ctx, code, severity, description, resolution, run_id):
        """Register CODE (uppercase snake case) or find it, and link it to --run."""
        answer = _call(
            ctx,
            "practice.error.code",
            "register",
            code,
            severity,
            description,
            resolution=resolution,
            run_id=run_id,
        )

        def human(r):
            verb = "registered" if r["created"] else "known"
            click.echo(f"{r['code']} {verb} (id {r['id']}), {r['occurrences']} occurrence(s)")

        ctx.emit(answer, human)

    @error_code.command("show")
    @click.argument("code")
    @pass_ctx
    def error_code_show(ctx, code):
        """One catalog entry with its occurrences and rules."""
        answer = _call(ctx, "practice.error.code", "show", code)

        def human(r):
            print_fields(
                r,
                [
                    "code",
                    "severity",
                    "description",
                    "resolution",
                    "occurrences",
                    "first_seen",
                    "last_seen",
                    "sops",
                ],
            )
            for rule in r["rules"]:
                click.echo(f"rule {rule['id']} ({rule['status']}): {rule['title']}")
            for measure in r.get("measures") or []:
                click.echo(f"run {measure['run_id']} {_measure_line(measure)}")

        ctx.emit(answer, human)
