# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.practice_knowledge.tools.vault_format import VaultKind

from ..tools import vault_memory

IMPORT_CONTEXT = "practice_memory_vault_import"


class PracticeVault(models.AbstractModel):
    """Session logs and the memory index take part in the knowledge vault sync.

    * ``sessions/YYYY-MM-DD-<session-id>.md`` ↔ ``practice.session.log`` (+ its timeline);
    * ``memory/MEMORY.md`` ↔ every ``practice.memory`` of the repository, keyed by ``key``.

    What an import does with a memory missing from MEMORY.md is the memory model's
    ``_vault_retire`` (left as it is; archived with ``prune``, never deleted).
    """

    _inherit = "practice.vault"

    @api.model
    def _vault_kinds(self):
        return super()._vault_kinds() + [
            VaultKind(
                vault_memory.SESSION_KIND,
                "practice.session.log",
                vault_memory.SESSION_PATTERN,
                vault_memory.parse_session,
                vault_memory.serialize_session,
                60,
            ),
            VaultKind(
                vault_memory.MEMORY_KIND,
                "practice.memory",
                vault_memory.MEMORY_PATTERN,
                vault_memory.parse_memory,
                vault_memory.serialize_memory,
                70,
            ),
        ]

    @api.model
    def import_files(self, files, repo=None, dry_run=False, prune=False, **kwargs):
        # lets the import write the timeline of a finished session (see the entry's create)
        return super(PracticeVault, self.with_context(**{IMPORT_CONTEXT: True})).import_files(
            files, repo=repo, dry_run=dry_run, prune=prune, **kwargs
        )
