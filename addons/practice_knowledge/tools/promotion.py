# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly review of the daily-usage guide (``../shared/seeds/002_…``, "Weekly Knowledge
Base Review"): which citations it promotes, which pattern library a promoted pattern goes to,
and on which day the digest of the week's citations is posted.

The guide greps ``Quality Score: [89][0-9]``: citations scoring 80 to 99 (100 too here) are
the ones a reviewer promotes to the pattern library, ``knowledge/patterns/orm_library.md``.
"""

import datetime
import re

PROMOTE_MIN_SCORE = 80
DIGEST_DAYS = 7  # the digest lists the citations added in the last DIGEST_DAYS days
DEFAULT_WEEKDAY = 4  # Friday (date.weekday()): the guide's weekly review
WEEKDAYS = (
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
)
MAX_DIGEST_CITATIONS = 200  # citations one digest lists (the best first)
# words a category heading shares with every library name ("ORM Patterns" -> orm_library)
GENERIC_WORDS = frozenset({"pattern", "patterns", "library"})
MAX_LIBRARY_CHARS = 50


def library_path(category):
    """The pattern library a citation of ``category`` is promoted to: ``patterns/<words>_library.md``
    (``ORM Patterns`` → ``patterns/orm_library.md``, the guide's ORM library; no category →
    ``patterns/general_library.md``)."""
    words = [w for w in re.split(r"[^a-z0-9]+", (category or "").lower()) if w and w not in GENERIC_WORDS]
    stem = "_".join(words)[:MAX_LIBRARY_CHARS].strip("_") or "general"
    return f"patterns/{stem}_library.md"


def unique_name(name, taken):
    """``name``, or ``name (2)``, ``name (3)``… when a pattern of the library has it already (a
    library holds each pattern name once)."""
    name = " ".join((name or "").split()) or "Pattern"
    taken = set(taken)
    candidate, count = name, 2
    while candidate in taken:
        candidate, count = f"{name} ({count})", count + 1
    return candidate


def parse_weekday(value):
    """The digest's weekday (0 Monday … 6 Sunday) of a settings value; the default on junk."""
    if isinstance(value, bool) or value in (None, ""):
        return DEFAULT_WEEKDAY  # no parameter set (get_param answers False)
    try:
        day = int(value)
    except (TypeError, ValueError):
        return DEFAULT_WEEKDAY
    return day if 0 <= day <= 6 else DEFAULT_WEEKDAY


def week_window(today, days=DIGEST_DAYS):
    """``(first, last)`` days of the digest ending ``today`` (both included)."""
    return today - datetime.timedelta(days=days - 1), today
