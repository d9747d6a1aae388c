"""The lean hooks' standard-library core in one module: what the hooks that run around every
tool call of an agent (:mod:`.hook_fast`, :mod:`.hook_core`) read on every call, merged so such a
hook imports one module of ours here instead of seven (each import is a share of a hook's time,
about a tenth of a millisecond). C modules only (``_json``; ``_sha256`` and ``_operator`` on
first use: loading a C extension costs about 0.3 ms, a read-only Bash call's PostToolUse hashes
nothing): no ``json``, ``re``, ``hashlib`` or ``subprocess``. A hook process may also remember
what it resolved (:func:`remember`).

Sections, each still importable under its old module's name (a facade re-exports it):

* JSON through the C scanner/encoder (:mod:`.lean_rpc`);
* the connection settings from the environment (:mod:`.env_settings`);
* the work tree's ``practice.*`` git config, read without git (:mod:`.repo_config`);
* server datetimes read by hand (:mod:`.locks_mirror`);
* the HMAC-signed proofs of the server's grants (:mod:`.lock_proof`);
* the path → Odoo module map (:mod:`.modmap`).
"""

import os
import time


def _sha256(data=b""):
    """``sha256(data)``, the C module loaded on the first call (a hook that hashes nothing never
    loads it): this name is then bound to it."""
    global _sha256
    try:
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - another Python
        from hashlib import sha256
    _sha256 = sha256
    return sha256(data)


# -- one hook process's memory ------------------------------------------------------------------
_MEMO = None  # {key: value} in a hook process (:func:`remember`), else nothing is remembered


def remember():
    """From now on this process remembers resolved paths, derived keys and git config values: a
    hook process (short-lived, it changes none of them) resolves each once. Long-lived processes
    (the MCP server, the CLI) never call this."""
    global _MEMO
    if _MEMO is None:
        _MEMO = {}


def forget():
    """Back to remembering nothing (before a hook hands over to the full CLI)."""
    global _MEMO
    _MEMO = None


def _memo(kind, key, compute):
    if _MEMO is None:
        return compute(key)
    found = _MEMO.get((kind, key), _MEMO)
    if found is _MEMO:
        found = _MEMO[(kind, key)] = compute(key)
    return found


def realpath(path):
    """``os.path.realpath`` (remembered in a hook process: :func:`remember`)."""
    return _memo("realpath", path, os.path.realpath)


# -- JSON (lean_rpc) -------------------------------------------------------------------------
try:  # the C scanner/encoder (``import json`` pulls in re and enum)
    from _json import encode_basestring_ascii as _quote
    from _json import make_scanner as _make_scanner
except ImportError:  # pragma: no cover - another Python: the stdlib path
    _quote = _make_scanner = None


class Unavailable(Exception):
    """This call cannot be made (or trusted) here: use the full client."""


def dumps(value):
    """JSON text of str/int/float/bool/None/list/tuple/dict values (what an ``execute_kw`` and the
    hook state carry; a NaN or infinite float raises, as no JSON can hold it)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value - value == 0:  # finite (json.dumps's float text)
        return float.__repr__(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(_quote(str(key)) + ":" + dumps(item) for key, item in value.items()) + "}"
    raise Unavailable(f"cannot encode {type(value).__name__}")


class _Ctx:
    """What ``_json.make_scanner`` reads from a decoder (json.JSONDecoder's defaults)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = None

    @staticmethod
    def parse_constant(name):
        return {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}[name]


def loads(text):
    """One JSON document through the C scanner; raises ``ValueError``."""
    if _make_scanner is None:  # pragma: no cover
        import json

        return json.loads(text)
    doc = text.strip(" \t\n\r")
    try:
        value, end = _make_scanner(_Ctx())(doc, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(doc):
        raise ValueError("extra data after the JSON document")
    return value


# -- settings (env_settings) -----------------------------------------------------------------
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


# -- the work tree's practice.* config (repo_config) -----------------------------------------
ENV = "PRACTICE_REPO"
SECTION, KEY = "practice", "repo"
CONFIG_KEY = f"{SECTION}.{KEY}"
MAX_CONFIG_BYTES = 1_000_000


def _read_text(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_CONFIG_BYTES:
        return None
    return data.decode("utf-8", errors="replace")


def git_dirs(root):
    """``(git dir, common dir)`` of the work tree ``root`` (equal outside linked worktrees);
    ``(None, None)`` when there is none."""
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git, dot_git
    text = _read_text(dot_git) if os.path.isfile(dot_git) else None
    if not text or not text.startswith("gitdir:"):
        return None, None
    git_dir = text[len("gitdir:") :].strip()
    git_dir = os.path.normpath(os.path.join(root, git_dir))
    common = _read_text(os.path.join(git_dir, "commondir"))
    common_dir = os.path.normpath(os.path.join(git_dir, common.strip())) if common else git_dir
    return git_dir, common_dir


def _value(raw):
    """A git config value: quotes removed, an unquoted ``#``/``;`` starts a comment."""
    out, quoted, index = [], False, 0
    while index < len(raw):
        char = raw[index]
        if char == '"':
            quoted = not quoted
        elif char == "\\" and index + 1 < len(raw):
            index += 1
            out.append({"n": "\n", "t": "\t"}.get(raw[index], raw[index]))
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
        index += 1
    return "".join(out).strip()


def parse(text, section=SECTION, key=KEY):
    """The last value of ``section.key`` in git config ``text`` (names are case-insensitive;
    ``[section "sub"]`` is another section); ``None`` when absent."""
    found, current = None, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            head = line[1 : line.find("]")] if "]" in line else ""
            current = head.strip().lower() if '"' not in head and " " not in head.strip() else None
            rest = line[line.find("]") + 1 :].strip() if "]" in line else ""
            if not rest:
                continue
            line = rest  # `[practice] repo = x` on one line
        if current != section:
            continue
        name, _, raw = line.partition("=")
        if name.strip().lower() == key:
            found = _value(raw) if _ else "true"
    return found


def read(root, key=KEY):
    """This work tree's ``practice.<key>`` (default ``practice.repo``; ``None`` when unset or
    outside git)."""
    if not root:
        return None
    git_dir, common_dir = git_dirs(root)
    if not git_dir:
        return None
    value = None
    for path in (os.path.join(common_dir, "config"), os.path.join(git_dir, "config.worktree")):
        text = _memo("config", path, _read_text)
        found = parse(text, key=key) if text else None
        value = found if found is not None else value
    return value or None


def resolve(env, root, flag=None):
    """The repository to act on: ``flag``, else ``PRACTICE_REPO`` of ``env``, else the work tree
    ``root``'s ``practice.repo``, else ``None`` (the server's default)."""
    for value in (flag, env.get(ENV)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return read(root)


# the target database of this work tree (`practice init --target-url/--target-db/--target-login`):
# git config practice.targetUrl, practice.targetDb, practice.targetLogin; never a secret


LOCKS_DIR = ".locks"  # the mirror of the server's locks (:mod:`.locks_mirror`)


# -- server datetimes (locks_mirror) ---------------------------------------------------------
def _fields(value):
    """``(year, month, day, hour, minute, second)`` of a server datetime string (UTC), or ``None``.

    The fixed "YYYY-MM-DD HH:MM:SS" is read by hand: strptime imports re/locale/calendar and
    even ``datetime`` costs a tenth of a Python start, which the agent's PreToolUse hook
    (hook_fast) would pay on every edit."""
    if not value or not isinstance(value, str):
        return None
    text = value[:19]
    if len(text) != 19 or text[4] + text[7] + text[10] + text[13] + text[16] != "-- ::":
        return None
    parts = (text[0:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19])
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    year, month, day, hour, minute, second = (int(part) for part in parts)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not (1 <= year and 1 <= month <= 12 and 1 <= day <= days[month - 1]):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return year, month, day, hour, minute, second


def epoch(value):
    """Seconds since 1970-01-01 UTC of a server datetime string, or ``None`` (proleptic
    Gregorian days from the civil date, H. Hinnant's algorithm)."""
    found = _fields(value)
    if found is None:
        return None
    year, month, day, hour, minute, second = found
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    return days * 86400 + hour * 3600 + minute * 60 + second


def one_line(value):
    """A value as one line of text (``None``/``False``: empty): what a lock file or a proof holds."""
    return " ".join(str(value if value not in (None, False) else "").split())


# -- proofs of the server's grants (lock_proof) ----------------------------------------------
SUFFIX = ".proof"
FIELDS = ("root", "db", "login", "repo", "module", "session", "token", "expires", "stored")
DEFAULT_RECHECK = 300
MAX_FILE_BYTES = 4096
MAX_FILES = 2000


_IPAD = int.from_bytes(b"\x36" * 64, "big")
_OPAD = int.from_bytes(b"\x5c" * 64, "big")


def hmac_sha256(key, message):
    """HMAC-SHA256 (RFC 2104) of ``message`` (bytes) under ``key`` (bytes), hex."""
    if len(key) > 64:
        key = _sha256(key).digest()
    key = int.from_bytes(key.ljust(64, b"\0"), "big")  # the pads xored as one number
    inner = _sha256((key ^ _IPAD).to_bytes(64, "big") + message).digest()
    return _sha256((key ^ _OPAD).to_bytes(64, "big") + inner).hexdigest()


def sha256_hex(text):
    """SHA-256 of ``text`` (UTF-8, surrogates kept), hex: without ``hashlib``, which loads OpenSSL."""
    return _sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def cache_root(env):
    """The folder of every proof: ``$XDG_CACHE_HOME/practice/locks`` (``~/.cache`` by default)."""
    base = (env.get("XDG_CACHE_HOME") or "").strip()
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(realpath(base), "practice", "locks")


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
    return _memo("proof key", (secret, settings.db, settings.login), _derive_key)


def _derive_key(names):
    secret, db, login = names
    label = f"practice-lock-proof\0{db}\0{login}".encode("utf-8", "surrogateescape")
    return hmac_sha256(secret.encode("utf-8", "surrogateescape"), label).encode("ascii")


def _folder(env, settings, root, repo):
    """This work tree's proofs; ``None`` when the cache would be inside the work tree."""
    top = cache_root(env)
    root = realpath(root)
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
        "root": realpath(root),
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
    forget_lease_due(root, entry["session"])
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
    from _operator import _compare_digest  # built in; only a hook that reads a proof needs it

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
        entry["root"] == realpath(root)
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


# the earliest lease end of a session's proofs, remembered for the heartbeat
STATE_DIR = "practice-hooks"  # in the git dir: per-session state, the remembered uid
DUE_PREFIX = "lease-due-"


def plain_name(session):
    """Whether a session id may name a file as it is (letters, digits, ``-``, ``_``, ``.``; not
    hidden, at most 128 characters): the hooks then name its files without hashing it."""
    plain = session.replace("-", "").replace("_", "").replace(".", "") if isinstance(session, str) else ""
    return plain.isascii() and plain.isalnum() and len(session) <= 128 and not session.startswith(".")


def _due_path(root, session):
    """``.git/practice-hooks/lease-due-<session>`` for a plain ``.git`` folder and a session id
    that is a plain file name; ``None`` otherwise (nothing remembered: the proofs are read)."""
    if not plain_name(session):
        return None
    dot_git = os.path.join(root, ".git")
    return os.path.join(dot_git, STATE_DIR, DUE_PREFIX + session) if os.path.isdir(dot_git) else None


def _due_key(env, settings, root, repo, session):
    return f"{cache_root(env)}\n{settings.db}\n{settings.login}\n{repo or ''}\n{realpath(root)}\n{session}\n"


def lease_due(env, settings, root, repo, session):
    """The earliest lease end (seconds since the epoch; ``inf`` when it holds none) of the
    valid proofs of ``session`` in this work tree, as the heartbeat last read them; ``None``
    when not known (the proofs are read). A proof stored since forgets it (:func:`store`)."""
    path = _due_path(root, session)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(8192)
    except (TypeError, OSError, UnicodeDecodeError):
        return None
    key = _due_key(env, settings, root, repo, session)
    value = text[len(key) :].strip() if text.startswith(key) else ""
    if value == "none":
        return float("inf")
    return int(value) if value.isascii() and value.isdigit() else None


def _due_write(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def due_scan(env, settings, root, repo, session):
    """Before the heartbeat reads the proofs: a mark in the remembered lease end's file, so
    that :func:`keep_lease_due` writes it only when no proof was stored meanwhile (a store
    removes the file). Returns the mark (``None``: nothing is remembered here)."""
    path = _due_path(root, session)
    if path is None:
        return None
    mark = _due_key(env, settings, root, repo, session) + f"reading {os.getpid()} {time.time_ns()}\n"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _due_write(path, mark)
    except OSError:
        return None
    return mark


def keep_lease_due(env, settings, root, repo, session, entries, mark):
    """Remember the earliest lease end of ``entries`` (the proofs just read after
    :func:`due_scan` returned ``mark``) unless a proof was stored since."""
    path = _due_path(root, session) if mark else None
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read(8192) != mark:
                return  # a proof was stored meanwhile: read them again next time
        ends = [epoch(entry.get("expires")) for entry in entries]
        earliest = "none" if not ends else str(int(min(0 if end is None else end for end in ends)))
        _due_write(path, _due_key(env, settings, root, repo, session) + earliest + "\n")
    except (TypeError, OSError, UnicodeDecodeError):
        pass


def forget_lease_due(root, session):
    """A proof of ``session`` was stored: its remembered lease end no longer holds."""
    path = _due_path(root, session)
    if path is not None:
        try:
            os.remove(path)
        except OSError:
            pass


# -- path -> module (modmap) -----------------------------------------------------------------
MANIFEST = "__manifest__.py"
DEFAULT_MODULE_ROOTS = ("addons/*",)
ROOTS_KEY = "moduleroots"


def glob_match(name, pattern):
    """``fnmatchcase`` for ``*`` and ``?`` (no ``[...]`` classes), without ``re``: the lean hook
    imports this module on every edit and does not load ``re``."""
    n = p = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] in ("?", name[n]) and pattern[p] != "*":
            n, p = n + 1, p + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, n, p + 1
        elif star != -1:
            p, mark = star + 1, mark + 1
            n = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def module_roots(root):
    """The work tree's module-root globs (``/``-separated, relative to the top)."""
    value = read(root, key=ROOTS_KEY) if root else None
    if not value:
        return DEFAULT_MODULE_ROOTS
    return tuple(p.strip().strip("/") for p in value.split(",") if p.strip().strip("/"))


def unmanifested_module(parts, patterns, sibling_modules):
    """How many leading ``parts`` (the components of a file's path under the top) make the
    folder of a module that has no manifest, or 0.

    ``patterns``: module-root globs; ``sibling_modules(parent_parts)``: names of the folders in
    that folder that are modules. A pattern wins over siblings; the nearest sibling folder wins."""
    for pattern in patterns:
        globs = [g for g in pattern.split("/") if g]
        size = len(globs)
        if 0 < size < len(parts) and all(glob_match(parts[i], globs[i]) for i in range(size)):
            if not any(part.startswith(".") for part in parts[:size]):
                return size
    for size in range(len(parts) - 1, 0, -1):
        if any(part.startswith(".") for part in parts[:size]):
            continue
        if set(sibling_modules(tuple(parts[: size - 1]))) - {parts[size - 1]}:
            return size
    return 0


def _sibling_modules(root):
    def siblings(parent_parts):
        folder = os.path.join(root, *parent_parts)
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        return [
            n for n in names if not n.startswith(".") and os.path.isfile(os.path.join(folder, n, MANIFEST))
        ]

    return siblings


def find_module(path, root, cwd=None):
    """``(module_name, module_dir)`` of ``path``, or ``None`` when no folder between the file
    and ``root`` (included) holds a ``__manifest__.py``, or the file is outside ``root``.

    ``path`` may be relative (to ``cwd``, default ``root``) and need not exist yet (a new file)."""
    if not path:
        return None
    root = realpath(root)
    path = os.path.expanduser(str(path))
    if not os.path.isabs(path):
        path = os.path.join(cwd or root, path)
    path = realpath(path)
    if not _inside(path, root):
        return None
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    while _inside(folder, root):
        if os.path.isfile(os.path.join(folder, MANIFEST)):
            return os.path.basename(folder), folder
        if folder == root:
            break
        folder = os.path.dirname(folder)
    parts = os.path.relpath(path, root).split(os.sep)
    size = unmanifested_module(parts, module_roots(root), _sibling_modules(root))
    if size:
        return parts[size - 1], os.path.join(root, *parts[:size])
    return None


def modules_of(paths, root, cwd=None):
    """Sorted module names of ``paths`` (files outside any module are left out)."""
    found = set()
    for path in paths:
        hit = find_module(path, root, cwd=cwd)
        if hit:
            found.add(hit[0])
    return sorted(found)
