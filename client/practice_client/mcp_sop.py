"""MCP tools of practice_sop. Registered by :func:`practice_client.mcp_server.build_server`."""

import os
from typing import Any, Literal

from mcp.server.mcpserver.exceptions import ToolError

from . import daily_note, env_settings, hook_core
from .sop_evidence import evidence_files
from .sop_postmortem import PostmortemError, write_postmortem
from .vault import StateError, remote_key

Severity = Literal["critical", "high", "medium", "low"]
StepState = Literal["in_progress", "completed", "skipped"]
FinishState = Literal["completed", "aborted"]


def register(server, call, scope=lambda repo: repo):
    """Add this addon's tools to ``server``; ``call(model, method, *args, **kwargs)`` is one RPC
    call whose refusal is already a ToolError carrying the server's message."""

    @server.tool()
    def sop_start(
        sop_code: str,
        title: str,
        severity: Severity = "high",
        session_id: str | None = None,
        alert_id: int | None = None,
        category: str | None = None,
    ) -> dict[str, Any]:
        """Start a run of an SOP (e.g. SOP-TRIAGE-001 to investigate a production error) and get its
        steps and SLA due time. Keep `id`; do the steps in order with sop_step, recording what you
        found as each step's result, then sop_finish. `alert_id` links a watchdog alert (its
        severity wins). `category`: a code of sop_categories (DATABASE, DEPLOY, ...)."""
        extra = {"category": category} if category else {}
        return call(
            "practice.sop.run",
            "start",
            sop_code,
            title,
            severity=severity,
            session_id=session_id,
            alert_id=alert_id,
            **extra,
        )

    @server.tool()
    def sop_add_measure(
        run_id: int, summary: str, owner: str | None = None, due: str | None = None
    ) -> dict[str, Any]:
        """Plan a preventive measure of run `run_id` (step 6 of SOP-TRIAGE-001): a tracked action
        `summary` for the user of login `owner` (default you) due `due` (YYYY-MM-DD, default in 7
        days). The answer's `measures` lists the run's measures; error_code_show lists them too."""
        return call("practice.sop.run", "add_measure", run_id, summary, owner=owner, due=due)

    @server.tool()
    def sop_categories() -> list:
        """The run categories (code, name, description) to pass as sop_start's `category`."""
        return call("practice.sop.category", "list_categories")

    @server.tool()
    def sop_step(
        run_id: int,
        sequence: int,
        state: StepState,
        result: str = "",
        reason: str = "",
        whys: list[dict[str, str]] | None = None,
        root_cause: str = "",
        attach: list[str] | None = None,
    ) -> dict[str, Any]:
        """Record step `sequence` of run `run_id`: `completed` with the actual result (evidence steps
        need one), or `skipped` with a reason. Steps go in order: an error names the step to do
        first. The answer is the whole run: continue with the first step not completed/skipped.
        Completing the root-cause step (3 of SOP-TRIAGE-001): give the 5 Whys as `whys`, ordered
        {why, because} pairs, and the `root_cause` they end at. `attach`: paths of evidence files
        (logs, screenshots, .txt/.log/.json/.png/.pdf..., 10 MiB each) stored on the run."""
        extra = {}
        if attach:
            try:
                extra["files"] = evidence_files(attach)
            except ValueError as err:
                raise ToolError(str(err)) from None
        if whys:
            extra["whys"] = whys  # the server checks the pairs
        if root_cause:
            extra["root_cause"] = root_cause
        return call(
            "practice.sop.run", "step", run_id, sequence, state, result=result, reason=reason, **extra
        )

    @server.tool()
    def sop_finish(run_id: int, state: FinishState = "completed", reason: str = "") -> dict[str, Any]:
        """Complete the run (every step completed or skipped) or abort it with a reason. The answer
        says whether the severity's SLA was met; after a completed incident, call sop_draft_rule."""
        return call("practice.sop.run", "finish", run_id, state, reason=reason)

    @server.tool()
    def sop_list(
        state: Literal["draft", "running", "completed", "aborted"] | None = None, limit: int = 20
    ) -> list:
        """Recent SOP runs, newest first (`steps` is done/total): pick up a run you started earlier."""
        return call("practice.sop.run", "list_runs", state=state, limit=limit)

    @server.tool()
    def sop_show(run_id: int) -> dict[str, Any]:
        """One run with every step's state, result, `instructions` (how to do it) and
        `expected_result`: read a step's instructions before doing it."""
        return call("practice.sop.run", "get_run", run_id)

    @server.tool()
    def sop_draft_rule(run_id: int) -> dict[str, Any]:
        """Turn a completed run into a proposed hard rule (rule text from the resolution, incident
        from the evidence). It stays proposed until an Engineer accepts it: tell the user its id."""
        return call("practice.sop.run", "draft_rule", run_id)

    @server.tool()
    def sop_postmortem(run_id: int, folder: str | None = None, force: bool = False) -> dict[str, Any]:
        """Write the post-mortem of a completed or aborted run into the vault folder
        (`folder`, default knowledge/ of the work tree) as postmortems/YYYY-MM-DD-<code>.md:
        timeline of the steps, 5 Whys, root cause, fix, preventive actions, links. The server
        keeps it too (one per run; calling again updates it). Answers `file` (tell the user) and
        `path`. A local copy changed since the last pull is refused unless `force`."""
        answer = call("practice.sop.run", "postmortem", run_id)
        settings = env_settings.values(os.environ)
        repo = scope(None)
        try:
            return write_postmortem(
                folder or daily_note.default_folder(hook_core.work_tree()),
                remote_key(settings["url"], settings["db"], repo),
                answer,
                force=force,
            )
        except (PostmortemError, StateError, OSError) as err:
            raise ToolError(str(err)) from None

    @server.tool()
    def error_code_add(
        code: str, severity: Severity, description: str, resolution: str = "", run_id: int | None = None
    ) -> dict[str, Any]:
        """Register an error code in the catalog (uppercase snake case like DB_CONNECTION_LEAK) or
        find the existing one, and record it as found by run `run_id`. `created` false: it was
        already known: read it with error_code_show, its resolution may apply."""
        return call(
            "practice.error.code",
            "register",
            code,
            severity,
            description,
            resolution=resolution,
            run_id=run_id,
        )

    @server.tool()
    def error_code_show(code: str) -> dict[str, Any]:
        """A catalog entry: description, resolution, occurrences and the hard rules born from it."""
        return call("practice.error.code", "show", code)
