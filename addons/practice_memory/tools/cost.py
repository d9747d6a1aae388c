"""Cost report periods and budget thresholds (no ORM).

Days are the sessions' start days as ``practice.session.usage.started_on`` stores them (the
UTC date of the session's start). A *period* is ``today`` (that day), ``week`` (Monday to
today, ISO weeks) or ``month`` (the 1st to today). A budget's *level* in a period is how far
its spending went: ``ok`` below 80 %, ``warning`` from 80 %, ``exceeded`` from 100 %.
"""

from datetime import timedelta

PERIODS = ("today", "week", "month")
GROUPS = ("model", "session", "repo")
BUDGET_PERIODS = ("daily", "monthly")
LEVELS = ("ok", "warning", "exceeded")
WARNING_RATIO = 0.8
EXCEEDED_RATIO = 1.0
MAX_ROWS = 200
DEFAULT_ROWS = 50


def period_bounds(period, today):
    """``(first day, last day)`` of ``period`` (one of :data:`PERIODS`) containing ``today``."""
    if period == "today":
        return today, today
    if period == "week":
        return today - timedelta(days=today.weekday()), today
    if period == "month":
        return today.replace(day=1), today
    raise ValueError(f"unknown period {period!r}: one of {', '.join(PERIODS)}")


def budget_period_start(kind, today):
    """First day of a budget's ``daily`` or ``monthly`` period containing ``today``."""
    if kind == "daily":
        return today
    if kind == "monthly":
        return today.replace(day=1)
    raise ValueError(f"unknown budget period {kind!r}: one of {', '.join(BUDGET_PERIODS)}")


def ratio(spent, amount):
    """Spent over amount (0.0 when there is no amount: no budget for that period)."""
    if not amount or amount <= 0:
        return 0.0
    return max(spent or 0.0, 0.0) / amount


def level(spent, amount):
    """``ok`` / ``warning`` / ``exceeded`` of ``spent`` against ``amount`` (``ok`` without one).
    Compared in cents' hundredths so that 79.99999 of 100 stays ``ok`` and 80.0 is a warning."""
    if not amount or amount <= 0:
        return "ok"
    spent = round(max(spent or 0.0, 0.0), 4)
    if spent >= round(amount * EXCEEDED_RATIO, 4):
        return "exceeded"
    if spent >= round(amount * WARNING_RATIO, 4):
        return "warning"
    return "ok"


def rank(name):
    """Order of a level: ok 0, warning 1, exceeded 2 (unknown or empty: 0)."""
    return LEVELS.index(name) if name in LEVELS else 0


def percent(value):
    """A ratio as a whole percentage for people (0.834 -> 83)."""
    return int(round((value or 0.0) * 100))


def escape_like(value):
    """``value`` with LIKE's wildcards escaped (for an ``=ilike`` prefix: ``escape_like(v) + '%'``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sort_rows(rows, limit):
    """Rows by cost (then tokens, then key), at most ``limit``; and how many were left out."""
    ordered = sorted(rows, key=lambda r: (-r["cost"], -r["tokens"], str(r["key"])))
    return ordered[:limit], max(len(ordered) - limit, 0)
