# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: runs are ordered by when the server received them (``received_at``), no longer
by the time their report claims (``started_at``). Runs imported before get the time their row
was created, and a report time later than that is capped at it (as imports now do); the
stored copies of ``started_at`` on cases and per-category rates follow. Done before the ORM
adds the required column, so it never sees a NULL."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE practice_eval_run ADD COLUMN IF NOT EXISTS received_at timestamp")
    cr.execute(
        """
        UPDATE practice_eval_run
           SET received_at = COALESCE(create_date, started_at, now() AT TIME ZONE 'UTC')
         WHERE received_at IS NULL
        """
    )
    cr.execute(
        """
        UPDATE practice_eval_run
           SET started_at = received_at,
               ended_at = received_at + make_interval(secs => COALESCE(duration, 0))
         WHERE started_at > received_at
     RETURNING id
        """
    )
    capped = [row[0] for row in cr.fetchall()]
    if capped:
        for table in ("practice_eval_case", "practice_eval_run_category"):
            cr.execute(
                SQL(
                    "UPDATE %s AS t SET started_at = r.started_at "
                    "FROM practice_eval_run r WHERE t.run_id = r.id AND r.id = ANY(%s)",
                    SQL.identifier(table),
                    capped,
                )
            )
