"""MCP tools of practice_deploy. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any, Literal

DeployStep = Literal["request", "approve", "redispatch", "verify"]
STEP_METHODS = {
    "request": "action_deploy_ready",
    "approve": "action_deploy_approve",
    "redispatch": "action_deploy_redispatch",
    "verify": "action_deploy_verify",
}


def register(server, call, scope=lambda repo: repo):
    """Add this addon's tools to ``server``; ``call(model, method, *args, **kwargs)`` is one RPC
    call whose refusal is already a ToolError carrying the server's message."""

    @server.tool()
    def deploy_status(task_id: int) -> dict[str, Any]:
        """State of a Deploy task (draft, ready, approved, dispatched, no_answer, deployed,
        rolled_back, verified, failed), its deployment id, dispatch attempts, gates and `next_steps`. Report
        it to the user; a failing gate or `last_error` says what must be fixed first."""
        return call("project.task", "deploy_status", task_id)

    @server.tool()
    def deploy_step(task_id: int, step: DeployStep) -> dict[str, Any]:
        """Move a Deploy task one step: `request` (draft -> ready for review), `approve`
        (Deploy Approvers only, never your own request; dispatches the signed deploy event),
        `redispatch` (Deploy Approvers: a task whose callback never came, no_answer, is sent again
        with a new idempotency key), `verify` (deployed -> verified, after checking production). Only do `approve` or
        `verify` when the user asked you to. Answers the new status; a refusal's message says
        why (wrong state, not allowed, a gate failing)."""
        call("project.task", STEP_METHODS[step], [task_id])
        return call("project.task", "deploy_status", task_id)
