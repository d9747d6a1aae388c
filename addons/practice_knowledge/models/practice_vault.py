# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import psycopg2

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.practice_base.tools import planner

from ..tools import limits as vault_limits
from ..tools import vault_format, vault_version
from ..tools.vault import files as vault_files
from ..tools.vault_format import VaultError, VaultKind  # noqa: F401 - re-exported for extensions

_logger = logging.getLogger(__name__)

# Records of one kind an import must write before it refreshes the planner's statistics of
# their tables (PostgreSQL's own autovacuum_analyze_threshold; autovacuum gets there within
# its next naptime, the first bundles after a bulk import would not wait for it).
ANALYZE_MIN_WRITES = 50


class PracticeVault(models.AbstractModel):
    """Two-way sync between a repository's ``knowledge/`` folder and practice records.

    RPC contract::

        import_files(files, repo=None, dry_run=False, prune=False, base=None, force=False)
            files = {relative_path: text}  (the client reads the disk, the server never does)
            → {"created": [paths], "updated": [paths], "unchanged": [paths],
               "errors": [{"path", "line", "message"}]}  (+ "deleted": [paths] with prune)
            Any error → nothing written. Everything is validated first, then written in one
            savepoint; a file whose canonical content equals the record's is not written.
            ``prune`` (Practice Managers): the files are the whole vault — records of the
            repository whose file is not among them are deleted (memories are archived).
            Rights (create/write/unlink) are checked before anything is written, in a dry run
            too: a dry run reports as errors what the real run would refuse.
            ``base`` = {relative_path: version} the client last pulled (optimistic concurrency):
            every path the import would create, update or delete whose server version is not
            its base (absent from base = never pulled) is a conflict → nothing written, the
            answer gains "conflicts": [{"path", "base", "server", "reason", "message"}]
            (reason changed / added / deleted; a missing version is "") and one error per
            conflict; ``force=True`` writes anyway (conflicts still listed). With ``base``, a
            real import also answers "versions": {path: version} of the files it was sent
            (a file the server no longer has is absent).
        export_files(repo=None, versions=False) → {relative_path: text} in canonical form;
            import_files(export_files()) reports every path unchanged and writes nothing.
            ``versions=True`` → {"files": {path: text}, "versions": {path: version}}.
        file_versions(repo=None, paths=None) → {relative_path: version}; a version is the
            SHA-256 (hex) of the file's canonical text (``tools/vault_version.py``).

    Extension point — other addons add file kinds by extending :meth:`_vault_kinds`::

        class PracticeVault(models.AbstractModel):
            _inherit = "practice.vault"

            @api.model
            def _vault_kinds(self):
                return super()._vault_kinds() + [
                    VaultKind("memory", "practice.memory", r"memory/MEMORY\\.md",
                              parse_memory, serialize_memory, sequence=60),
                ]

    A :class:`~..tools.vault_format.VaultKind` names a path pattern (a regex matched against
    the whole relative path), a plain-Python ``parse(path, text) -> [Entry]`` (raise
    ``VaultError(path, line, message)``), ``serialize(path, [data, ...]) -> text`` (canonical
    form) and the model that stores the entries. That model inherits the mixin
    ``practice.vault.record`` (fields ``vault_path``, ``vault_extra``; has a ``repo_id``) and
    implements ``_vault_data()`` (the same dict the parser returns for it) and
    ``_vault_values(entry, repo)`` (the mixin adds repository, path and unknown keys);
    optionally ``_vault_check(entries, batch, repo)``
    (cross-file validation, returns VaultErrors), ``_vault_link_values(entry, repo)``
    (second pass, for links between entries), ``_vault_entry_key()`` (several records in one
    file, e.g. ``## Name`` sections) and ``_vault_default_path()``.
    Kinds are written in ``sequence`` order (referenced kinds first).
    """

    _name = "practice.vault"
    _description = "Knowledge Vault Sync"

    @api.model
    def _vault_kinds(self):
        """Every file kind of the vault. Extend with ``super()._vault_kinds() + [...]``."""
        return list(vault_format.CORE_KINDS)

    @api.model
    def _vault_sorted_kinds(self):
        return sorted(self._vault_kinds(), key=lambda k: (k.sequence, k.name))

    # ----------------------------------------------------------------- import
    @api.model
    def import_files(self, files, repo=None, dry_run=False, prune=False, base=None, force=False):
        """RPC: import ``{relative_path: text}`` into ``repo``; see the class docstring.

        The stages, each a method: refuse bad arguments and missing groups
        (:meth:`_vault_import_args`); parse and cross-check every file (:meth:`_vault_parse`);
        plan what to create, update and retire — each kind's model decides what its stale
        records become (:meth:`_vault_plan`, ``practice.vault.record._vault_retire``); refuse
        what the user may not do and what changed since ``base`` (:meth:`_vault_refusals`);
        then write everything in one savepoint (:meth:`_vault_write`) or nothing."""
        repo, base = self._vault_import_args(files, repo, dry_run, prune, base)
        kinds = self._vault_sorted_kinds()
        # the repository used is named in the answer (a client relying on the default knows where)
        result = {"created": [], "updated": [], "unchanged": [], "errors": [], "repo": repo.name}
        if prune:
            result["deleted"] = []
        if base is not None:
            result["conflicts"] = []
        batch, errors = self._vault_parse(kinds, files, repo)
        if errors:
            result["errors"] = self._vault_error_list(errors)
            return result
        ops, stale, status = self._vault_plan(kinds, batch, repo, pruned=set(files) if prune else None)
        errors = self._vault_refusals(ops, stale, status, files, repo, result, dry_run, prune, base, force)
        if errors:
            result["errors"] = self._vault_error_list(errors)
            return result
        for path in sorted(status):
            result[status[path]].append(path)
        if dry_run:
            return result
        if any(op[3] != "unchanged" for op in ops) or stale:
            failure = self._vault_write(ops, stale, repo, status)
            if failure:
                return failure
            self._vault_analyze(ops)
            if base is not None:
                result["versions"] = self._vault_versions(repo, set(files) | set(result.get("deleted", ())))
        elif base is not None:
            result["versions"] = self._vault_versions(repo, files)
        return result

    @api.model
    def _vault_import_args(self, files, repo, dry_run, prune, base):
        """Stage 1: the arguments and the groups a real run needs (a dry run reports the group
        refusals as errors instead, see :meth:`_vault_check_rights`). Returns ``(repo, base)``."""
        if not isinstance(files, dict):
            raise UserError(_("files must be a mapping {relative_path: text}."))
        repo = self.env["practice.repo"]._resolve(repo)
        if not dry_run and not (self.env.su or self.env.user._practice_has("engineer")):
            raise AccessError(_("Only Practice engineers may import the knowledge vault."))
        if prune and not files:
            raise UserError(_("Nothing to prune against: an empty vault would delete every record."))
        if prune and not dry_run and not (self.env.su or self.env.user._practice_has("manager")):
            raise AccessError(_("Only Practice managers may prune the knowledge vault (it deletes records)."))
        if base is not None:
            try:
                base = vault_version.normalize_base(base)
            except ValueError as err:
                raise UserError(str(err)) from None
        return repo, base

    @api.model
    def _vault_parse(self, kinds, files, repo):
        """Stage 2: ``(batch, errors)``: upload bounds (count, sizes, paths) before any file is
        parsed, then every file parsed, then each kind's cross-file checks."""
        batch, errors = vault_format.parse_files(kinds, files, self._vault_limits())
        if not errors:
            for kind in kinds:
                if batch[kind.name]:
                    errors += self.env[kind.model]._vault_check(batch[kind.name], batch, repo)
        return batch, errors

    @api.model
    def _vault_refusals(self, ops, stale, status, files, repo, result, dry_run, prune, base, force):
        """Stage 4: VaultErrors for the deletions and writes this user may not do and, with
        ``base``, for the conflicts (listed in ``result["conflicts"]``; errors unless ``force``)."""
        errors = self._vault_check_unlink(stale)
        errors += self._vault_check_rights(ops, status, files, dry_run=dry_run, prune=prune, known=errors)
        if base is not None:
            result["conflicts"] = self._vault_conflicts(repo, base, status)
            if not force:
                errors += [VaultError(c["path"], 1, c["message"]) for c in result["conflicts"]]
        return errors

    @api.model
    def _vault_write(self, ops, stale, repo, status):
        """Stage 5: create/update the records, then their links, then unlink the stale ones,
        in one savepoint. ``None`` when written; else the answer naming the failing file (a
        database or validation error rolls everything back; an AccessError is raised).

        The records of consecutive new entries of one kind are created in one ``create`` call
        (:meth:`_vault_write_batched`: a vault of thousands of files is written in a few calls,
        not one per file). When that fails, everything is rolled back and written again one
        record at a time (:meth:`_vault_write_each`), which names the failing file."""
        try:
            with self.env.cr.savepoint():
                self._vault_write_batched(ops, stale, repo)
            return None
        except (UserError, ValidationError, psycopg2.Error) as err:
            if isinstance(err, AccessError):
                raise
            self.env.invalidate_all()
            connection = getattr(self.env.cr, "_cnx", None)
            if connection is not None and connection.closed:  # the connection is gone: no second try
                return self._vault_write_failed(err, None, status)
        return self._vault_write_each(ops, stale, repo, status)

    @api.model
    @api.model
    def _vault_create_pending(self, model, pending, written):
        """Create the new records of ``pending`` ((entry, vals) of one kind, in file order) in
        one ``create``, add them to ``written`` and empty ``pending``."""
        if not pending:
            return
        records = model.create([vals for _entry, vals in pending])
        written.extend(
            (model, entry, record) for (entry, _vals), record in zip(pending, records, strict=True)
        )
        pending.clear()

    def _vault_write_batched(self, ops, stale, repo):
        """The writes of :meth:`_vault_write` in the same order; the values of consecutive
        entries of one kind computed together (``_vault_values_list``: one lookup of what they
        link to) and the records of consecutive new entries created in one call. Raises on
        the first failure."""
        written = []  # (model, entry, record) in the order of ops
        groups = []  # consecutive ops of one kind to write: [(model, [(entry, record)])]
        for kind, entry, record, action in ops:
            if action == "unchanged":
                continue
            if not groups or groups[-1][0]._name != kind.model:
                groups.append((self.env[kind.model], []))
            groups[-1][1].append((entry, record))
        for model, group in groups:
            entries = [entry for entry, _record in group]
            values = model._vault_values_list(entries, repo)
            pending = []  # consecutive new entries: (entry, vals)
            for (entry, record), vals in zip(group, values, strict=True):
                vals = {**model._vault_record_values(entry, repo), **vals}
                if record:
                    self._vault_create_pending(model, pending, written)
                    record.write(vals)
                    written.append((model, entry, record))
                else:
                    pending.append((entry, vals))
            self._vault_create_pending(model, pending, written)
        for model, entry, record in written:
            link_vals = model._vault_link_values(entry, repo)
            if link_vals:
                record.write(link_vals)
        for record in stale:
            record.unlink()
        self.env.flush_all()

    @api.model
    def _vault_write_each(self, ops, stale, repo, status):
        """The writes of :meth:`_vault_write` one record at a time, in one savepoint: ``None``
        when written, else the answer naming the file whose record failed."""
        current = None
        try:
            with self.env.cr.savepoint():
                written = []
                for kind, entry, record, action in ops:
                    if action == "unchanged":
                        continue
                    current = entry
                    model = self.env[kind.model]
                    vals = {**model._vault_record_values(entry, repo), **model._vault_values(entry, repo)}
                    if record:
                        record.write(vals)
                    else:
                        record = model.create(vals)
                    written.append((model, entry, record))
                for model, entry, record in written:
                    current = entry
                    link_vals = model._vault_link_values(entry, repo)
                    if link_vals:
                        record.write(link_vals)
                current = None
                for record in stale:
                    record.unlink()
                self.env.flush_all()
        except (UserError, ValidationError, psycopg2.Error) as err:
            if isinstance(err, AccessError):
                raise
            self.env.invalidate_all()
            return self._vault_write_failed(err, current, status)
        return None

    @api.model
    def _vault_write_failed(self, err, current, status):
        """The answer of a write that failed at ``current`` (an Entry; None: not known)."""
        message = err.args[0] if isinstance(err, (UserError, ValidationError)) else str(err)
        path = current.path if current else sorted(status)[0]
        line = current.line if current else 1
        _logger.info("Vault import rolled back at %s:%s: %s", path, line, message)
        return {
            "created": [],
            "updated": [],
            "unchanged": [],
            "errors": [{"path": path, "line": line, "message": message}],
        }

    @api.model
    def _vault_analyze(self, ops):
        """Refresh the planner's statistics of the tables a bulk import wrote (each kind's
        table and its many2many tables, from :data:`ANALYZE_MIN_WRITES` records on): a table
        created empty keeps the planner's estimate of one row until autovacuum's next
        ANALYZE, and the bundle's rule queries then loop over every tagged rule per rule
        (twice their cost, ``bench/bench_bundle.py`` without statistics). Part of the import's
        transaction: rolled back with it."""
        writes = {}
        for kind, _entry, _record, action in ops:
            if action != "unchanged":
                writes[kind.model] = writes.get(kind.model, 0) + 1
        tables = set()
        for model_name, count in writes.items():
            if count >= ANALYZE_MIN_WRITES:
                tables.update(planner.model_tables(self.env[model_name]))
        planner.analyze(self.env.cr, sorted(tables))
        return sorted(tables)

    @api.model
    def _vault_limits(self):
        """Bounds of one upload (``tools/limits.py``), from the settings, safe defaults."""
        return vault_limits.VaultLimits.from_params(self.env["ir.config_parameter"].sudo().get_param)

    @api.model
    def _vault_error_list(self, errors):
        return [err.as_dict() for err in sorted(errors, key=lambda e: (e.path, e.line, e.message))]

    @api.model
    def _vault_check_unlink(self, stale):
        """A VaultError per file whose records would be deleted by a user who may not."""
        errors = []
        for record in stale:
            try:
                record.check_access("unlink")
            except AccessError:
                errors.append(
                    VaultError(
                        record.vault_path,
                        1,
                        _("removing %(record)s needs a Practice Manager", record=record.display_name),
                    )
                )
        return errors

    @api.model
    def _vault_check_rights(self, ops, status, files, dry_run=False, prune=False, known=()):
        """VaultErrors for what the current user may not do: the group checks the real run
        raises up front (reported by a dry run instead), then create/write access per file.
        ``known``: errors already found (a prune refusal is not repeated over them)."""
        if self.env.su:
            return []
        user = self.env.user
        writing = sorted(path for path, state in status.items() if state != "unchanged")
        if dry_run and not user._practice_has("engineer"):
            message = _("only Practice engineers may import the knowledge vault: the import would be refused")
            return [VaultError(path, 1, message) for path in writing or sorted(files)[:1]]
        errors = []
        if dry_run and prune and not known and not user._practice_has("manager"):
            pruned = [path for path in writing if path not in files] or writing or sorted(files)[:1]
            errors.append(
                VaultError(
                    pruned[0],
                    1,
                    _("only Practice managers may prune the knowledge vault: the import would be refused"),
                )
            )
        refused = set()
        for kind, entry, record, action in ops:
            if action == "unchanged" or entry.path in refused:
                continue
            allowed = record.has_access("write") if record else self.env[kind.model].has_access("create")
            if not allowed:
                refused.add(entry.path)
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line,
                        _(
                            "you may not %(action)s %(what)s (access rights)",
                            action=_("change") if record else _("create"),
                            what=record.display_name if record else self.env[kind.model]._description,
                        ),
                    )
                )
        return errors

    @api.model
    def _vault_conflicts(self, repo, base, status):
        """Conflicts (dicts, see the class docstring) of the paths the import would write."""
        writing = [path for path, state in status.items() if state != "unchanged"]
        server = self._vault_versions(repo, writing)
        conflicts = []
        for path, mine, theirs, reason in vault_version.find_conflicts(base, server, writing):
            short = {"base": mine[:12] or _("none"), "server": theirs[:12] or _("none")}
            if reason == vault_version.ADDED:
                message = _(
                    "%(path)s is on the server but was not in your last pull: pull, merge and push "
                    "again, or force the push to overwrite it",
                    path=path,
                )
            elif reason == vault_version.DELETED:
                message = _(
                    "%(path)s was deleted on the server since your last pull: pull, or force the "
                    "push to write it again",
                    path=path,
                )
            else:
                message = _(
                    "%(path)s changed on the server since your last pull (pulled %(base)s, server "
                    "now %(server)s): pull, merge and push again, or force the push to overwrite it",
                    path=path,
                    **short,
                )
            conflicts.append(
                {"path": path, "base": mine, "server": theirs, "reason": reason, "message": message}
            )
        return conflicts

    @api.model
    def _vault_versions(self, repo, paths=None):
        """``{path: version}`` of the repository's exported files (only ``paths`` when given)."""
        versions = vault_version.versions_of(self._vault_export(repo))
        if paths is not None:
            wanted = set(paths)
            versions = {path: version for path, version in versions.items() if path in wanted}
        return versions

    @api.model
    def _vault_plan(self, kinds, batch, repo, pruned=None):
        """Stage 3, what to write: ``(ops, unlink, {path: created|updated|unchanged|deleted})``.

        ``ops`` are ``(kind, entry, record, action)``: one per parsed entry, then what the
        kinds' models make of their stale records. A record is stale when its file is imported
        without it or, with ``pruned`` (every path of the vault), when its file is not in the
        vault. Each kind's model decides what its stale records become
        (``practice.vault.record._vault_retire``: unlinked by default, or more ops, or left)."""
        ops, stale = [], []
        if pruned is not None:
            for kind in kinds:
                for (path, _key), record in sorted(self.env[kind.model]._vault_existing(repo).items()):
                    if path not in pruned and kind.matches(path):
                        stale.append((kind, record))
        present = set()  # paths in the upload that already have records
        for kind in kinds:
            entries = batch[kind.name]
            if not entries:
                continue
            existing = self.env[kind.model]._vault_existing(repo, {entry.path for entry in entries})
            present |= {path for path, _key in existing}
            seen = set()
            for entry in entries:
                record = existing.get((entry.path, entry.key))
                seen.add((entry.path, entry.key))
                if record and record._vault_unchanged(entry):
                    action = "unchanged"
                else:
                    action = "updated" if record else "created"
                ops.append((kind, entry, record, action))
            stale += [(kind, rec) for key, rec in sorted(existing.items()) if key not in seen]
        gone = set()
        for kind in kinds:
            mine = self.env[kind.model].browse([rec.id for stale_kind, rec in stale if stale_kind is kind])
            retire_ops, to_unlink = mine._vault_retire(kind, pruned=pruned is not None)
            ops += retire_ops
            gone |= {(rec._name, rec.id) for rec in to_unlink}
        unlink = [rec for _kind, rec in stale if (rec._name, rec.id) in gone]
        # a file whose records outlive it (stale records kept or archived, e.g. memories) is not
        # the whole file of its records: its text is not kept as written (see vault_source)
        partial = {rec.vault_path for _kind, rec in stale if (rec._name, rec.id) not in gone}
        for index, (kind, entry, record, action) in enumerate(ops):
            if entry.path in partial and entry.source:
                entry.source = ""
                if record and action == "updated" and record._vault_unchanged(entry):
                    ops[index] = (kind, entry, record, "unchanged")
        return ops, unlink, self._vault_status(batch, ops, unlink, present)

    @api.model
    def _vault_status(self, batch, ops, unlink, present):
        """``{path: created|updated|unchanged|deleted}``: an uploaded file is created (no record
        had its path), updated (an entry changes or a record of it goes) or unchanged; a file
        of the repository missing from a pruned upload is deleted when its records go, updated
        when they change (e.g. archived), and not reported when they stay as they are."""
        changed = {entry.path for _kind, entry, _record, action in ops if action != "unchanged"}
        removed = {record.vault_path for record in unlink}
        status = {}
        for entries in batch.values():
            for entry in entries:
                if entry.path not in present:
                    status[entry.path] = "created"
                else:
                    status[entry.path] = "updated" if entry.path in changed | removed else "unchanged"
        for path in removed - set(status):
            status[path] = "deleted"
        for path in changed - set(status):
            status[path] = "updated"
        return status

    # ----------------------------------------------------------------- export
    @api.model
    def export_files(self, repo=None, versions=False):
        """RPC: ``{relative_path: text}`` of the repository's records, canonical form;
        ``versions=True``: ``{"files": {path: text}, "versions": {path: version}}``."""
        files = self._vault_export(self.env["practice.repo"]._resolve(repo))
        if versions:
            return {"files": files, "versions": vault_version.versions_of(files)}
        return files

    @api.model
    def file_versions(self, repo=None, paths=None):
        """RPC: ``{relative_path: version}`` of the repository's files (only ``paths`` when
        given); a version is the SHA-256 of the file's canonical text."""
        if paths is not None and not (
            isinstance(paths, (list, tuple)) and all(isinstance(path, str) for path in paths)
        ):
            raise UserError(_("paths must be a list of relative paths."))
        return self._vault_versions(self.env["practice.repo"]._resolve(repo), paths)

    @api.model
    def _vault_export(self, repo):
        """``{relative_path: text}`` of ``repo`` (a record), canonical form, sorted by path."""
        files = {}
        for kind in self._vault_sorted_kinds():
            model = self.env[kind.model]
            sources = model._vault_export_sources(repo)
            for path, items in model._vault_export_groups(repo).items():
                if kind.matches(path):
                    files[path] = vault_files.render_file(kind, path, items, sources.get(path))
        return dict(sorted(files.items()))
