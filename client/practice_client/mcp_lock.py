"""MCP tools of practice_lock. Registered by :func:`practice_client.mcp_server.build_server`."""

from typing import Any

LIST_KEYS = ("module", "repo", "token", "session_id", "user", "reason", "expires_at")


def register(server, call, scope=lambda repo: repo):
    """Add the lock tools to ``server``. ``call(model, method, *args, **kwargs)`` is one RPC call whose refusal is already
    a ToolError carrying the server's message; ``scope(repo)`` names the repository a tool
    acts on."""

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
        return call("practice.lock", "acquire", module, session_id, reason=reason, repo=scope(repo), **ttl)

    @server.tool()
    def lock_renew(token: int, session_id: str, ttl_seconds: int | None = None) -> dict[str, Any]:
        """Extend your lock's lease (a shorter ttl never shortens it). `ok` false: the lock is no
        longer yours (expired, released or force-released): stop editing and acquire again."""
        return call("practice.lock", "renew", token, session_id, ttl_seconds=ttl_seconds)

    @server.tool()
    def lock_release(token: int, session_id: str) -> dict[str, Any]:
        """Release your lock when you are done with the module (lost the token? see lock_list)."""
        return call("practice.lock", "release", token, session_id)

    @server.tool()
    def lock_verify(modules: list[str], session_id: str, repo: str | None = None) -> dict[str, Any]:
        """Which of these modules are locked by you (`ours`), by others (`theirs`: do not edit
        them), or free."""
        return call("practice.lock", "verify", modules, session_id, repo=scope(repo))

    @server.tool()
    def lock_list(session_id: str | None = None, repo: str | None = None) -> dict[str, Any]:
        """Locks held now (module, token, holder session, expiry); with `session_id` only that
        session's (to find a token you lost)."""
        where = {"repo": scope(repo)} if scope(repo) else {"every_repo": True}
        held = call("practice.lock", "held", session_id=session_id, **where)
        return {"locks": [{key: lock.get(key) for key in LIST_KEYS} for lock in held["locks"]]}

    @server.tool()
    def check_token(module: str, token: int, repo: str | None = None) -> dict[str, Any]:
        """Fencing: is `token` still the live lock of `module`? `valid` false: your lock is gone;
        do not write, acquire again."""
        return call("practice.lock", "check_token", module, token, repo=scope(repo))
