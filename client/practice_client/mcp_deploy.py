"""MCP tools of practice_deploy. Registered by :func:`practice_client.mcp_server.build_server`."""


def register(server, call):
    """Add this addon's tools to ``server``; ``call(model, method, *args, **kwargs)`` is one RPC
    call whose refusal is already a ToolError carrying the server's message."""
