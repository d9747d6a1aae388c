# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, sql

from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts, vault_format
from ..tools.vault_format import VaultError


class PracticeGlossaryTerm(models.Model):
    """A term of the practice's vocabulary, unique per repository whatever its case."""

    _name = "practice.glossary.term"
    _description = "Glossary Term"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "name, id"

    name = fields.Char(string="Term", required=True, tracking=True, help="The term, e.g. 'fencing token'.")
    definition = fields.Text(required=True, help="What the term means (markdown).")
    aliases = fields.Text(help="Other names of the term, one a line; the context bundle matches them too.")
    definition_html = fields.Html(
        string="Definition (rendered)",
        compute="_compute_definition_html",
        sanitize=True,
        help="The markdown, rendered.",
    )

    def init(self):
        sql.create_unique_index(
            self.env.cr,
            "practice_glossary_term_repo_lower_term_uniq",
            self._table,
            ["repo_id", "lower(name)"],
        )
        # One file a term, except glossary.md, which holds many (earlier versions had a
        # plain unique constraint on the path).
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                SQL.identifier(self._table),
                SQL.identifier(f"{self._table}_vault_path_unique"),
            )
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (repo_id, vault_path) WHERE vault_path <> %s",
                SQL.identifier(f"{self._table}_vault_path_uniq"),
                SQL.identifier(self._table),
                vault_format.GLOSSARY_FILE,
            )
        )
        # weighted full-text vector for the context bundle's task ranking (see tools/fts.py)
        fts.ensure_search_vector(cr, self._table, [("A", ["name", "aliases"]), ("B", ["definition"])])

    @api.depends("definition")
    def _compute_definition_html(self):
        for term in self:
            term.definition_html = render(term.definition or "")

    def _alias_list(self):
        return [a.strip() for a in (self.aliases or "").split("\n") if a.strip()]

    @api.model
    def _check_term_free(self, repo_id, name, exclude_ids=()):
        """Clear error before the unique index on (repo_id, lower(term)) refuses the row."""
        if not repo_id or not name:
            return
        self.env.cr.execute(
            "SELECT name FROM practice_glossary_term "
            "WHERE repo_id = %s AND lower(name) = lower(%s) AND NOT (id = ANY(%s))",
            [repo_id, name, list(exclude_ids) or [0]],
        )
        row = self.env.cr.fetchone()
        if row:
            repo = self.env["practice.repo"].browse(repo_id)
            raise ValidationError(
                _(
                    "The glossary of %(repo)s already defines %(other)r "
                    "(terms are unique whatever their case).",
                    repo=repo.sudo().name,
                    other=row[0],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        default_repo = self.env["practice.repo"]._default_repo().id
        seen = set()
        for vals in vals_list:
            repo_id = vals.get("repo_id") or default_repo
            key = (repo_id, (vals.get("name") or "").lower())
            if key in seen:
                raise ValidationError(_("The term %(term)r is given twice.", term=vals.get("name")))
            seen.add(key)
            self._check_term_free(repo_id, vals.get("name"))
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals or "repo_id" in vals:
            if "name" in vals and len(self) > 1:
                raise ValidationError(_("Rename glossary terms one at a time."))
            for term in self:
                self._check_term_free(
                    vals.get("repo_id", term.repo_id.id), vals.get("name", term.name), term.ids
                )
        return super().write(vals)

    # ----------------------------------------------------------------- vault
    def _vault_entry_key(self):
        """The lower-cased term inside glossary.md (which holds many); "" in its own file."""
        return (self.name or "").lower() if self.vault_path == vault_format.GLOSSARY_FILE else ""

    def _vault_default_path(self):
        return f"glossary/{vault_format.slugify(self.name)}.md"

    def _vault_data(self):
        self.ensure_one()
        return {
            "term": self.name,
            "aliases": self._alias_list(),
            "definition": self.definition or "",
            "extra": self._vault_extra_dict(),
        }

    @api.model
    def _vault_check(self, entries, batch, repo):
        errors, seen = [], {}
        paths = {e.path for e in entries}
        for entry in entries:
            key = entry.data["term"].lower()
            if key in seen:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("term"),
                        f"duplicate glossary term {entry.data['term']!r}: {seen[key].path} defines "
                        f"{seen[key].data['term']!r} (terms are unique whatever their case)",
                    )
                )
            seen.setdefault(key, entry)
        for term in self.with_context(active_test=False).search([("repo_id", "=", repo.id)]):
            entry = seen.get(term.name.lower())
            if entry and term.vault_path != entry.path and term.vault_path not in paths:
                errors.append(
                    VaultError(
                        entry.path,
                        entry.line_of("term"),
                        f"duplicate glossary term {entry.data['term']!r}: {term.vault_path or 'a record'} "
                        f"already defines {term.name!r}",
                    )
                )
        return errors

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        return {
            "name": data["term"],
            "aliases": "\n".join(data["aliases"]) or False,
            "definition": data["definition"],
        }
