# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: cases read their repository, commit and run date through their run; the
stored copies (a column each, an index and a foreign-key check on every imported case) go."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE practice_eval_case DROP COLUMN IF EXISTS repo_id, DROP COLUMN IF EXISTS commit, "
        "DROP COLUMN IF EXISTS started_at"
    )
