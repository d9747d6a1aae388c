"""Practice Stack client: XML-RPC access, the ``practice`` CLI and an MCP server.

Plain Python: it never imports Odoo, it talks to a running server over XML-RPC.
"""

from .rpc import PracticeError, PracticeRPC, Settings

__version__ = "18.0.1.0.0"

__all__ = ["PracticeError", "PracticeRPC", "Settings", "__version__"]
