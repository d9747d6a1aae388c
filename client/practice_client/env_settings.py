"""Where and as whom to connect, read from the environment: the one reading of
``PRACTICE_URL``, ``PRACTICE_DB``, ``PRACTICE_LOGIN`` and the secret (``PRACTICE_API_KEY``, else
``PRACTICE_PASSWORD``), shared by :class:`.rpc.Settings` and the lean PreToolUse entry
(:mod:`.hook_fast`), which must not import XML-RPC. Standard library only, no imports."""

DEFAULTS = {"url": "http://localhost:8069", "db": "practice", "login": "admin"}


def values(env):
    """``{"url", "db", "login", "secret"}`` from the mapping ``env`` (``os.environ`` alike)."""
    return {
        "url": env.get("PRACTICE_URL", DEFAULTS["url"]),
        "db": env.get("PRACTICE_DB", DEFAULTS["db"]),
        "login": env.get("PRACTICE_LOGIN", DEFAULTS["login"]),
        "secret": env.get("PRACTICE_API_KEY") or env.get("PRACTICE_PASSWORD", ""),
    }


class Lean:
    """The settings as attributes, without dataclasses (for the lean hook entry); the secret
    is never part of its repr."""

    __slots__ = ("url", "db", "login", "secret")

    def __init__(self, env):
        for key, value in values(env).items():
            setattr(self, key, value)

    def __repr__(self):
        return f"Lean(url={self.url!r}, db={self.db!r}, login={self.login!r})"


HOOK_TIMEOUT = 10
MAX_HOOK_TIMEOUT = 120


def hook_timeout(env):
    """Seconds a hook waits for the server per call (PRACTICE_HOOK_TIMEOUT, default 10, 1 to
    120). Claude Code kills a hook that outlasts its own timeout and lets the tool call go on:
    a hook must answer, and deny, before that."""
    value = (env.get("PRACTICE_HOOK_TIMEOUT") or "").strip()
    try:
        seconds = int(value) if value else HOOK_TIMEOUT
    except ValueError:
        seconds = HOOK_TIMEOUT
    return min(max(seconds, 1), MAX_HOOK_TIMEOUT)
