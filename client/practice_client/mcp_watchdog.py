"""MCP tools of practice_watchdog. Registered by :func:`practice_client.mcp_server.build_server`.

Snapshots are taken and compared on the target database (:func:`.target.scope`: the session's
sandbox, PRACTICE_TARGET_*, the work tree's target, else the practice server's own), like
``practice snapshot take|compare``; each answer names it in ``target``."""

import os
from typing import Any

from . import target
from .mcp_sandbox import practice_call, tool_errors


def register(server, call, scope=lambda repo: repo):
    """Add the watchdog tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call whose refusal is already
    a ToolError carrying the server's message; ``scope(repo)`` names the repository a tool
    acts on."""
    raw = practice_call(call)

    def on_target(session, method, *args, **kwargs):
        env = os.environ
        with tool_errors(env):
            target_call, where = target.scope(env, raw, session_id=session)
            result = target_call("practice.watchdog.snapshot", method, *args, **kwargs)
        return dict(result, target=target.public(where))

    @server.tool()
    def snapshot_take(
        label: str, models: list[str] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Snapshot record counts, row hashes and attachments (ad-hoc for `models`) before a
        risky data change, on the database you change (`target`: the session's sandbox or the
        configured target); keep its `id` for snapshot_compare."""
        return on_target(session_id, "take", label, models=models, session_id=session_id)

    @server.tool()
    def snapshot_compare(
        before_id: int, after_id: int | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Diff a snapshot against a later one (or now), on the database snapshot_take measured
        (give the same `session_id`). `ok` false: `flagged` lists what crossed a threshold;
        stop and report it to a human before going on."""
        return on_target(session_id, "compare", before_id, after_id=after_id)
