"""Lease arithmetic and lock classification, independent of the ORM.

Everything here takes plain values (datetimes, ints, dicts) and ``now`` explicitly, so it is
tested as plain Python and the models stay thin: they read rows, call these functions and
write the outcome.
"""

from datetime import timedelta

from odoo.addons.practice_base.tools import guard

DEFAULT_TTL = 1800
MAX_TTL = 7 * 24 * 3600
MAX_SESSION_ID = guard.MAX_SESSION_ID
MAX_REASON = 500
MAX_HELD_ANSWER = 2000  # locks in one answer of `held` (as many as the .locks/ mirror holds)

HELD = "held"
FINAL_STATES = ("released", "expired", "forced")


class LeaseInputError(ValueError):
    """A bad argument of a lock call; the message names the argument and the value."""


def _short(value, limit=60):
    """``repr`` of a bad value, cut short: an error never quotes a huge input back."""
    return guard.excerpt(value, limit)


def parse_ttl(value, default=DEFAULT_TTL, maximum=MAX_TTL):
    """A lease length in whole seconds: ``None`` gives ``default``; zero, negative, fractional,
    non-numeric or longer than ``maximum`` values are refused."""
    if value is None:
        return default
    if isinstance(value, bool):
        raise LeaseInputError(f"ttl_seconds must be a whole number of seconds, got {_short(value)}.")
    if isinstance(value, float):
        if not value.is_integer():
            raise LeaseInputError(f"ttl_seconds must be a whole number of seconds, got {_short(value)}.")
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise LeaseInputError(f"ttl_seconds must be a whole number of seconds, got {_short(value)}.")
    if not isinstance(value, int):
        raise LeaseInputError(f"ttl_seconds must be a whole number of seconds, got {_short(value)}.")
    if value <= 0:
        raise LeaseInputError(f"ttl_seconds must be positive, got {value}.")
    if value > maximum:
        raise LeaseInputError(
            f"ttl_seconds must be at most {maximum} ({maximum // 3600} hours), got {value}."
        )
    return value


def parse_session_id(value):
    """A non-empty session id of at most MAX_SESSION_ID characters, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise LeaseInputError(f"session_id must be a non-empty string, got {_short(value)}.")
    value = value.strip()
    if len(value) > MAX_SESSION_ID:
        raise LeaseInputError(f"session_id must be at most {MAX_SESSION_ID} characters, got {len(value)}.")
    return value


def parse_reason(value, required=False):
    """A free-text reason; ``required`` refuses an empty one."""
    if value in (None, False):
        value = ""
    if not isinstance(value, str):
        raise LeaseInputError(f"reason must be text, got {_short(value)}.")
    value = value.strip()
    if required and not value:
        raise LeaseInputError("A reason is required.")
    if len(value) > MAX_REASON:
        raise LeaseInputError(f"reason must be at most {MAX_REASON} characters, got {len(value)}.")
    return value


def parse_token(value):
    """A fencing token: a positive integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LeaseInputError(f"token must be a positive integer, got {_short(value)}.")
    return value


def lease_end(now, ttl_seconds):
    """When a lease granted or renewed at ``now`` for ``ttl_seconds`` runs out."""
    return now + timedelta(seconds=ttl_seconds)


def extended_end(current_end, now, ttl_seconds):
    """The lease end after its holder renews (or acquires again) at ``now`` for ``ttl_seconds``:
    never earlier than the current end (a shorter TTL does not shorten a lease)."""
    new_end = lease_end(now, ttl_seconds)
    return max(current_end, new_end) if current_end else new_end


def is_live(state, expires_at, now):
    """A lock protects its holder while it is held and its lease has not run out."""
    return state == HELD and expires_at is not None and expires_at > now


def acquire_decision(current, session_id, user_id, now):
    """What an acquire does given the current held lock row (``None`` when there is none).

    ``current`` is a dict with ``state``, ``expires_at``, ``session_id``, ``user_id``.
    Returns one of:

    - ``"grant"``: nothing is held, take a new token;
    - ``"takeover"``: the held lease ran out: mark it expired, then take a new token;
    - ``"reenter"``: the same session (and user) already holds it: extend, keep its token;
    - ``"refuse"``: someone else holds a live lease.
    """
    if current is None:
        return "grant"
    if not is_live(current["state"], current["expires_at"], now):
        return "takeover"
    if current["session_id"] == session_id and current["user_id"] == user_id:
        return "reenter"
    return "refuse"


def fence(current_token, token, live):
    """Storage-side fencing: a write carrying ``token`` is valid only when it is the token of
    the live lock. ``current_token`` is the newest token granted on the module (0: never)."""
    return bool(live) and token == current_token and token > 0


def classify(names, live_by_module, session_id, user_id=None):
    """Split module ``names`` into ours / theirs / free.

    ``live_by_module`` maps a module name to the dict describing its live lock (with
    ``session_id`` and ``user_id`` keys). A lock is ours when its session is ``session_id`` and,
    when ``user_id`` is given, its user too (only then can this caller renew or release it).
    Order follows ``names``; ours and theirs carry the lock dicts, free the names only.
    """
    ours, theirs, free = [], [], []
    for name in names:
        lock = live_by_module.get(name)
        if lock is None:
            free.append(name)
        elif (
            session_id
            and lock["session_id"] == session_id
            and (user_id is None or lock.get("user_id") == user_id)
        ):
            ours.append(lock)
        else:
            theirs.append(lock)
    return {"ours": ours, "theirs": theirs, "free": free}


def bundle_items(requested, live_locks, session_id, user_id=None):
    """Items of the context bundle's "locks" section, deterministic order:
    locks on the requested modules that are ours, then theirs, then the repository's other
    live locks; each group by module name then token.

    ``live_locks`` is a list of lock dicts (``module``, ``token``, ``session_id``, ``user``,
    ``since``, ``expires_at``, ``reason``; ``user_id`` when ``user_id`` is given: ours means this
    session of this user). Returns ``(scope, lock)`` pairs with scope in
    ``ours``/``theirs``/``other``.
    """
    requested = set(requested)
    ranked = []
    for lock in live_locks:
        if lock["module"] in requested:
            mine = session_id and lock["session_id"] == session_id
            mine = mine and (user_id is None or lock.get("user_id") == user_id)
            scope = "ours" if mine else "theirs"
        else:
            scope = "other"
        rank = {"ours": 0, "theirs": 1, "other": 2}[scope]
        ranked.append((rank, lock["module"], lock["token"], scope, lock))
    ranked.sort(key=lambda row: row[:3])
    return [(scope, lock) for _rank, _module, _token, scope, lock in ranked]


def bundle_line(scope, lock):
    """One markdown line of the bundle's locks section."""
    who = f"session `{lock['session_id']}` ({lock['user']})"
    if scope == "ours":
        head = f"- **{lock['module']}**: held by this session"
    elif scope == "theirs":
        head = f"- **{lock['module']}**: held by {who} — do not edit, route around it"
    else:
        head = f"- {lock['module']}: held by {who}"
    tail = f" since {lock['since']}, until {lock['expires_at']} (token {lock['token']})"
    if lock.get("reason"):
        tail += f": {lock['reason']}"
    return head + tail


def overlaps(intervals):
    """Pairs of overlapping ``(start, end, key)`` intervals (touching ends do not overlap).

    Used by tests and the history check: held intervals of one module must never overlap.
    """
    ordered = sorted(intervals, key=lambda iv: (iv[0], iv[1]))
    found = []
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after[0] < before[1]:
            found.append((before[2], after[2]))
    return found
