# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.practice_knowledge.tools.vault_format import VaultKind

from ..tools import postmortem


class PracticeVault(models.AbstractModel):
    """Post-mortems of SOP runs take part in the knowledge vault sync:
    ``postmortems/YYYY-MM-DD-<code>.md`` ↔ ``practice.postmortem``."""

    _inherit = "practice.vault"

    @api.model
    def _vault_kinds(self):
        return super()._vault_kinds() + [
            VaultKind(
                postmortem.KIND,
                "practice.postmortem",
                postmortem.PATTERN,
                postmortem.parse,
                postmortem.serialize,
                80,
            ),
        ]
