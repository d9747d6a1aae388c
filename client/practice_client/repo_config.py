"""The repository a work tree works in: ``practice.repo`` in its git config, written by
``practice init --repo NAME`` (``git config practice.repo NAME``).

Every part of the client resolves the repository the same way (:func:`resolve`): a flag, else
``PRACTICE_REPO``, else this work tree's ``practice.repo``, else the server's default. The
config is read here without running git (the lean PreToolUse hook reads it on every edit):
``.git/config`` of the work tree, or for a linked worktree (``.git`` is a file naming its git
dir) the shared config of the main repository and then the worktree's own
``config.worktree``. Standard library only.
"""

# the code lives in :mod:`.lean` (one module for the lean hooks to import); this name stays
from .lean import (  # noqa: F401
    CONFIG_KEY,
    ENV,
    KEY,
    MAX_CONFIG_BYTES,
    SECTION,
    _read_text,
    _value,
    git_dirs,
    parse,
    read,
    resolve,
)

# the target database of this work tree (`practice init --target-url/--target-db/--target-login`):
# git config practice.targetUrl, practice.targetDb, practice.targetLogin; never a secret
TARGET_KEYS = {"url": "targeturl", "db": "targetdb", "login": "targetlogin"}


def read_target(root):
    """``{"url", "db", "login"}`` of this work tree's target config (only the keys set)."""
    found = {}
    for name, key in TARGET_KEYS.items():
        value = read(root, key=key)
        if value:
            found[name] = value
    return found
