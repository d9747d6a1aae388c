"""The ``.locks/`` mirror: one small text file per held lock of the repository, ours and theirs.

Each file, ``.locks/<module>.lock``, holds ``key: value`` lines (module, repo, session, user,
since, expires, token, reason) so ``git diff``/``git log`` show who held what and when. The
server stays the authority: the mirror is refreshed by the hooks, the lock commands and
``practice lock sync``, and never read as evidence: the hooks' "ours" comes from the server or
from a proof kept outside the work tree (:mod:`.lock_proof`).

``.locks`` is never followed: a ``.locks`` that is a symlink (or not a folder), or a folder
holding a symlink, is refused with :class:`MirrorRefused` (a committed symlink would make the
client write lock files outside the repository).
"""

import os
import time

# read by hand in :mod:`.lean` (the lean hooks' one module), re-exported here
from .lean import LOCKS_DIR, _fields, epoch, one_line

SUFFIX = ".lock"
FIELDS = ("module", "repo", "session", "user", "since", "expires", "token", "reason")
SERVER_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_FILE_BYTES = 4096
MAX_FILES = 2000
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def utcnow():
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(tzinfo=None)


def parse_time(value):
    """A server datetime string (UTC) as a naive datetime, or ``None``."""
    found = _fields(value)
    if found is None:
        return None
    from datetime import datetime

    return datetime(*found)


def seconds_left(entry, now=None):
    """Seconds until the entry's lease ends (``now``: a naive UTC datetime; default the clock)."""
    expires = epoch(entry.get("expires"))
    if expires is None:
        return 0
    if now is None:
        return expires - time.time()
    return expires - epoch(now.strftime(SERVER_FORMAT)) - now.microsecond / 1e6


class MirrorRefused(OSError):
    """``.locks`` is a symlink, not a folder, or holds a symlink: nothing is read or written."""


def check_dir(root):
    """``True`` when ``.locks`` exists as a plain folder without symlinks, ``False`` when it
    does not exist; raises :class:`MirrorRefused` otherwise (never follows a symlink)."""
    folder = locks_dir(root)
    if os.path.islink(folder):
        raise MirrorRefused(
            f"{folder} is a symlink (to {os.readlink(folder)!r}): refusing to read or write lock files "
            "through it; remove it (`git rm .locks`) and run `practice lock sync`"
        )
    if not os.path.lexists(folder):
        return False
    if not os.path.isdir(folder):
        raise MirrorRefused(f"{folder} is not a folder: refusing to use it; remove it")
    with os.scandir(folder) as entries:
        links = sorted(e.name for e in entries if e.is_symlink())
    if links:
        raise MirrorRefused(
            f"{folder} holds symlinks ({', '.join(links[:5])}): refusing to read or write lock files "
            "through them; remove them and run `practice lock sync`"
        )
    return True


def entry_from_lock(lock):
    """A mirror entry from a server lock dict (search_read row, acquire answer or verify entry)."""
    holder = lock.get("holder") or {}
    user = lock.get("user") or holder.get("user")
    if isinstance(lock.get("user_id"), (list, tuple)):
        user = lock["user_id"][1]
    repo = lock.get("repo")
    if isinstance(lock.get("repo_id"), (list, tuple)):
        repo = lock["repo_id"][1]
    return {
        "module": one_line(lock.get("module") or lock.get("module_name")),
        "repo": one_line(repo),
        "session": one_line(lock.get("session_id") or holder.get("session_id")),
        "user": one_line(user),
        "since": one_line(lock.get("since") or lock.get("acquired_at") or holder.get("since")),
        "expires": one_line(lock.get("expires_at") or holder.get("expires_at")),
        "token": one_line(lock.get("token") or ""),
        "reason": one_line(lock.get("reason") or holder.get("reason"))[:500],
    }


def render(entry):
    return "".join(f"{key}: {entry.get(key, '')}\n" for key in FIELDS)


def parse(text):
    entry = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in FIELDS:
            entry[key.strip()] = value.strip()
    return entry


def _safe_name(module):
    return bool(module) and module not in (".", "..") and "/" not in module and "\\" not in module


def locks_dir(root):
    return os.path.join(root, LOCKS_DIR)


def read_entry(root, module):
    """The mirror entry of ``module`` or ``None`` (missing, unreadable or malformed)."""
    if not _safe_name(module):
        return None
    try:
        fd = os.open(os.path.join(locks_dir(root), module + SUFFIX), os.O_RDONLY | NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8") as handle:
            entry = parse(handle.read(MAX_FILE_BYTES))
    except (OSError, UnicodeDecodeError):
        return None
    return entry if entry.get("module") == module else None


def read_mirror(root):
    """``{module: entry}`` for every file of ``.locks/``."""
    folder = locks_dir(root)
    if not check_dir(root):
        return {}
    found = {}
    for name in sorted(os.listdir(folder))[:MAX_FILES]:
        if name.endswith(SUFFIX):
            entry = read_entry(root, name[: -len(SUFFIX)])
            if entry:
                found[entry["module"]] = entry
    return found


def _write(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def put_entry(root, entry):
    """Write (or refresh) one lock's file; unchanged content is not rewritten."""
    module = entry.get("module")
    if not _safe_name(module):
        return False
    if not check_dir(root):
        os.mkdir(locks_dir(root))
        check_dir(root)  # a symlink raced in: refused
    path = os.path.join(locks_dir(root), module + SUFFIX)
    text = render(entry)
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8") as handle:
            if handle.read(MAX_FILE_BYTES + 1) == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    _write(path, text)
    return True


def drop_entry(root, module):
    if _safe_name(module) and check_dir(root):
        try:
            os.remove(os.path.join(locks_dir(root), module + SUFFIX))
            return True
        except FileNotFoundError:
            return False
    return False


def write_mirror(root, entries):
    """Make ``.locks/`` exactly ``entries`` (one file each; files of ended locks removed)."""
    wanted = {e["module"]: e for e in entries if _safe_name(e.get("module"))}
    check_dir(root)
    for module in read_mirror(root):
        if module not in wanted:
            drop_entry(root, module)
    for entry in wanted.values():
        put_entry(root, entry)
    return sorted(wanted)


def fetch_held(call, repo=None, session_id=None, every_repo=False):
    """Live locks of ``repo`` (name; ``None``: the server's default repository; ``every_repo``:
    of every repository) as mirror entries: the server's one answer, ``practice.lock.held``.

    ``call(model, method, *args, **kwargs)`` is an authenticated RPC call."""
    scope = {"every_repo": True} if every_repo else {"repo": repo}
    answer = call("practice.lock", "held", session_id=session_id, **scope)
    locks = answer.get("locks") if isinstance(answer, dict) else None
    if not isinstance(locks, list):
        raise MirrorRefused(f"unexpected answer of practice.lock.held: {str(answer)[:100]}")
    return [entry_from_lock(lock) for lock in locks[:MAX_FILES] if isinstance(lock, dict)]


def sync(call, root, repo=None):
    """Refresh ``.locks/`` from the server; returns the entries written."""
    entries = fetch_held(call, repo)
    write_mirror(root, entries)
    return entries
