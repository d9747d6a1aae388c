# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.4.0: memories carry their provenance. Those created before by an AI session user who
is not an Engineer are marked as written by an AI session (shown to other sessions once an
Engineer accepts them); their author is their creator."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE practice_memory SET author_id = create_uid WHERE create_uid IS NOT NULL")
    cr.execute(
        """
        UPDATE practice_memory AS memory
           SET ai_written = TRUE
         WHERE EXISTS (
                   SELECT 1 FROM res_groups_users_rel rel
                     JOIN ir_model_data xmlid ON xmlid.res_id = rel.gid AND xmlid.model = 'res.groups'
                    WHERE rel.uid = memory.create_uid AND xmlid.module = 'practice_base'
                      AND xmlid.name = 'group_practice_ai_session')
           AND NOT EXISTS (
                   SELECT 1 FROM res_groups_users_rel rel
                     JOIN ir_model_data xmlid ON xmlid.res_id = rel.gid AND xmlid.model = 'res.groups'
                    WHERE rel.uid = memory.create_uid AND xmlid.module = 'practice_base'
                      AND xmlid.name = 'group_practice_engineer')
        """
    )
    cr.execute(
        "UPDATE practice_memory SET reviewed = NOT COALESCE(ai_written, FALSE) "
        "OR promotion_state = 'accepted'"
    )
