"""Sandbox databases, independent of the ORM: names, expiry and the per-repository cap.

A sandbox is a database a session's agent changes, duplicated from a template database on the
target Odoo server. The practice server only records it; these functions take plain values and
``now`` explicitly so they are tested as plain Python.
"""

import re
from datetime import timedelta

# every sandbox database name: "sbx_" + lowercase letters, digits, "_" (the server never drops
# a database whose name does not look like this, whatever was recorded)
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}_sbx_[a-z0-9_]{1,40}$|^sbx_[a-z0-9_]{1,60}$")
TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")
DEFAULT_TTL_HOURS = 24
MAX_TTL_HOURS = 24 * 90
DEFAULT_MAX_PER_REPO = 10
MAX_PER_REPO = 1000
MAX_URL = 500


class SandboxInputError(ValueError):
    """A bad argument of a sandbox call; the message names it."""


def check_name(name):
    """``name`` when it is a sandbox database name, else :class:`SandboxInputError`."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        shown = repr(name)[:80]
        raise SandboxInputError(
            f"A sandbox database name is 'sbx_' then lowercase letters, digits and '_' (at most 64 "
            f"characters), got {shown}."
        )
    return name


def check_template(template):
    if not isinstance(template, str) or not TEMPLATE_RE.match(template):
        raise SandboxInputError(
            f"A template database name is 1 to 63 letters, digits, '_', '.', '-', got {repr(template)[:80]}."
        )
    return template


def check_url(url):
    """An http(s) URL without credentials (``user:pass@`` refused: nothing secret is recorded)."""
    if url in (None, False, ""):
        return ""
    if not isinstance(url, str) or len(url) > MAX_URL or not re.match(r"^https?://[^\s/@]+(/\S*)?$", url):
        raise SandboxInputError("The target URL must look like http://host:8069, without credentials.")
    return url.rstrip("/")


def ttl_hours(raw):
    """The TTL setting as hours: a positive number up to :data:`MAX_TTL_HOURS`, else the default."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_TTL_HOURS
    return min(value, MAX_TTL_HOURS) if value > 0 else DEFAULT_TTL_HOURS


def max_per_repo(raw):
    """The cap setting: a positive number up to :data:`MAX_PER_REPO`, else the default."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_MAX_PER_REPO
    return min(value, MAX_PER_REPO) if value > 0 else DEFAULT_MAX_PER_REPO


def expires_at(created, hours):
    return created + timedelta(hours=hours)


def to_retire(rows, now, cap):
    """The ids of the active sandboxes to retire: ``rows`` are ``(id, repo, created, expires)``;
    expired ones, then per repository the oldest beyond ``cap``. Sorted ids."""
    retire = {row[0] for row in rows if row[3] and row[3] <= now}
    by_repo = {}
    for row in rows:
        if row[0] not in retire:
            by_repo.setdefault(row[1], []).append(row)
    for kept in by_repo.values():
        kept.sort(key=lambda row: (row[2], row[0]), reverse=True)  # newest first
        retire.update(row[0] for row in kept[cap:])
    return sorted(retire)
