"""The uid of the last login of this work tree's hooks, so the next hook process skips the login.

Every ``authenticate`` costs the server a password-hash check (about half a second with Odoo's
default rounds), once per hook process; an ``execute_kw`` with a known uid is checked against a
per-process cache of the server instead. The file ``.git/practice-hooks/uid`` holds four lines —
URL, database, login, uid — and never the secret: a uid that does not match the secret is
refused by the server (AccessDenied) and the client logs in again (``rpc.PracticeRPC``).
"""

import os

NAME = "uid"


def path(hooks_dir):
    """The file in the hooks' state folder (``.git/practice-hooks``)."""
    return os.path.join(hooks_dir, NAME)


def _key(settings):
    return [str(settings.url).rstrip("/"), str(settings.db), str(settings.login)]


def load(hooks_dir, settings):
    """The cached uid for ``settings`` (url, db, login) or ``None``."""
    try:
        with open(path(hooks_dir), encoding="utf-8") as handle:
            lines = handle.read(4096).split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 4 or lines[:3] != _key(settings):
        return None
    uid = lines[3].strip()
    return int(uid) if uid.isascii() and uid.isdigit() and int(uid) > 0 else None


def save(hooks_dir, settings, uid):
    """Remember ``uid`` for ``settings``; unchanged content is not rewritten."""
    if not isinstance(uid, int) or uid <= 0 or any("\n" in part for part in _key(settings)):
        return False
    if load(hooks_dir, settings) == uid:
        return False
    target = path(hooks_dir)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = f"{target}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join([*_key(settings), str(uid)]) + "\n")
    os.replace(tmp, target)
    return True
