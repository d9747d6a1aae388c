# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import vault_format
from ..tools.limits import CEILINGS


class PracticeVaultRecord(models.AbstractModel):
    """Mixin of every model that a vault kind reads and writes (see ``practice.vault``).

    A model declared by a :class:`~..tools.vault_format.VaultKind` inherits this mixin and
    implements :meth:`_vault_data` and :meth:`_vault_values`; the rest has defaults.
    It must have a ``repo_id`` field.
    """

    _name = "practice.vault.record"
    _description = "Vault-synced Record"
    _inherit = ["practice.guarded.mixin"]

    vault_path = fields.Char(
        index=True,
        copy=False,
        help="Path of the record's file in the repository's knowledge/ folder, e.g. "
        "rules/2025-11-14-orm-image-bytes.md. It is the record's stable key for the vault sync.",
    )
    vault_extra = fields.Text(
        copy=False,
        help="Front-matter keys this version does not know, kept from the vault file (YAML) "
        "and written back on export.",
    )
    vault_source = fields.Text(
        copy=False,
        help="The vault file as its author wrote it, kept on the file's first record when it is not "
        "in the canonical form (another file end, blank lines, the plain hard-rule form...): export "
        "writes it back byte for byte while the file's records still hold what it says.",
    )

    @api.model
    def _guard_size_limits(self):
        return {
            **super()._guard_size_limits(),
            "vault_path": 1024,
            "vault_source": CEILINGS["max_file_bytes"],
        }

    # ----------------------------------------------------------------- to implement
    def _vault_data(self):
        """Canonical content of one record: the same dict the kind's parser returns."""
        raise NotImplementedError

    @api.model
    def _vault_values(self, entry, repo):
        """Values to create/write the record of a parsed :class:`Entry` (the repository, the
        path and the unknown keys are added by :meth:`_vault_record_values`)."""
        raise NotImplementedError

    @api.model
    def _vault_values_list(self, entries, repo):
        """:meth:`_vault_values` of each of ``entries`` (a bulk import writes them together):
        override to look up what they link to once for all of them."""
        return [self._vault_values(entry, repo) for entry in entries]

    @api.model
    def _vault_record_values(self, entry, repo):
        """What every vault record gets from its entry: repository, path, unknown keys."""
        vals = {"repo_id": repo.id, "vault_path": entry.path, "vault_source": entry.source or False}
        if "extra" in entry.data:
            vals["vault_extra"] = vault_format.extra_dump(entry.data["extra"]) or False
        return vals

    # ----------------------------------------------------------------- defaults
    def _vault_entry_key(self):
        """Key of the record inside its file: "" for one-record files."""
        return ""

    def _vault_default_path(self):
        """Path given to records created in the backend (no file yet)."""
        return False

    @api.model
    def _vault_link_values(self, entry, repo):
        """Values written in a second pass, once every entry of the import exists."""
        return {}

    def _vault_retire(self, kind, pruned=False):
        """What a vault import does with these stale records of ``kind``: their file was
        imported without them or, with ``pruned``, is missing from the whole vault.

        Returns ``(ops, records_to_unlink)``: ``ops`` are more ``(kind, entry, record,
        action)`` writes for the import (e.g. archive instead of delete). Default: unlink
        them all (the unlink access right is checked, in a dry run too)."""
        return [], self

    @api.model
    def _vault_check(self, entries, batch, repo):
        """Cross-file checks before anything is written: return a list of VaultError."""
        return []

    @api.model
    def _vault_existing(self, repo, paths=None):
        """``{(path, entry_key): record}`` of the repository (archived included)."""
        domain = [("repo_id", "=", repo.id), ("vault_path", "!=", False)]
        if paths is not None:
            domain.append(("vault_path", "in", sorted(paths)))
        records = self.with_context(active_test=False).search(domain)
        return {(rec.vault_path, rec._vault_entry_key()): rec for rec in records}

    @api.model
    def _vault_export_groups(self, repo):
        """``{path: [data, ...]}`` of every record of the repository."""
        groups = {}
        for (path, _key), record in sorted(self._vault_existing(repo).items()):
            groups.setdefault(path, []).append(record._vault_data())
        return groups

    @api.model
    def _vault_export_sources(self, repo):
        """``{path: source}``: the files of the repository kept as written (see ``vault_source``)."""
        sources = {}
        for (path, _key), record in sorted(self._vault_existing(repo).items()):
            if record.vault_source and path not in sources:
                sources[path] = record.vault_source
        return sources

    def _vault_unchanged(self, entry):
        """Whether importing ``entry`` would write nothing to this record: same data, same source."""
        self.ensure_one()
        return self._vault_data() == entry.data and (self.vault_source or "") == (entry.source or "")

    def _vault_extra_dict(self):
        self.ensure_one()
        return vault_format.extra_load(self.vault_extra)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records.filtered(lambda r: not r.vault_path):
            path = record._vault_default_path()
            if path:
                record.vault_path = record._vault_unique_path(path)
        return records

    def _vault_unique_path(self, path):
        clash = self.with_context(active_test=False).search_count(
            [("repo_id", "=", self.repo_id.id), ("vault_path", "=", path), ("id", "!=", self.id)]
        )
        if clash:
            stem = path[: -len(".md")]
            path = f"{stem}-{self.id}.md"
        return path
