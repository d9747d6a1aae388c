# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: every scenario's last status, failing streak and flaky commits recomputed
from its history in the order the runs were received (imports now keep them up to date
without reading the history again). Its last run and date are read from the history now
(not stored): their columns go. Cases lose the indexes on class name, category and status
(every read goes through the run or the scenario; failing cases have a partial index), and
their access-log columns (the run's say who imported them and when)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE practice_eval_scenario DROP COLUMN IF EXISTS last_run_id, "
        "DROP COLUMN IF EXISTS last_date"
    )
    # cases have no access-log columns any more (their run's tell who imported them, when)
    cr.execute(
        "ALTER TABLE practice_eval_case DROP COLUMN IF EXISTS create_uid, DROP COLUMN IF EXISTS create_date, "
        "DROP COLUMN IF EXISTS write_uid, DROP COLUMN IF EXISTS write_date"
    )
    cr.execute(
        "DROP INDEX IF EXISTS practice_eval_case__classname_index, practice_eval_case__category_index, "
        "practice_eval_case__status_index"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    Scenario = env["practice.eval.scenario"]
    Scenario.search([])._refresh()
