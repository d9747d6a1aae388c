# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the summaries of diffs and alerts are built when read, for the reader (a line of
a model the reader may not read is counted, not named). The stored texts named every model to
every Reader: drop their columns, which the ORM no longer uses."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE practice_watchdog_diff DROP COLUMN IF EXISTS summary")
    cr.execute("ALTER TABLE practice_watchdog_alert DROP COLUMN IF EXISTS summary")
