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

import os
import time

try:
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover - another Python
    from hashlib import sha256 as _sha256
from _operator import _compare_digest

from .locks_mirror import epoch, one_line

SUFFIX = ".proof"
FIELDS = ("root", "db", "login", "repo", "module", "session", "token", "expires", "stored")
DEFAULT_RECHECK = 300
MAX_FILE_BYTES = 4096
MAX_FILES = 2000


def hmac_sha256(key, message):
    """HMAC-SHA256 (RFC 2104) of ``message`` (bytes) under ``key`` (bytes), hex."""
    if len(key) > 64:
        key = _sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = _sha256(bytes(b ^ 0x36 for b in key) + message).digest()
    return _sha256(bytes(b ^ 0x5C for b in key) + inner).hexdigest()


def sha256_hex(text):
    """SHA-256 of ``text`` (UTF-8, surrogates kept), hex: without ``hashlib``, which loads OpenSSL."""
    return _sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def cache_root(env):
    """The folder of every proof: ``$XDG_CACHE_HOME/practice/locks`` (``~/.cache`` by default)."""
    base = (env.get("XDG_CACHE_HOME") or "").strip()
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.realpath(base), "practice", "locks")


def _inside(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def protected(path, env):
    """Whether ``path`` (absolute, resolved) is inside the proof cache (agent edits denied)."""
    return _inside(path, cache_root(env))


def _key(settings):
    secret = getattr(settings, "secret", "") or ""
    if not secret:
        return None
    label = f"practice-lock-proof\0{settings.db}\0{settings.login}".encode("utf-8", "surrogateescape")
    return hmac_sha256(secret.encode("utf-8", "surrogateescape"), label).encode("ascii")


def _folder(env, settings, root, repo):
    """This work tree's proofs; ``None`` when the cache would be inside the work tree."""
    top = cache_root(env)
    root = os.path.realpath(root)
    if _inside(top, root):
        return None
    name = sha256_hex(f"{settings.db}\0{settings.login}\0{repo or ''}\0{root}")[:32]
    return os.path.join(top, name)


def _safe(module):
    return bool(module) and module not in (".", "..") and "/" not in module and "\\" not in module


def _file(folder, module, session):
    return os.path.join(folder, f"{module}.{sha256_hex(session)[:24]}{SUFFIX}")


def _body(entry):
    return "".join(f"{name}: {entry.get(name, '')}\n" for name in FIELDS)


def store(env, settings, root, repo, session, answer, now=None):
    """Record a granted acquire answer (the server's) for ``session`` in this work tree;
    ``False`` when no secret is known or the answer is not a grant."""
    key = _key(settings)
    folder = _folder(env, settings, root, repo)
    module = one_line(answer.get("module")) if isinstance(answer, dict) else ""
    if not key or not folder or not _safe(module) or answer.get("granted") is not True:
        return False
    entry = {
        "root": os.path.realpath(root),
        "db": settings.db,
        "login": settings.login,
        "repo": repo or "",
        "module": module,
        "session": one_line(session),
        "token": one_line(answer.get("token")),
        "expires": one_line(answer.get("expires_at")),
        "stored": str(int(time.time() if now is None else now)),
    }
    if any("\n" in str(value) for value in entry.values()):
        return False
    body = _body(entry)
    text = body + "mac: " + hmac_sha256(key, body.encode("utf-8", "surrogateescape")) + "\n"
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.path.islink(folder) or not os.path.isdir(folder):
        raise OSError(f"{folder}: not a plain folder (a symlink?): lock proofs not written")
    path = _file(folder, module, entry["session"])
    tmp = f"{path}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return True


def _read(path, key):
    """The fields of a proof file whose HMAC is valid, else ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES)
        text = raw.decode("utf-8", "surrogateescape")
    except OSError:
        return None
    body, sep, mac = text.rpartition("mac: ")
    if not sep or not _compare_digest(hmac_sha256(key, body.encode("utf-8", "surrogateescape")), mac.strip()):
        return None
    entry = {}
    for line in body.splitlines():
        name, colon, value = line.partition(": ")
        if colon and name in FIELDS:
            entry[name] = value
    return entry if len(entry) == len(FIELDS) else None


def _matches(entry, settings, root, repo):
    return (
        entry["root"] == os.path.realpath(root)
        and entry["db"] == settings.db
        and entry["login"] == settings.login
        and entry["repo"] == (repo or "")
    )


def recheck_seconds(env):
    try:
        return max(1, int(env.get("PRACTICE_LOCK_RECHECK", DEFAULT_RECHECK)))
    except (TypeError, ValueError):
        return DEFAULT_RECHECK


def load(env, settings, root, repo, module, session, now=None):
    """The valid proof that ``session`` holds ``module`` in this work tree, or ``None``."""
    key = _key(settings)
    folder = _folder(env, settings, root, repo) if key else None
    if not folder or not _safe(module) or not session:
        return None
    entry = _read(_file(folder, module, session), key)
    if not entry or not _matches(entry, settings, root, repo):
        return None
    if entry["module"] != module or entry["session"] != session:
        return None
    now = time.time() if now is None else now
    stored = int(entry["stored"]) if entry["stored"].isascii() and entry["stored"].isdigit() else 0
    if not 0 <= now - stored < recheck_seconds(env):
        return None  # too old (or from the future): ask the server again
    return entry


def seconds_left(entry, now=None):
    expires = epoch(entry.get("expires"))
    if expires is None:
        return 0
    return expires - (time.time() if now is None else now)


def held(env, settings, root, repo, modules, now=None):
    """``{module: [entry, ...]}``: the valid, unexpired proofs of this work tree for ``modules``
    (any session; the guard asks the server which of them still holds)."""
    key = _key(settings)
    folder = _folder(env, settings, root, repo) if key else None
    wanted = {m for m in modules if _safe(m)}
    found = {}
    if not folder or not wanted or not os.path.isdir(folder) or os.path.islink(folder):
        return found
    for name in sorted(os.listdir(folder))[:MAX_FILES]:
        module = name.rsplit(".", 2)[0] if name.endswith(SUFFIX) else None
        if module not in wanted:
            continue
        entry = _read(os.path.join(folder, name), key)
        if entry and _matches(entry, settings, root, repo) and entry["module"] == module:
            if seconds_left(entry, now) > 0:
                found.setdefault(module, []).append(entry)
    return found


def of_session(env, settings, root, repo, session, now=None):
    """The valid, unexpired proofs of ``session`` in this work tree (whatever their age: the
    heartbeat renews them before their lease runs out)."""
    key = _key(settings)
    folder = _folder(env, settings, root, repo) if key else None
    if not folder or not session or not os.path.isdir(folder) or os.path.islink(folder):
        return []
    suffix = f".{sha256_hex(session)[:24]}{SUFFIX}"
    found = []
    for name in sorted(os.listdir(folder))[:MAX_FILES]:
        if not name.endswith(suffix):
            continue
        entry = _read(os.path.join(folder, name), key)
        if entry and _matches(entry, settings, root, repo) and entry["session"] == session:
            if seconds_left(entry, now) > 0:
                found.append(entry)
    return found


def drop_session(env, settings, root, repo, session, module=None):
    """Remove this work tree's proofs of ``session`` (its locks were released): all of them,
    or only the one of ``module``. Returns how many were removed."""
    key = _key(settings)
    folder = _folder(env, settings, root, repo) if key else None
    if not folder or not os.path.isdir(folder) or os.path.islink(folder):
        return 0
    if module is not None and not _safe(module):
        return 0
    suffix = f".{sha256_hex(session)[:24]}{SUFFIX}"
    dropped = 0
    for name in os.listdir(folder):
        if name.endswith(suffix) and (module is None or name == f"{module}{suffix}"):
            try:
                os.remove(os.path.join(folder, name))
                dropped += 1
            except FileNotFoundError:
                pass
    return dropped
