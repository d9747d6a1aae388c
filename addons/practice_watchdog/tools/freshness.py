"""Freshness: "model M gets at least one create or write every N hours".

The last activity of a table is the latest of ``max(write_date)`` (the ORM sets it on create
too) and the last minute the watchdog's counters saw a create. ``max(write_date)`` is read
from a btree index whose first column is ``write_date`` (PostgreSQL answers ``max()`` from
the end of the index, one page, never a scan of the table); the index is created for a
watched table when a freshness expectation is set on it and none exists (named as Odoo names
the index of a field with ``index=True``).

:func:`decide` says what the cron does about one expectation, given the open alert of the
same stall (if any) and the stalls already handled by hand.
"""

from datetime import timedelta

from odoo.tools import SQL
from odoo.tools.sql import make_index_name

COLUMN = "write_date"


def index_query(table):
    """Names of valid btree indexes of ``table`` whose first key column is ``write_date``."""
    return SQL(
        "SELECT i.relname FROM pg_index x "
        "JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema() "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_am am ON am.oid = i.relam AND am.amname = 'btree' "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
        "WHERE t.relname = %s AND a.attname = %s AND x.indisvalid AND x.indpred IS NULL",
        table,
        COLUMN,
    )


def index_name(table):
    return make_index_name(table, COLUMN)


def create_index(table):
    """The index on ``write_date`` of ``table`` (``IF NOT EXISTS``)."""
    return SQL(
        "CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
        SQL.identifier(index_name(table)),
        SQL.identifier(table),
        SQL.identifier(COLUMN),
    )


def has_column_query(table):
    return SQL(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND column_name = %s",
        table,
        COLUMN,
    )


def last_write_query(table):
    """``max(write_date)``: answered from the index (see :func:`index_query`)."""
    return SQL("SELECT max(%s) FROM %s", SQL.identifier(COLUMN), SQL.identifier(table))


def last_activity(*times):
    """The latest of ``times`` (None ignored) to the second (as Odoo stores datetimes, so
    that it compares equal to the one recorded on an alert), or None when there is none."""
    known = [t for t in times if t is not None]
    return max(known).replace(microsecond=0) if known else None


def is_stalled(last, hours, now):
    """Whether nothing happened within the last ``hours`` before ``now`` (a table that never
    saw any activity is stalled). ``hours`` ≤ 0 means no expectation."""
    if not hours or hours <= 0:
        return False
    return last is None or now - last > timedelta(hours=hours)


# decide() actions
RAISE = "raise"  # a new stall: raise one alert
RESOLVE = "resolve"  # activity came back: resolve the open alert


def decide(stalled, last, open_since, handled):
    """What to do for one expectation: a tuple of :data:`RESOLVE` / :data:`RAISE` (empty:
    nothing to do).

    ``stalled``: :func:`is_stalled`; ``last``: the last activity; ``open_since``: the last
    activity recorded on the open (new or acknowledged) alert of this expectation, or
    ``False`` when none is open (None is a recorded "never"); ``handled``: the last
    activities recorded on its alerts resolved by hand (a stall once resolved is never raised
    again; a later stall, with a later last activity, is)."""
    has_open = open_since is not False
    if not stalled:
        return (RESOLVE,) if has_open else ()
    if has_open:
        if last == open_since:
            return ()  # the same stall, already alerted
        # activity came and went between two checks: that stall is over, a new one began
        return (RESOLVE, RAISE)
    if last in handled:
        return ()
    return (RAISE,)
