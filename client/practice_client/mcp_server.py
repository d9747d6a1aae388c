"""MCP server (official ``mcp`` SDK, stdio) exposing Practice Stack to AI clients.

Every tool is one RPC call of the contract in DESIGN.md; results are the server's dicts.
Configure the connection with the same environment as the CLI (PRACTICE_URL, PRACTICE_DB,
PRACTICE_LOGIN, PRACTICE_API_KEY).
"""

from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from .rpc import PracticeError, PracticeRPC, Settings

INSTRUCTIONS = (
    "Practice Stack holds this team's hard rules, decisions, runbooks, glossary, memory, module "
    "locks and watchdog. Call context_bundle with the modules you will touch and your task at "
    "session start, and practice_get for an item it left out or shortened; "
    "lock_acquire before editing a module (respect a refusal: it names the holder); take a "
    "snapshot_take before a risky data change and snapshot_compare after."
)


def build_server(rpc_factory=None):
    """The MCP server; ``rpc_factory`` returns a connected :class:`PracticeRPC` (lazily)."""
    rpc_factory = rpc_factory or (lambda: PracticeRPC(Settings.from_env()))
    state = {}

    class _Calls:
        """The server's refusals (UserError, AccessError...) reach the model as the tool's
        error text; any other exception stays a crash the SDK hides."""

        def call(self, model, method, *args, **kwargs):
            try:
                if "rpc" not in state:
                    state["rpc"] = rpc_factory()
                return state["rpc"].call(model, method, *args, **kwargs)
            except PracticeError as err:
                raise ToolError(str(err)) from err

    calls = _Calls()

    def rpc():
        return calls

    server = MCPServer("practice", instructions=INSTRUCTIONS)

    @server.tool()
    def context_bundle(
        modules: list[str] | None = None,
        session_id: str | None = None,
        max_bytes: int = 25000,
        task: str | None = None,
    ) -> dict[str, Any]:
        """Session-start context: rules, memory, glossary, runbooks, locks, alerts, last sessions.
        `task` (what you are about to do, in your words) ranks rules and memory by relevance."""
        kwargs = {"task": task} if task else {}
        return rpc().call(
            "practice.context",
            "bundle",
            session_id=session_id,
            modules=modules or [],
            max_bytes=max_bytes,
            **kwargs,
        )

    @server.tool()
    def practice_get(kind: str, ref: str, repo: str | None = None) -> dict[str, Any]:
        """One item whole (what the bundle left out or shortened): kind rule or memory with an
        id, runbook or adr with a number, term with its name."""
        return rpc().call("practice.context", "get", kind, ref, repo=repo)

    @server.tool()
    def lock_acquire(
        module: str, session_id: str, ttl_seconds: int = 1800, reason: str = ""
    ) -> dict[str, Any]:
        """Claim an exclusive lock on a code module. Not granted names the current holder."""
        return rpc().call(
            "practice.lock", "acquire", module, session_id, ttl_seconds=ttl_seconds, reason=reason
        )

    @server.tool()
    def lock_renew(token: int, session_id: str, ttl_seconds: int | None = None) -> dict[str, Any]:
        """Extend your lock's lease."""
        return rpc().call("practice.lock", "renew", token, session_id, ttl_seconds=ttl_seconds)

    @server.tool()
    def lock_release(token: int, session_id: str) -> dict[str, Any]:
        """Release your lock."""
        return rpc().call("practice.lock", "release", token, session_id)

    @server.tool()
    def lock_verify(modules: list[str], session_id: str) -> dict[str, Any]:
        """Which of these modules are locked by you, by others, or free."""
        return rpc().call("practice.lock", "verify", modules, session_id)

    @server.tool()
    def snapshot_take(
        label: str, models: list[str] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Snapshot record counts, row hashes and attachments (ad-hoc for `models`)."""
        return rpc().call("practice.watchdog.snapshot", "take", label, models=models, session_id=session_id)

    @server.tool()
    def snapshot_compare(before_id: int, after_id: int | None = None) -> dict[str, Any]:
        """Diff a snapshot against a later one (or now); `flagged` lists what crossed a threshold."""
        return rpc().call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)

    @server.tool()
    def session_start(
        session_id: str, title: str, modules: list[str] | None = None, model_name: str | None = None
    ) -> dict[str, Any]:
        """Open your session log."""
        return rpc().call(
            "practice.session.log", "start", session_id, title, modules=modules or [], model_name=model_name
        )

    @server.tool()
    def session_note(session_id: str, kind: str, text: str) -> dict[str, Any]:
        """Log what you tried / what worked / what failed / a decision / a note."""
        return rpc().call("practice.session.log", "note", session_id, kind, text)

    @server.tool()
    def session_finish(
        session_id: str, outcome: str, summary: str, cost: float | None = None
    ) -> dict[str, Any]:
        """Close your session log with its outcome (success, partial, failed, abandoned)."""
        return rpc().call("practice.session.log", "finish", session_id, outcome, summary, cost=cost)

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
        return rpc().call("practice.memory", "remember", topic, summary, **kwargs)

    @server.tool()
    def memory_index(max_lines: int = 200, repo: str | None = None) -> dict[str, Any]:
        """The MEMORY.md-style index of a repository's memory (the default repository if omitted)."""
        result = rpc().call("practice.memory", "index", max_lines=max_lines, repo=repo)
        return result if isinstance(result, dict) else {"markdown": result}

    return server


def main():
    build_server().run("stdio")


if __name__ == "__main__":
    main()
