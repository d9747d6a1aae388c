"""MCP tool of the cost report: ``cost_report``. Registered by
:func:`practice_client.mcp_server.build_server`."""

from typing import Any, Literal

Period = Literal["today", "week", "month"]
GroupBy = Literal["model", "session", "repo"]


def register(server, call, scope=lambda repo: repo):
    """Add the cost tool to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call
    whose refusal is already a ToolError carrying the server's message; ``scope(repo)`` names
    the repository a tool acts on."""

    @server.tool()
    def cost_report(
        period: Period = "today",
        by: GroupBy = "model",
        repo: str | None = None,
        all_repos: bool = False,
        limit: int = 50,
    ) -> dict[str, Any]:
        """What the sessions started today / this week / this month cost, by model, session or
        repository (totals, rows most expensive first, costs in the company currency), and each
        budget's spending against its daily and monthly amounts (state ok / warning from 80 % /
        exceeded). `repo` (default: your repository) or `all_repos` for every repository. When
        a budget is at warning or exceeded, prefer smaller models and shorter contexts."""
        return call(
            "practice.session.usage",
            "report",
            period=period,
            by=by,
            repo=None if all_repos else scope(repo),
            limit=limit,
        )
