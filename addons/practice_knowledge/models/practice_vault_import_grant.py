# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.practice_base.tools import guard


class PracticeVaultImportGrant(models.AbstractModel):
    """A vault import restores guarded fields (ADR and rule status, a session's owner and
    outcome, a memory's counters...) from the files: it is one of the "own methods" of those
    models. ``import_files`` checks the caller's rights (Engineers import, Managers prune) and
    writes as the caller, so access rights and record rules still apply; the grant only lifts
    the "use the model's actions" guard of ``practice.guarded.mixin``."""

    _inherit = "practice.vault"

    @api.model
    def import_files(self, files, *args, **kwargs):
        granted = self.with_context(**{guard.CONTEXT_KEY: guard.GRANT})
        return super(PracticeVaultImportGrant, granted).import_files(files, *args, **kwargs)
