"""Proof that the server granted this work tree's session a lock: kept outside the work tree.

``.locks/`` is a mirror for people (``git diff`` shows who held what); the agent can write it,
so it is never evidence. When the server grants a lock to a hook, the hook writes a proof file
in the user's cache (``$XDG_CACHE_HOME/practice/locks/``, default ``~/.cache``), one per work
tree, module and session, holding the server's answer (module, session, token, lease end) and
an HMAC-SHA256 over it, under a key derived from the secret the hook logs in with
(``PRACTICE_API_KEY``/``PRACTICE_PASSWORD``), the database and the login. The PreToolUse hook
answers "ours" without a round trip only from a valid proof with lease left, at most
``PRACTICE_LOCK_RECHECK`` seconds old (default 300: then it asks the server again); the
pre-commit guard counts a lock as ours only when a valid proof names its session and token.

A file the agent's edit tools write (``.locks/``, anything in the work tree, this cache: edits
there are denied by the hook) cannot carry a valid HMAC without the secret. Standard library C
modules only (the lean hook imports this on every edit).
"""

# the code lives in :mod:`.lean` (one module for the lean hooks to import); this name stays
from .lean import (  # noqa: F401
    DEFAULT_RECHECK,
    FIELDS,
    MAX_FILE_BYTES,
    MAX_FILES,
    SUFFIX,
    _body,
    _file,
    _folder,
    _key,
    _matches,
    _read,
    _safe,
    cache_root,
    drop_session,
    held,
    hmac_sha256,
    load,
    of_session,
    protected,
    recheck_seconds,
    seconds_left,
    sha256_hex,
    store,
)
