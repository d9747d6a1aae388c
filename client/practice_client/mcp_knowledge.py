"""MCP tools of the knowledge (practice_knowledge): the context bundle, items whole, search, and the
``practice://`` resources. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any, Literal

from mcp.server.mcpserver.exceptions import ResourceError
from mcp.types import CallToolResult, TextContent

SearchKind = Literal["rule", "adr", "runbook", "term", "citation", "pattern"]


def markdown_result(result):
    """One copy of the markdown, as the tool's text; the rest of the answer as structured
    content (no pretty-printed JSON duplicate of the markdown)."""
    markdown = result.get("markdown") or ""
    meta = {key: value for key, value in result.items() if key != "markdown"}
    return CallToolResult(content=[TextContent(type="text", text=markdown)], structured_content=meta)


def register(server, call, scope=lambda repo: repo):
    """Add the knowledge tools and resources to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call whose refusal is already
    a ToolError carrying the server's message; ``scope(repo)`` names the repository a tool
    acts on."""

    @server.tool()
    def context_bundle(
        modules: list[str] | None = None,
        session_id: str | None = None,
        max_bytes: int = 25000,
        task: str | None = None,
        repo: str | None = None,
    ) -> CallToolResult:
        """Session-start context (markdown): rules, memory, glossary, runbooks, locks, alerts,
        last sessions. `task` (what you are about to do, in your words) ranks rules and memory
        by relevance. Follow its rules; fetch what it left out with practice_get."""
        kwargs = {"task": task} if task else {}
        return markdown_result(
            call(
                "practice.context",
                "bundle",
                session_id=session_id,
                modules=modules or [],
                max_bytes=max_bytes,
                repo=scope(repo),
                **kwargs,
            )
        )

    @server.tool()
    def practice_get(kind: str, ref: str, repo: str | None = None) -> CallToolResult:
        """One item whole, as markdown (what the bundle left out or shortened): kind `rule`,
        `memory`, `citation` or `pattern` with an id, `runbook` or `adr` with a number, `term`
        with its name (the server answers the kinds it knows when given another)."""
        return markdown_result(call("practice.context", "get", kind, ref, repo=scope(repo)))

    @server.tool()
    def get_rule(rule_id: str, repo: str | None = None) -> CallToolResult:
        """A rule whole (rule, incident, root cause, fix) by its id. Rules are hard: follow them."""
        return markdown_result(call("practice.context", "get", "rule", rule_id, repo=scope(repo)))

    @server.tool()
    def get_adr(number: str, repo: str | None = None) -> CallToolResult:
        """An architecture decision record whole by its number (e.g. 3 or ADR-0003)."""
        return markdown_result(call("practice.context", "get", "adr", number, repo=scope(repo)))

    @server.tool()
    def get_runbook(number: str, repo: str | None = None) -> CallToolResult:
        """A runbook's steps whole by its number: follow them in order."""
        return markdown_result(call("practice.context", "get", "runbook", number, repo=scope(repo)))

    @server.tool()
    def search_knowledge(
        query: str, kinds: list[SearchKind] | None = None, repo: str | None = None, limit: int = 20
    ) -> dict[str, Any]:
        """Full-text search of rules, ADRs, runbooks, glossary terms, citations (daily notes'
        entries) and patterns (the pattern library), best first. Each result has `kind` and
        `ref`: read it whole with practice_get(kind, ref)."""
        return call("practice.context", "search", query, kinds=kinds, repo=scope(repo), limit=limit)

    def _resource(kind, ref):
        return call("practice.context", "get", kind, ref, error=ResourceError)["markdown"]

    def _listing(model, fields_, line, title, domain=()):
        rows = call(model, "search_read", list(domain), fields_, order="id", limit=500, error=ResourceError)
        return f"# {title}\n\n" + "".join(f"- {line(r)}\n" for r in rows)

    def _register_kind(kind, plural, model, fields_, line, title, index_description, domain=()):
        """``practice://<plural>`` (the listing of the records ``domain`` selects) and
        ``practice://<kind>/{ref}`` (one whole)."""

        @server.resource(
            f"practice://{plural}",
            name=f"{plural}_index",
            mime_type="text/markdown",
            description=index_description,
        )
        def index() -> str:
            return _listing(model, fields_, line, title, domain)

        @server.resource(
            f"practice://{kind}/{{ref}}",
            name=f"{kind}_resource",
            mime_type="text/markdown",
            description=f"One {kind} whole.",
        )
        def item(ref: str) -> str:
            return _resource(kind, ref)

    _register_kind(
        "rule",
        "rules",
        "practice.rule",
        ["name", "severity"],
        lambda r: f"rule {r['id']} [{r['severity']}]: {r['name']} (practice://rule/{r['id']})",
        "Rules (active)",
        "Every active rule: id, severity, title. Proposed drafts (not yet accepted by an "
        "Engineer) and retired rules are not listed.",
        # a proposed rule is a draft no Engineer accepted (an AI session may have written it)
        domain=[("status", "=", "active")],
    )
    _register_kind(
        "adr",
        "adrs",
        "practice.adr",
        ["number", "display_name"],
        lambda r: f"{r['display_name']} (practice://adr/{r['number']})",
        "Architecture decision records",
        "Every ADR: number, title.",
    )
    _register_kind(
        "runbook",
        "runbooks",
        "practice.runbook",
        ["number", "display_name"],
        lambda r: f"runbook {r['display_name']} (practice://runbook/{r['number']})",
        "Runbooks",
        "Every runbook.",
    )
