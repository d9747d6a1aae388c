"""Where and as whom to connect, read from the environment: the one reading of
``PRACTICE_URL``, ``PRACTICE_DB``, ``PRACTICE_LOGIN`` and the secret (``PRACTICE_API_KEY``, else
``PRACTICE_PASSWORD``), shared by :class:`.rpc.Settings` and the lean PreToolUse entry
(:mod:`.hook_fast`), which must not import XML-RPC. Standard library only, no imports."""

# values, Lean and hook_timeout live in :mod:`.lean` (one module for the lean hooks to import)
from .lean import DEFAULTS, HOOK_TIMEOUT, MAX_HOOK_TIMEOUT, Lean, hook_timeout, values  # noqa: F401

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
