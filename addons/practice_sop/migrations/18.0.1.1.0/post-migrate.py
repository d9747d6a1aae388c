# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: SOPs without a repository are global. The shipped SOP-TRIAGE-001 becomes
global (it was the default repository's), so every repository runs it; its runs keep the
repository they ran in."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE practice_sop SET repo_id = NULL, company_id = NULL WHERE id = "
        "(SELECT res_id FROM ir_model_data WHERE module = 'practice_sop' AND name = 'sop_triage_001')"
        " AND NOT EXISTS (SELECT 1 FROM practice_sop o WHERE o.repo_id IS NULL AND o.code = practice_sop.code)"
    )
