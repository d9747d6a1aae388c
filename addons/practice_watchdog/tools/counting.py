# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Counting triggers of the watchdog: in real-time counting mode, statement-level PostgreSQL
triggers (``REFERENCING NEW TABLE / OLD TABLE``) on a watched model's table add each
statement's inserted and deleted rows to ``practice_watchdog_counter`` (the model
``practice.watchdog.counter``; the ORM-hook mode writes the same rows from Python).
"""

from odoo.tools import SQL

# counter rows are sharded by slot (backend pid modulo SLOTS): concurrent workers do not queue
SLOTS = 16
TRIGGER_FUNCTION = "practice_watchdog_count_rows"
TRIGGER_INSERT = "practice_watchdog_ins"
TRIGGER_DELETE = "practice_watchdog_del"


def ensure_trigger_function(cr):
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(fn)s() RETURNS trigger LANGUAGE plpgsql AS $body$
            DECLARE
                n integer;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    SELECT count(*) INTO n FROM old_rows;
                ELSE
                    SELECT count(*) INTO n FROM new_rows;
                END IF;
                IF n > 0 THEN
                    INSERT INTO practice_watchdog_counter AS c (model, minute, slot, creates, deletes)
                    VALUES (
                        TG_ARGV[0],
                        date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC'),
                        mod(pg_backend_pid(), %(slots)s),
                        CASE WHEN TG_OP = 'INSERT' THEN n ELSE 0 END,
                        CASE WHEN TG_OP = 'DELETE' THEN n ELSE 0 END
                    )
                    ON CONFLICT (model, minute, slot) DO UPDATE
                    SET creates = c.creates + EXCLUDED.creates, deletes = c.deletes + EXCLUDED.deletes;
                END IF;
                RETURN NULL;
            END
            $body$
            """,
            fn=SQL.identifier(TRIGGER_FUNCTION),
            slots=SLOTS,
        )
    )


def existing_triggers(cr):
    """``{table: model}`` of tables that carry the watchdog triggers."""
    cr.execute(
        SQL(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname IN %s AND NOT t.tgisinternal",
            (TRIGGER_INSERT, TRIGGER_DELETE),
        )
    )
    return {table for table, _name in cr.fetchall()}


def create_triggers(cr, table, model_name):
    ensure_trigger_function(cr)
    drop_triggers(cr, table)
    for name, event, transition in (
        (TRIGGER_INSERT, SQL("INSERT"), SQL("NEW TABLE AS new_rows")),
        (TRIGGER_DELETE, SQL("DELETE"), SQL("OLD TABLE AS old_rows")),
    ):
        cr.execute(
            SQL(
                "CREATE TRIGGER %s AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %s(%s)",
                SQL.identifier(name),
                event,
                SQL.identifier(table),
                transition,
                SQL.identifier(TRIGGER_FUNCTION),
                model_name,
            )
        )


def drop_triggers(cr, table):
    for name in (TRIGGER_INSERT, TRIGGER_DELETE):
        cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", SQL.identifier(name), SQL.identifier(table)))


def drop_all_triggers(cr):
    for table in existing_triggers(cr):
        drop_triggers(cr, table)
    cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(TRIGGER_FUNCTION)))
