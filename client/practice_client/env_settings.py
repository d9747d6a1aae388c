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


TARGET_ENV = {
    "url": "PRACTICE_TARGET_URL",
    "db": "PRACTICE_TARGET_DB",
    "login": "PRACTICE_TARGET_LOGIN",
}


def target_values(env, config=None, sandbox=None):
    """The target database, the one the agent changes (snapshots, the stop compare and the
    watchdog guard run there): ``{"url", "db", "login", "secret", "source"}``.

    Each of url, db and login comes from the session's sandbox (``sandbox``: ``{"url", "db"}``
    of the work-tree session state, url and db only), else ``PRACTICE_TARGET_*`` of ``env``,
    else the work tree's config (``config``: ``{"url", "db", "login"}``, ``practice init
    --target-*``), else the practice server itself. The secret is ``PRACTICE_TARGET_API_KEY``
    (else ``PRACTICE_TARGET_PASSWORD``), else the practice server's: never from a file.
    ``source`` says which decided the database: sandbox, env, config or practice."""
    base = values(env)
    config = config or {}
    sandbox = sandbox if isinstance(sandbox, dict) and sandbox.get("db") else {}
    result, source = {}, "practice"
    for key, name in TARGET_ENV.items():
        for origin, value in (
            ("sandbox", sandbox.get(key)),
            ("env", env.get(name)),
            ("config", config.get(key)),
            ("practice", base[key]),
        ):
            if isinstance(value, str) and value.strip():
                result[key] = value.strip()
                if key == "db":
                    source = origin
                break
    result["secret"] = (
        env.get("PRACTICE_TARGET_API_KEY") or env.get("PRACTICE_TARGET_PASSWORD") or base["secret"]
    )
    result["source"] = source
    return result


def is_practice(target, env):
    """Whether ``target`` (:func:`target_values`) is the practice server's own database."""
    base = values(env)
    return target["url"].rstrip("/") == base["url"].rstrip("/") and target["db"] == base["db"]


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
