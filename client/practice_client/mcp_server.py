"""MCP server (official ``mcp`` SDK, stdio) exposing Practice Stack to AI clients.

Every tool is one RPC call of the contract in DESIGN.md (two for ``lock_list``). A server
refusal (UserError, AccessError, a bad key, an unreachable server) reaches the model as a tool
error carrying the server's one-line message. Markdown answers (context, rules, ADRs, runbooks,
terms) come once, as the tool's text; their metadata is the structured content.
Configure the connection with the same environment as the CLI (PRACTICE_URL, PRACTICE_DB,
PRACTICE_LOGIN, PRACTICE_API_KEY).
"""

import os
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, TextContent

from . import gitguard, mcp_deploy, mcp_eval, mcp_sop, repo_config
from .rpc import PracticeError, PracticeRPC, Settings

INSTRUCTIONS = (
    "Practice Stack holds this team's hard rules, decisions, runbooks, glossary, memory, module "
    "locks and watchdog. Call context_bundle with the modules you will touch and your task at "
    "session start, and practice_get (or get_rule / get_adr / get_runbook) for an item it left "
    "out or shortened; search_knowledge finds rules, ADRs, runbooks and terms by words. "
    "lock_acquire before editing a module and keep the token it returns (renew and release need "
    "it); a refused lock names its holder: work on something else, never edit that module. Take "
    "a snapshot_take before a risky data change and snapshot_compare after."
)

NoteKind = Literal["tried", "worked", "failed", "decision", "note"]
Outcome = Literal["success", "partial", "failed", "abandoned"]
SearchKind = Literal["rule", "adr", "runbook", "term"]


def markdown_result(result):
    """One copy of the markdown, as the tool's text; the rest of the answer as structured
    content (no pretty-printed JSON duplicate of the markdown)."""
    markdown = result.get("markdown") or ""
    meta = {key: value for key, value in result.items() if key != "markdown"}
    return CallToolResult(content=[TextContent(type="text", text=markdown)], structured_content=meta)


def build_server(rpc_factory=None, environ=None):
    """The MCP server; ``rpc_factory`` returns a connected :class:`PracticeRPC` (lazily).
    Tools that touch a repository's data take an optional ``repo``; without it,
    ``PRACTICE_REPO`` of the server's environment, else the Odoo server's default."""
    rpc_factory = rpc_factory or (lambda: PracticeRPC(Settings.from_env()))
    # the environment's PRACTICE_REPO, else the practice.repo of the work tree it runs in
    default_repo = repo_config.resolve(os.environ if environ is None else environ, gitguard.work_tree())
    state = {}

    def scope(repo):
        """The repository a tool acts on: its argument, else the server's ``PRACTICE_REPO``."""
        return repo or default_repo

    def call(model, method, *args, error=ToolError, **kwargs):
        """One RPC call; the server's refusal (or a connection failure) becomes ``error``
        (a ToolError for tools, a ResourceError for resources) with its one-line message."""
        try:
            if "rpc" not in state:
                state["rpc"] = rpc_factory()
            return state["rpc"].call(model, method, *args, **kwargs)
        except PracticeError as err:
            raise error(str(err)) from err

    class _Calls:
        def call(self, model, method, *args, **kwargs):
            return call(model, method, *args, **kwargs)

    calls = _Calls()

    def rpc():
        return calls

    server = MCPServer("practice", instructions=INSTRUCTIONS)

    # -- context and reading -----------------------------------------------------------------
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
            rpc().call(
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
        """One item whole, as markdown (what the bundle left out or shortened): kind `rule` or
        `memory` with an id, `runbook` or `adr` with a number, `term` with its name (the server
        answers the kinds it knows when given another)."""
        return markdown_result(rpc().call("practice.context", "get", kind, ref, repo=scope(repo)))

    @server.tool()
    def get_rule(rule_id: str, repo: str | None = None) -> CallToolResult:
        """A rule whole (rule, incident, root cause, fix) by its id. Rules are hard: follow them."""
        return markdown_result(rpc().call("practice.context", "get", "rule", rule_id, repo=scope(repo)))

    @server.tool()
    def get_adr(number: str, repo: str | None = None) -> CallToolResult:
        """An architecture decision record whole by its number (e.g. 3 or ADR-0003)."""
        return markdown_result(rpc().call("practice.context", "get", "adr", number, repo=scope(repo)))

    @server.tool()
    def get_runbook(number: str, repo: str | None = None) -> CallToolResult:
        """A runbook's steps whole by its number: follow them in order."""
        return markdown_result(rpc().call("practice.context", "get", "runbook", number, repo=scope(repo)))

    @server.tool()
    def search_knowledge(
        query: str, kinds: list[SearchKind] | None = None, repo: str | None = None, limit: int = 20
    ) -> dict[str, Any]:
        """Full-text search of rules, ADRs, runbooks and glossary terms, best first. Each result
        has `kind` and `ref`: read it whole with practice_get(kind, ref)."""
        return rpc().call("practice.context", "search", query, kinds=kinds, repo=scope(repo), limit=limit)

    # -- locks -------------------------------------------------------------------------------
    @server.tool()
    def lock_acquire(
        module: str,
        session_id: str,
        ttl_seconds: int | None = None,
        reason: str = "",
        repo: str | None = None,
    ) -> dict[str, Any]:
        """Claim an exclusive lock on a code module before editing it (`ttl_seconds`: leave it
        out for the server's default lease). Granted: keep `token` (renew and release need it).
        Not granted: `holder` names who has it; do not edit that module, work on something else
        or ask the holder."""
        ttl = {} if ttl_seconds is None else {"ttl_seconds": ttl_seconds}
        return rpc().call(
            "practice.lock", "acquire", module, session_id, reason=reason, repo=scope(repo), **ttl
        )

    @server.tool()
    def lock_renew(token: int, session_id: str, ttl_seconds: int | None = None) -> dict[str, Any]:
        """Extend your lock's lease (a shorter ttl never shortens it). `ok` false: the lock is no
        longer yours (expired, released or force-released): stop editing and acquire again."""
        return rpc().call("practice.lock", "renew", token, session_id, ttl_seconds=ttl_seconds)

    @server.tool()
    def lock_release(token: int, session_id: str) -> dict[str, Any]:
        """Release your lock when you are done with the module (lost the token? see lock_list)."""
        return rpc().call("practice.lock", "release", token, session_id)

    @server.tool()
    def lock_verify(modules: list[str], session_id: str, repo: str | None = None) -> dict[str, Any]:
        """Which of these modules are locked by you (`ours`), by others (`theirs`: do not edit
        them), or free."""
        return rpc().call("practice.lock", "verify", modules, session_id, repo=scope(repo))

    @server.tool()
    def lock_list(session_id: str | None = None, repo: str | None = None) -> dict[str, Any]:
        """Locks held now (module, token, holder session, expiry); with `session_id` only that
        session's (to find a token you lost)."""
        domain = [("state", "=", "held")]
        if session_id:
            domain.append(("session_id", "=", session_id))
        if scope(repo):
            domain.append(("repo_id.name", "=", scope(repo)))
        fields_ = ["module_name", "repo_id", "token", "session_id", "user_id", "reason", "expires_at"]
        rows = rpc().call("practice.lock", "search_read", domain, fields_, order="token desc", limit=500)
        locks = [
            {
                "module": r["module_name"],
                "repo": r["repo_id"][1] if r["repo_id"] else None,
                "token": r["token"],
                "session_id": r["session_id"],
                "user": r["user_id"][1] if r["user_id"] else None,
                "reason": r["reason"] or "",
                "expires_at": r["expires_at"] or None,
            }
            for r in rows
        ]
        return {"locks": locks}

    @server.tool()
    def check_token(module: str, token: int, repo: str | None = None) -> dict[str, Any]:
        """Fencing: is `token` still the live lock of `module`? `valid` false: your lock is gone;
        do not write, acquire again."""
        return rpc().call("practice.lock", "check_token", module, token, repo=scope(repo))

    # -- watchdog ----------------------------------------------------------------------------
    @server.tool()
    def snapshot_take(
        label: str, models: list[str] | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        """Snapshot record counts, row hashes and attachments (ad-hoc for `models`) before a
        risky data change; keep its `id` for snapshot_compare."""
        return rpc().call("practice.watchdog.snapshot", "take", label, models=models, session_id=session_id)

    @server.tool()
    def snapshot_compare(before_id: int, after_id: int | None = None) -> dict[str, Any]:
        """Diff a snapshot against a later one (or now). `ok` false: `flagged` lists what crossed
        a threshold; stop and report it to a human before going on."""
        return rpc().call("practice.watchdog.snapshot", "compare", before_id, after_id=after_id)

    # -- sessions and memory -----------------------------------------------------------------
    @server.tool()
    def session_start(
        session_id: str,
        title: str,
        modules: list[str] | None = None,
        model_name: str | None = None,
        repo: str | None = None,
    ) -> dict[str, Any]:
        """Open your session log (in `repo`; memories you remember in it belong there)."""
        return rpc().call(
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
        return rpc().call("practice.session.log", "note", session_id, kind, text)

    @server.tool()
    def session_finish(
        session_id: str, outcome: Outcome, summary: str, cost: float | None = None
    ) -> dict[str, Any]:
        """Close your session log with its outcome."""
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
        result = rpc().call("practice.memory", "index", max_lines=max_lines, repo=scope(repo))
        return result if isinstance(result, dict) else {"markdown": result}

    # -- resources ---------------------------------------------------------------------------
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

    for addon_tools in (mcp_sop, mcp_eval, mcp_deploy):
        addon_tools.register(server, call, scope=scope)
    return server


def main():
    build_server().run("stdio")


if __name__ == "__main__":
    main()
