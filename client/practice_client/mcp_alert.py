"""MCP tools of the watchdog's alert lifecycle. Registered by
:func:`practice_client.mcp_server.build_server`."""

from typing import Any, Literal

State = Literal["open", "new", "acknowledged", "resolved", "all"]
Severity = Literal["high", "low"]


def register(server, call, scope=lambda repo: repo):
    """Add the alert tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call
    whose refusal is already a ToolError carrying the server's message."""

    @server.tool()
    def alert_list(state: State = "open", severity: Severity | None = None, limit: int = 50) -> list:
        """Watchdog alerts you may read, most severe and newest first: bursts of deletions and
        flagged snapshot diffs. `open` = new and acknowledged. Each has `id`, `kind`, `severity`,
        `state`, `model`, `summary`, `create_date` and its diff/snapshot/session ids."""
        return call("practice.watchdog.alert", "list_alerts", state=state, severity=severity, limit=limit)

    @server.tool()
    def alert_ack(alert_id: int, note: str | None = None) -> dict[str, Any]:
        """Acknowledge a new alert: say you are on it (`note`: what you are doing, posted on the
        alert). Then investigate (sop_start SOP-TRIAGE-001 with `alert_id`) and report to a human."""
        return call("practice.watchdog.alert", "acknowledge", alert_id, note=note)

    @server.tool()
    def alert_resolve(alert_id: int, note: str) -> dict[str, Any]:
        """Resolve an alert with a `note` saying what was done (root cause, fix). Managers only:
        an AI session is refused; then leave it to a human."""
        return call("practice.watchdog.alert", "resolve", alert_id, note=note)
