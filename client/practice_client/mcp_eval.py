"""MCP tools of practice_eval. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any

from mcp.server.mcpserver.exceptions import ToolError

from . import eval_report


def register(server, call, scope=lambda repo: repo):
    """Add this addon's tools to ``server``; ``call(model, method, *args, **kwargs)`` is one RPC
    call whose refusal is already a ToolError carrying the server's message."""

    @server.tool()
    def eval_push(
        report_path: str,
        session_id: str | None = None,
        branch: str | None = None,
        commit: str | None = None,
        repo: str | None = None,
    ) -> dict[str, Any]:
        """Import the JUnit XML report your test run wrote (pytest --junitxml=PATH) as an eval
        run; branch/commit default to git's. Pass your session_id: finishing your session as
        success needs a green run pushed after it started. If the answer is not green, the work
        is not done: fix the listed failing cases, run the suite again and push again. The run
        records the work tree's state (commit plus uncommitted changes): push right after the run."""
        try:
            xml = eval_report.read_report(report_path)
        except eval_report.ReportError as err:
            raise ToolError(str(err)) from None
        branch, commit, tree_hash = eval_report.run_state(branch, commit)
        return call(
            "practice.eval.run",
            "import_junit",
            xml,
            repo=scope(repo),
            branch=branch,
            commit=commit,
            session_id=session_id,
            source="cli",
            tree_hash=tree_hash,
        )

    @server.tool()
    def eval_latest(repo: str | None = None) -> dict[str, Any]:
        """The latest eval run of the repository: green or red, pass rate per category and the
        failing cases (false when none was pushed). Red means the suite is not passing: do not
        claim work done; look at the failing cases on your modules first."""
        return call("practice.eval.run", "latest", repo=scope(repo)) or {
            "found": False,
            "message": "no eval run pushed yet",
        }
