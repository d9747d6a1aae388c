# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.practice_knowledge.tools.vault_format import Entry, VaultKind

from ..tools import vault_memory

IMPORT_CONTEXT = "practice_memory_vault_import"


class PracticeVault(models.AbstractModel):
    """Session logs and the memory index take part in the knowledge vault sync.

    * ``sessions/YYYY-MM-DD-<session-id>.md`` ↔ ``practice.session.log`` (+ its timeline);
    * ``memory/MEMORY.md`` ↔ every ``practice.memory`` of the repository, keyed by ``key``.

    A memory missing from an imported MEMORY.md is left as it is: a partial MEMORY.md (one
    section, or a stale copy lacking what another client added since) must not retire the
    others. With ``prune`` (Practice Managers: the files are the whole vault) an active memory
    missing from it is archived, never deleted.
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

    @api.model
    def _vault_plan(self, kinds, batch, repo, pruned=None):
        """Stale memories are never unlinked: without prune they are left as they are, with
        prune they are archived (a pruned MEMORY.md is reported as updated: its memories stay,
        archived)."""
        ops, stale, status = super()._vault_plan(kinds, batch, repo, pruned=pruned)
        kind = next((k for k in kinds if k.name == vault_memory.MEMORY_KIND), None)
        memories = [rec for rec in stale if rec._name == "practice.memory"]
        if not kind or not memories:
            return ops, stale, status
        for memory in memories:
            if pruned is not None and memory.status == "active":
                data = dict(memory._vault_data(), status="archived")
                entry = Entry(kind.name, memory.vault_path, memory.key, data, 1, {})
                ops.append((kind, entry, memory, "updated"))
        paths = {memory.vault_path for memory in memories}
        for path in paths:
            if status.get(path) == "deleted":
                if any(op[1].path == path and op[3] != "unchanged" for op in ops):
                    status[path] = "updated"
                else:  # nothing left to archive: the file is simply not part of this import
                    del status[path]
            elif status.get(path) == "updated" and not any(
                op[1].path == path and op[3] != "unchanged" for op in ops
            ):
                status[path] = "unchanged"
        return ops, [rec for rec in stale if rec._name != "practice.memory"], status
