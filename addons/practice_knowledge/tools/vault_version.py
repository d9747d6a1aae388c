"""Versions of vault files and the conflicts of a push (optimistic concurrency, no ORM).

The version of a file is the SHA-256 (hex) of the canonical text the server exports for its
path: two clients that pulled the same server state hold the same versions, whatever their
disk shows. A push names, per path, the version it last pulled (its *base*); the server
refuses every path it would write whose current version differs from that base.
"""

import hashlib

VERSION_LENGTH = 64
MAX_BASE_PATH = 1000

# why a path conflicts
CHANGED = "changed"  # both sides have a version, they differ
ADDED = "added"  # the server has the file, the client never pulled it
DELETED = "deleted"  # the client pulled it, the server no longer has it


def file_version(text):
    """The version of one file's canonical text: its SHA-256 in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions_of(files):
    """``{path: text}`` → ``{path: version}``."""
    return {path: file_version(text) for path, text in files.items()}


def normalize_base(base):
    """Check a client's ``base`` (``{path: version}``); returns it as a plain dict.

    A missing or empty version (``None``, ``False``, ``""``) means "I had no such file".
    Raises ``ValueError`` with a short message for anything else than such a mapping.
    """
    if not isinstance(base, dict):
        raise ValueError("base must be a mapping {relative_path: version}")
    clean = {}
    for path, version in base.items():
        if not isinstance(path, str) or not path or len(path) > MAX_BASE_PATH:
            raise ValueError(f"base: bad path {str(path)[:60]!r}")
        if version in (None, False, ""):
            continue
        if not isinstance(version, str) or len(version) > VERSION_LENGTH:
            raise ValueError(f"base: bad version for {path[:60]!r}")
        clean[path] = version
    return clean


def find_conflicts(base, server, paths):
    """The paths among ``paths`` (those a push would write) whose server version is not the
    client's base, as ``[(path, base_version, server_version, reason)]`` sorted by path;
    a missing version is ``""``; ``reason`` is :data:`CHANGED`, :data:`ADDED` or :data:`DELETED`."""
    conflicts = []
    for path in sorted(set(paths)):
        mine, theirs = base.get(path) or "", server.get(path) or ""
        if mine == theirs:
            continue
        reason = CHANGED if mine and theirs else (ADDED if theirs else DELETED)
        conflicts.append((path, mine, theirs, reason))
    return conflicts
