"""MCP tools of target databases and sandboxes (issue 29): ``sandbox_create``, ``sandbox_list``
and ``sandbox_drop``, the same code path as ``practice sandbox create|list|drop``
(:func:`.target.sandbox_create` ...). Registered by :func:`practice_client.mcp_server.build_server`.

The MCP server's environment holds the master password (PRACTICE_MASTER_PASSWORD) and the
target's settings; no tool takes a credential, and no answer or error carries one. The session
is the tool's ``session_id``, else PRACTICE_SESSION; its state lives in the work tree the server
runs in."""

import os
from contextlib import contextmanager
from typing import Any, Literal

from mcp.server.mcpserver.exceptions import ToolError

from . import target
from .rpc import PracticeError

State = Literal["active", "expired", "dropped"]


def practice_call(call):
    """``call`` (the MCP server's, refusals as ToolError) raising :class:`.PracticeError`
    instead: what the shared client code (:mod:`.target`) expects."""

    def raw(model, method, *args, **kwargs):
        return call(model, method, *args, error=PracticeError, **kwargs)

    return raw


@contextmanager
def tool_errors(env):
    """A refusal of the shared client code as a ToolError with its one-line message, the
    master password scrubbed."""
    try:
        yield
    except (PracticeError, target.SandboxError) as err:
        raise ToolError(target.scrub(env, str(err))) from None


def register(server, call, scope=lambda repo: repo):
    """Add the sandbox tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC
    call whose refusal is already a ToolError carrying the server's message."""
    raw = practice_call(call)

    @server.tool()
    def sandbox_create(
        template: str | None = None,
        neutralize: bool = False,
        force: bool = False,
        session_id: str | None = None,
    ) -> dict[str, Any]:
        """Duplicate an idle template database (`template`, else PRACTICE_SANDBOX_TEMPLATE) into
        a new database for this session (`session_id`, else PRACTICE_SESSION) on the target
        server; it becomes the session's target (snapshots, stop guard). Answers its `name`,
        `expires_at` and `odoo` (how to run your Odoo on it). `force` terminates the template's
        connections: only when a human said so."""
        env = os.environ
        with tool_errors(env):
            return target.sandbox_create(
                env, raw, template, neutralize=neutralize, force=force, session_id=session_id
            )

    @server.tool()
    def sandbox_list(state: State | None = None, session_id: str | None = None) -> list[dict[str, Any]]:
        """Your sandboxes (a Manager's: everyone's), newest first: `name`, `state`, `template`,
        `session_id`, `expires_at`."""
        with tool_errors(os.environ):
            return target.sandbox_list(raw, state=state, session_id=session_id)

    @server.tool()
    def sandbox_drop(name: str | None = None, session_id: str | None = None) -> dict[str, Any]:
        """Drop sandbox `name` (default: the session's) and mark it dropped; the session's
        target goes back to the configured database."""
        env = os.environ
        with tool_errors(env):
            return target.sandbox_drop(env, raw, name, session_id=session_id)
