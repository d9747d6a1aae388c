"""MCP tools of practice_watchdog. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any


def register(server, call, scope=lambda repo: repo):
    """Add the watchdog tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call whose refusal is already
    a ToolError carrying the server's message; ``scope(repo)`` names the repository a tool
    acts on."""

    @server.tool()
    def snapshot_take(
        label: str, models: list[str] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Snapshot record counts, row hashes and attachments (ad-hoc for `models`) before a
        risky data change; keep its `id` for snapshot_compare."""
        return call("practice.watchdog.snapshot", "take", label, models=models, session_id=session_id)

    @server.tool()
    def snapshot_compare(before_id: int, after_id: int | None = None) -> dict[str, Any]:
        """Diff a snapshot against a later one (or now). `ok` false: `flagged` lists what crossed
        a threshold; stop and report it to a human before going on."""
        return call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)
