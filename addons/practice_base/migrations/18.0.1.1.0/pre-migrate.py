# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the demo no longer renames the default repository to ``practice-stack``; it
defines that repository as its own record (``demo_repo_practice_stack``), which setup/run
loads this project's vault into. A database whose default repository already is
``practice-stack`` keeps it: the new record's id is bound to it, so the demo update does not
create a second repository of the same name."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT 'practice_base', 'demo_repo_practice_stack', 'practice.repo', r.id, false
          FROM practice_repo r
         WHERE r.name = 'practice-stack'
           AND EXISTS (SELECT 1 FROM ir_module_module WHERE name = 'practice_base' AND demo)
           AND NOT EXISTS (
               SELECT 1 FROM ir_model_data
                WHERE module = 'practice_base' AND name = 'demo_repo_practice_stack'
           )
        """
    )
