# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: pass-rate targets (practice.eval.target). Runs and categories imported before
were judged without a target: a category was green when nothing in it failed (the rule then),
and no target applied (0)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE practice_eval_run_category SET green = (failed = 0) WHERE green IS NULL")
    cr.execute("UPDATE practice_eval_run_category SET target = 0 WHERE target IS NULL")
    cr.execute("UPDATE practice_eval_run SET target = 0 WHERE target IS NULL")
