# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Incremental per-``res_model``/``res_field`` statistics of ``ir_attachment``.

Statement-level PostgreSQL triggers (``REFERENCING NEW TABLE / OLD TABLE``) aggregate each
INSERT, DELETE and UPDATE statement's rows by group and append the signed deltas
(``count``, ``size``) to ``practice_watchdog_attachment_stat``: one small insert per
statement, raw SQL included. A TRUNCATE empties the statistics.

The table is append-only on purpose: Odoo runs ``REPEATABLE READ`` transactions, and an
upsert of one row per group would make every concurrent attachment writer of a group wait
on that row until the other commits, then fail with a serialization error. Appended rows
never conflict. Snapshots sum the rows (a few per group) and compact them now and then.

The triggers are ``ENABLE ALWAYS``: they fire under ``session_replication_role = replica``
too. What can still bypass them is their owner disabling or dropping them (a restore with
``--disable-triggers`` does). So the statistics are *verified*: against the exact
``count(*)`` of ``ir_attachment`` (a difference → the table is scanned, the statistics
refilled, the drift reported), and between two verifications by :func:`trusted`, which
cross-checks the rows the triggers saw inserted and deleted against PostgreSQL's own
cumulative tuple counters (``pg_stat_get_tuples_inserted/deleted``, which no trigger
setting bypasses). A snapshot skips the ``count(*)`` of a million-row table only when that
cross-check holds, the triggers are all enabled ``ALWAYS``, ``track_counts`` is on and the
last verification is recent enough; anything else — a bypass, an aborted transaction that
inserted attachments, a statistics reset — makes it count.
"""

import psycopg2

from odoo.tools import SQL

STAT_TABLE = "practice_watchdog_attachment_stat"
ROWS_FUNCTION = "practice_watchdog_attachment_stat_rows"
TRUNCATE_FUNCTION = "practice_watchdog_attachment_stat_truncate"
TRIGGER_INSERT = "practice_watchdog_attachment_stat_ins"
TRIGGER_DELETE = "practice_watchdog_attachment_stat_del"
TRIGGER_UPDATE = "practice_watchdog_attachment_stat_upd"
TRIGGER_TRUNCATE = "practice_watchdog_attachment_stat_trunc"
TRIGGERS = (TRIGGER_INSERT, TRIGGER_DELETE, TRIGGER_UPDATE, TRIGGER_TRUNCATE)
# Append-only log of verifications: PostgreSQL's counters and the triggers' sums at the time.
CHECK_TABLE = "practice_watchdog_attachment_check"
CHECKS_KEPT = 100
TRIGGERS_OFF = "statistics triggers disabled or missing"
# Delta rows beyond one per group after which a snapshot folds them into one row per group.
COMPACT_AFTER = 1000

GROUPS_SQL = (
    "SELECT res_model, res_field, count(*), coalesce(sum(file_size), 0) "
    "FROM ir_attachment GROUP BY res_model, res_field"
)


def install(cr):
    """Create (or re-create) the table, the triggers and an exact fill, atomically: the
    lock keeps every writer of ``ir_attachment`` out between the fill and the triggers."""
    cr.execute(SQL("LOCK TABLE ir_attachment IN SHARE ROW EXCLUSIVE MODE"))
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s (res_model varchar, res_field varchar, "
            "count bigint NOT NULL, size bigint NOT NULL)",
            SQL.identifier(STAT_TABLE),
        )
    )
    for column in ("inserted", "deleted"):
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s bigint NOT NULL DEFAULT 0",
                SQL.identifier(STAT_TABLE),
                SQL.identifier(column),
            )
        )
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s (id serial PRIMARY KEY, "
            "verified_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'), "
            "pg_inserted bigint NOT NULL, pg_deleted bigint NOT NULL, "
            "inserted bigint NOT NULL, deleted bigint NOT NULL)",
            SQL.identifier(CHECK_TABLE),
        )
    )
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(fn)s() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO %(stat)s (res_model, res_field, count, size, inserted)
                    SELECT res_model, res_field, count(*), coalesce(sum(file_size), 0), count(*)
                    FROM new_rows GROUP BY res_model, res_field;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO %(stat)s (res_model, res_field, count, size, deleted)
                    SELECT res_model, res_field, -count(*), -coalesce(sum(file_size), 0), count(*)
                    FROM old_rows GROUP BY res_model, res_field;
                ELSE
                    INSERT INTO %(stat)s (res_model, res_field, count, size)
                    SELECT res_model, res_field, sum(c), sum(s) FROM (
                        SELECT res_model, res_field, 1 AS c, coalesce(file_size, 0)::bigint AS s
                        FROM new_rows
                        UNION ALL
                        SELECT res_model, res_field, -1, -coalesce(file_size, 0)::bigint FROM old_rows
                    ) d
                    GROUP BY res_model, res_field HAVING sum(c) <> 0 OR sum(s) <> 0;
                END IF;
                RETURN NULL;
            END
            $body$
            """,
            fn=SQL.identifier(ROWS_FUNCTION),
            stat=SQL.identifier(STAT_TABLE),
        )
    )
    cr.execute(
        SQL(
            "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS "
            "$body$ BEGIN DELETE FROM %s; RETURN NULL; END $body$",
            SQL.identifier(TRUNCATE_FUNCTION),
            SQL.identifier(STAT_TABLE),
        )
    )
    drop_triggers(cr)
    for name, event, transition in (
        (TRIGGER_INSERT, "INSERT", "REFERENCING NEW TABLE AS new_rows"),
        (TRIGGER_DELETE, "DELETE", "REFERENCING OLD TABLE AS old_rows"),
        (TRIGGER_UPDATE, "UPDATE", "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows"),
    ):
        cr.execute(
            SQL(
                "CREATE TRIGGER %s AFTER %s ON ir_attachment %s FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                SQL.identifier(name),
                SQL(event),
                SQL(transition),
                SQL.identifier(ROWS_FUNCTION),
            )
        )
    cr.execute(
        SQL(
            "CREATE TRIGGER %s AFTER TRUNCATE ON ir_attachment FOR EACH STATEMENT EXECUTE FUNCTION %s()",
            SQL.identifier(TRIGGER_TRUNCATE),
            SQL.identifier(TRUNCATE_FUNCTION),
        )
    )
    for name in TRIGGERS:
        cr.execute(SQL("ALTER TABLE ir_attachment ENABLE ALWAYS TRIGGER %s", SQL.identifier(name)))
    refill(cr)
    record_check(cr)


def uninstall(cr):
    drop_triggers(cr)
    for fn in (ROWS_FUNCTION, TRUNCATE_FUNCTION):
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(fn)))
    for table in (STAT_TABLE, CHECK_TABLE):
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))


def drop_triggers(cr):
    for name in TRIGGERS:
        cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON ir_attachment", SQL.identifier(name)))


def scan_groups(cr):
    """``[(res_model, res_field, count, size)]`` by an exact scan of ``ir_attachment``."""
    cr.execute(SQL(GROUPS_SQL))
    return cr.fetchall()


def refill(cr, groups=None):
    """Replace the statistics by exact ``groups`` (scanned now when not given). Only the rows
    this transaction sees are replaced: deltas of writers that commit meanwhile stay."""
    cr.execute(SQL("DELETE FROM %s", SQL.identifier(STAT_TABLE)))
    if groups is None:
        cr.execute(
            SQL(
                "INSERT INTO %s (res_model, res_field, count, size) %s",
                SQL.identifier(STAT_TABLE),
                SQL(GROUPS_SQL),
            )
        )
    elif groups:
        cr.execute(
            SQL(
                "INSERT INTO %s (res_model, res_field, count, size) VALUES %s",
                SQL.identifier(STAT_TABLE),
                SQL(", ").join(SQL("(%s, %s, %s, %s)", *group) for group in groups),
            )
        )


def compact(cr):
    """Fold the delta rows into one row per group (keeping the sums of inserted and deleted
    rows, which :func:`trusted` compares)."""
    cr.execute(
        SQL(
            "WITH gone AS (DELETE FROM %(stat)s RETURNING res_model, res_field, count, size, "
            "inserted, deleted) "
            "INSERT INTO %(stat)s (res_model, res_field, count, size, inserted, deleted) "
            "SELECT res_model, res_field, sum(count), sum(size), sum(inserted), sum(deleted) FROM gone "
            "GROUP BY res_model, res_field "
            "HAVING sum(count) <> 0 OR sum(size) <> 0 OR sum(inserted) <> 0 OR sum(deleted) <> 0",
            stat=SQL.identifier(STAT_TABLE),
        )
    )
    cr.execute(
        SQL(
            "DELETE FROM %(check)s WHERE id <= (SELECT max(id) FROM %(check)s) - %(kept)s",
            check=SQL.identifier(CHECK_TABLE),
            kept=CHECKS_KEPT,
        )
    )


# PostgreSQL's cumulative counters of ir_attachment: flushed by all backends, plus this
# backend's pending counts (its current transaction included).
PG_INSERTED = SQL(
    "pg_stat_get_tuples_inserted('ir_attachment'::regclass) "
    "+ pg_stat_get_xact_tuples_inserted('ir_attachment'::regclass)"
)
PG_DELETED = SQL(
    "pg_stat_get_tuples_deleted('ir_attachment'::regclass) "
    "+ pg_stat_get_xact_tuples_deleted('ir_attachment'::regclass)"
)


def record_check(cr):
    """Log a verification: the counters now, as the base of the next :func:`trusted`."""
    cr.execute(
        SQL(
            "INSERT INTO %s (pg_inserted, pg_deleted, inserted, deleted) "
            "SELECT %s, %s, coalesce(sum(inserted), 0), coalesce(sum(deleted), 0) FROM %s",
            SQL.identifier(CHECK_TABLE),
            PG_INSERTED,
            PG_DELETED,
            SQL.identifier(STAT_TABLE),
        )
    )


def trusted(cr, max_age_minutes):
    """``(True, "")`` when the statistics can stand for a ``count(*)`` of ``ir_attachment``
    now, else ``(False, why)``. Since the last verification (at most ``max_age_minutes``
    old; 0 = never trusted), PostgreSQL must not have counted more inserted or deleted rows
    than the triggers saw (it may count fewer: other sessions flush their counters a few
    seconds after they commit), and the triggers must be in place and enabled ``ALWAYS``."""
    if max_age_minutes <= 0:
        return False, "verification requested"
    cr.execute(
        SQL(
            "SELECT current_setting('track_counts')::bool, "
            "(SELECT count(*) FROM pg_trigger WHERE tgrelid = 'ir_attachment'::regclass "
            "AND tgname = ANY(%(names)s) AND tgenabled = 'A'), "
            "c.verified_at > (now() AT TIME ZONE 'UTC') - make_interval(mins => %(age)s), "
            "%(pg)s - c.pg_inserted, (SELECT coalesce(sum(inserted), 0) FROM %(stat)s) - c.inserted, "
            "%(pg_del)s - c.pg_deleted, (SELECT coalesce(sum(deleted), 0) FROM %(stat)s) - c.deleted "
            "FROM (SELECT * FROM %(check)s ORDER BY id DESC LIMIT 1) c",
            names=list(TRIGGERS),
            age=int(max_age_minutes),
            pg=PG_INSERTED,
            pg_del=PG_DELETED,
            stat=SQL.identifier(STAT_TABLE),
            check=SQL.identifier(CHECK_TABLE),
        )
    )
    row = cr.fetchone()
    if row is None:
        return False, "never verified"
    track_counts, always, recent, pg_ins, ins, pg_del, dels = row
    if not track_counts:
        return False, "track_counts is off"
    if always != len(TRIGGERS):
        return False, TRIGGERS_OFF
    if not recent:
        return False, "last verification too old"
    if pg_ins < 0 or pg_del < 0:  # a statistics reset, a crash, a database copied from a template
        return False, "PostgreSQL's row counters went back since the last verification"
    if pg_ins > ins or pg_del > dels or ins < 0 or dels < 0:
        return False, "PostgreSQL counted rows the triggers did not see"
    return True, ""


def try_write(cr, fn, *args):
    """Run a maintenance write in a savepoint; give up (return False) when a concurrent
    transaction already rewrote the same rows (a later snapshot will do it)."""
    try:
        with cr.savepoint():
            fn(cr, *args)
    except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
        return False
    return True


def stat_groups(cr):
    """``(groups, rows)``: the summed statistics ``[(res_model, res_field, count, size)]``
    (groups whose count and size are both 0 left out) and the number of delta rows read."""
    cr.execute(
        SQL(
            "SELECT res_model, res_field, sum(count), sum(size), count(*) FROM %s "
            "GROUP BY res_model, res_field",
            SQL.identifier(STAT_TABLE),
        )
    )
    groups, rows = [], 0
    for res_model, res_field, count, size, n in cr.fetchall():
        rows += n
        if count or size:
            groups.append((res_model, res_field, int(count), int(size)))
    return groups, rows


def verified_groups(cr, count):
    """``(groups, drift)``: the groups from the statistics when they agree with ``count``
    (the exact ``count(*)`` of ``ir_attachment`` in this transaction), ``drift`` = 0;
    otherwise the groups of an exact scan, the statistics refilled from it, and ``drift`` =
    how far the statistics' total was off."""
    groups, rows = stat_groups(cr)
    total = sum(g[2] for g in groups)
    if total == count and sane(groups):
        maintain(cr, groups, rows)
        record_check(cr)
        return groups, 0
    exact = scan_groups(cr)
    try_write(cr, refill, exact)
    record_check(cr)
    # A bypass that kept the total (or only changed sizes) still differs somewhere: at least 1.
    return exact, abs(count - total) or 1


def sane(groups):
    """Whether summed statistics can be right at all (no empty or negative group)."""
    return all(count > 0 and size >= 0 for _model, _field, count, size in groups)


def maintain(cr, groups, rows):
    """Compact the statistics when their delta rows outnumber the groups by far."""
    if rows - len(groups) > COMPACT_AFTER:
        try_write(cr, compact)
