"""MCP server (official ``mcp`` SDK, stdio) exposing Practice Stack to AI clients.

Every tool is one RPC call of the contract in DESIGN.md (two for ``lock_list``). A server
refusal (UserError, AccessError, a bad key, an unreachable server) reaches the model as a tool
error carrying the server's one-line message. Markdown answers (context, rules, ADRs, runbooks,
terms) come once, as the tool's text; their metadata is the structured content.
Configure the connection with the same environment as the CLI (PRACTICE_URL, PRACTICE_DB,
PRACTICE_LOGIN, PRACTICE_API_KEY).
"""

import os

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from . import (
    hook_core,
    mcp_alert,
    mcp_cost,
    mcp_deploy,
    mcp_eval,
    mcp_knowledge,
    mcp_lock,
    mcp_memory,
    mcp_note,
    mcp_sandbox,
    mcp_sop,
    mcp_vault,
    mcp_watchdog,
    repo_config,
)
from .rpc import PracticeError, PracticeRPC, Settings

INSTRUCTIONS = (
    "Practice Stack holds this team's hard rules, decisions, runbooks, glossary, memory, module "
    "locks and watchdog. Call context_bundle with the modules you will touch and your task at "
    "session start, and practice_get (or get_rule / get_adr / get_runbook) for an item it left "
    "out or shortened; search_knowledge finds rules, ADRs, runbooks, terms, citations and patterns by words. "
    "lock_acquire before editing a module and keep the token it returns (renew and release need "
    "it); a refused lock names its holder: work on something else, never edit that module. Take "
    "a snapshot_take before a risky data change and snapshot_compare after."
)


def build_server(rpc_factory=None, environ=None):
    """The MCP server; ``rpc_factory`` returns a connected :class:`PracticeRPC` (lazily).
    Tools that touch a repository's data take an optional ``repo``; without it,
    ``PRACTICE_REPO`` of the server's environment, else the Odoo server's default."""
    rpc_factory = rpc_factory or (lambda: PracticeRPC(Settings.from_env()))
    # the environment's PRACTICE_REPO, else the practice.repo of the work tree it runs in
    default_repo = repo_config.resolve(os.environ if environ is None else environ, hook_core.work_tree())
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

    server = MCPServer("practice", instructions=INSTRUCTIONS)

    areas = (
        mcp_knowledge,
        mcp_lock,
        mcp_vault,
        mcp_note,
        mcp_watchdog,
        mcp_alert,
        mcp_memory,
        mcp_cost,
        mcp_sop,
        mcp_eval,
        mcp_deploy,
        mcp_sandbox,
    )
    for area in areas:
        area.register(server, call, scope=scope)
    return server


def main():
    build_server().run("stdio")


if __name__ == "__main__":
    main()
