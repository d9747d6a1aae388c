"""Timestamps and ages as the context bundle prints them, in plain Python.

* :func:`iso_utc` — ISO 8601 UTC with a ``Z`` (``2026-11-29T19:14:36Z``); Odoo stores naive UTC.
* :func:`age` — "just now", "5 minutes ago", "3 hours ago", "yesterday", "3 days ago",
  "2 months ago", "in 4 days", measured against a ``now`` given by the caller (the bundle's
  ``request["now"]``) so tests can fix it.
"""

import datetime

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def to_datetime(value):
    """A naive UTC datetime from a datetime (aware ones converted), a date (midnight) or an
    ISO text (``YYYY-MM-DD[ T]HH:MM[:SS][Z]``); ``None`` for empty or unreadable values."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1]
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            return None
        return to_datetime(parsed)
    return None


def iso_utc(value):
    """``2026-11-29T19:14:36Z`` for a datetime (or its text), ``2026-11-29`` for a date, "" if empty."""
    if not value:
        return ""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    moment = to_datetime(value)
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else ""


def _plural(count, unit):
    return f"{count} {unit}" + ("" if count == 1 else "s")


def age(then, now):
    """How long before ``now`` ``then`` was, in words ("3 days ago"); dates count whole days.

    A date (not a datetime) is compared with ``now``'s date: "today", "yesterday", "3 days ago".
    Future moments read "in 2 days". Empty input gives "".
    """
    now_dt = to_datetime(now)
    if not then or now_dt is None:
        return ""
    if isinstance(then, datetime.date) and not isinstance(then, datetime.datetime):
        days = (now_dt.date() - then).days
        if days == 0:
            return "today"
        if days == 1:
            return "yesterday"
        if days == -1:
            return "tomorrow"
        return _days(abs(days), future=days < 0)
    then_dt = to_datetime(then)
    if then_dt is None:
        return ""
    seconds = int((now_dt - then_dt).total_seconds())
    future, seconds = seconds < 0, abs(seconds)
    if seconds < MINUTE:
        return "just now"
    if seconds < HOUR:
        text = _plural(seconds // MINUTE, "minute")
    elif seconds < DAY:
        text = _plural(seconds // HOUR, "hour")
    else:
        return _days(seconds // DAY, future)
    return f"in {text}" if future else f"{text} ago"


def _days(days, future):
    if days < 14:
        text = _plural(days, "day")
    elif days < 60:
        text = _plural(days // 7, "week")
    elif days < 730:
        text = _plural(days // 30, "month")
    else:
        text = _plural(days // 365, "year")
    return f"in {text}" if future else f"{text} ago"
