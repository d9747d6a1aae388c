"""MCP tools of practice_memory: session logs and memory. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any, Literal

NoteKind = Literal["tried", "worked", "failed", "decision", "note"]
Outcome = Literal["success", "partial", "failed", "abandoned"]


def register(server, call, scope=lambda repo: repo):
    """Add the session and memory tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call whose refusal is already
    a ToolError carrying the server's message; ``scope(repo)`` names the repository a tool
    acts on."""

    @server.tool()
    def session_start(
        session_id: str,
        title: str,
        modules: list[str] | None = None,
        model_name: str | None = None,
        repo: str | None = None,
    ) -> dict[str, Any]:
        """Open your session log (in `repo`; memories you remember in it belong there)."""
        return call(
            "practice.session.log",
            "start",
            session_id,
            title,
            modules=modules or [],
            model_name=model_name,
            repo=scope(repo),
        )

    @server.tool()
    def session_note(session_id: str, kind: NoteKind, text: str) -> dict[str, Any]:
        """Log what you tried / what worked / what failed / a decision / a note."""
        return call("practice.session.log", "note", session_id, kind, text)

    @server.tool()
    def session_finish(
        session_id: str, outcome: Outcome, summary: str, cost: float | None = None
    ) -> dict[str, Any]:
        """Close your session log with its outcome."""
        return call("practice.session.log", "finish", session_id, outcome, summary, cost=cost)

    @server.tool()
    def session_list(
        state: Literal["running", "finished", "abandoned"] | None = None,
        mine: bool = False,
        limit: int = 20,
        repo: str | None = None,
    ) -> list[dict[str, Any]]:
        """The latest session logs you may read, newest first (yours only with `mine`)."""
        return call("practice.session.log", "sessions", repo=scope(repo), state=state, mine=mine, limit=limit)

    @server.tool()
    def session_show(session_id: str) -> dict[str, Any]:
        """One session log whole: fields, notes (what was tried, worked, failed) and cost per model."""
        return call("practice.session.log", "describe", session_id)

    @server.tool()
    def memory_remember(
        topic: str,
        summary: str,
        session_id: str | None = None,
        modules: list[str] | None = None,
        supersedes: str | None = None,
        expires_on: str | None = None,
    ) -> dict[str, Any]:
        """Record a finding; near-duplicates update the existing memory instead of adding one.
        `modules` default to your session's; `supersedes` (id, key or topic) replaces an older
        memory (kept as history); `expires_on` (YYYY-MM-DD) drops it from the bundle after."""
        kwargs = {"session_id": session_id, "modules": modules or []}
        if supersedes:
            kwargs["supersedes"] = supersedes
        if expires_on:
            kwargs["expires_on"] = expires_on
        return call("practice.memory", "remember", topic, summary, **kwargs)

    @server.tool()
    def memory_index(max_lines: int = 200, repo: str | None = None) -> dict[str, Any]:
        """The MEMORY.md-style index of a repository's memory (the default repository if omitted)."""
        result = call("practice.memory", "index", max_lines=max_lines, repo=scope(repo))
        return result if isinstance(result, dict) else {"markdown": result}
