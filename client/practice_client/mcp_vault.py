"""MCP tools of the vault (practice_knowledge and the addons that add kinds of files to it):
push a knowledge/ folder, pull the server's vault into one. Registered by
:func:`practice_client.mcp_server.build_server`; the same push and pull as ``practice vault``
(:func:`.vault.push`, :func:`.vault.pull`), never with ``--prune`` or ``--force`` (a person's
decision, from the CLI)."""

import os
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError

from . import env_settings
from . import vault as vault_io


def _remote(repo):
    """The key of the server's versions in a folder: this MCP server's URL, database, repo."""
    settings = env_settings.values(os.environ)
    return vault_io.remote_key(settings["url"], settings["db"], repo)


def register(server, call, scope=lambda repo: repo):
    """Add the vault tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call
    whose refusal is already a ToolError carrying the server's message; ``scope(repo)`` names
    the repository a tool acts on."""

    @server.tool()
    def vault_push(folder: str, dry_run: bool = False, repo: str | None = None) -> dict[str, Any]:
        """Import the vault files of `folder` (a knowledge/ folder: rules, ADRs, runbooks,
        glossary, notes, memory): all or nothing. `errors` lists each bad file with its line:
        fix them and push again. `conflicts`: files changed on the server since the last pull
        into this folder: vault_pull, merge, push again. `dry_run` validates only."""
        if not os.path.isdir(folder):
            raise ToolError(f"{folder} is not a folder")
        try:
            return vault_io.push(call, folder, _remote(scope(repo)), scope(repo), dry_run=dry_run)
        except (ValueError, OSError) as err:
            raise ToolError(str(err)) from None

    @server.tool()
    def vault_pull(folder: str, repo: str | None = None) -> dict[str, Any]:
        """Write the server's vault into `folder` (only files that differ) and remember each
        file's version there, the base of the next vault_push."""
        try:
            return vault_io.pull(call, folder, _remote(scope(repo)), scope(repo))
        except (ValueError, OSError) as err:
            raise ToolError(str(err)) from None
