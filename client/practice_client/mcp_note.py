"""MCP tool of the daily notes: ``note_add`` (the same as ``practice note add``,
:func:`.daily_note.note_add`). Registered by :func:`practice_client.mcp_server.build_server`."""

import os
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError

from . import daily_note, env_settings, hook_core
from . import vault as vault_io


def register(server, call, scope=lambda repo: repo):
    """Add the note tool to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call
    whose refusal is already a ToolError carrying the server's message; ``scope(repo)`` names
    the repository it acts on."""

    @server.tool()
    def note_add(
        link: str,
        takeaway: str,
        application: str,
        score: int | None = None,
        category: str | None = None,
        name: str | None = None,
        folder: str | None = None,
        repo: str | None = None,
    ) -> dict[str, Any]:
        """Capture a citation in today's daily note (knowledge/notes/YYYY-MM-DD.md, made from the
        guide's template when missing) and push that file alone to the server. `score` 60-100
        makes it a citation (80+ are proposed for the pattern library each week); `category` is
        a heading of the note (OCA Guidelines, Odoo Official Docs, Community Wisdom,
        Docker/Infrastructure, ORM Patterns). `push.errors` / `push.conflicts`: nothing was
        written on the server (the note stays on disk): vault_pull, merge, vault_push."""
        settings = env_settings.values(os.environ)
        repo = scope(repo)
        try:
            return daily_note.note_add(
                call,
                folder or daily_note.default_folder(hook_core.work_tree()),
                vault_io.remote_key(settings["url"], settings["db"], repo),
                repo,
                link=link,
                takeaway=takeaway,
                application=application,
                score=score,
                category=category or "",
                name=name or "",
            )
        except (ValueError, OSError) as err:
            raise ToolError(str(err)) from None
