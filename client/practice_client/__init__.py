"""Practice Stack client: XML-RPC access, the ``practice`` CLI and an MCP server.

Plain Python: it never imports Odoo, it talks to a running server over XML-RPC. The RPC names
are imported on first use, so the agent's PreToolUse hook (``hook_fast``) starts without the
XML-RPC/HTTP stack.
"""

__version__ = "18.0.1.0.0"

__all__ = ["PracticeError", "PracticeRPC", "Settings", "__version__"]


def __getattr__(name):
    if name in ("PracticeError", "PracticeRPC", "Settings"):
        from . import rpc

        return getattr(rpc, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
