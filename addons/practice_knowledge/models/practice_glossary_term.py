# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import sql

from odoo.addons.practice_base.tools.markdown import render

from ..tools import vault_format
from ..tools.vault_format import VaultError


class PracticeGlossaryTerm(models.Model):
    """A term of the practice's vocabulary, unique per repository whatever its case."""

    _name = "practice.glossary.term"
    _description = "Glossary Term"
    _inherit = ["mail.thread", "practice.vault.record"]
    _order = "name, id"

    name = fields.Char(string="Term", required=True, tracking=True, help="The term, e.g. 'fencing token'.")
    definition = fields.Text(required=True, help="What the term means (markdown).")
    aliases = fields.Text(help="Other names of the term, one a line; the context bundle matches them too.")
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env["practice.repo"]._default_repo(),
        help="Repository the term belongs to.",
    )
    company_id = fields.Many2one(
        related="repo_id.company_id", store=True, string="Company", help="Company of the repository."
    )
    definition_html = fields.Html(
        string="Definition (rendered)",
        compute="_compute_definition_html",
        sanitize=True,
        help="The markdown, rendered.",
    )

    _sql_constraints = [
        ("vault_path_unique", "unique(repo_id, vault_path)", "Another term already uses this vault path."),
    ]

    def init(self):
        sql.create_unique_index(
            self.env.cr,
            "practice_glossary_term_repo_lower_term_uniq",
            self._table,
            ["repo_id", "lower(name)"],
        )

    @api.depends("definition")
    def _compute_definition_html(self):
        for term in self:
            term.definition_html = render(term.definition or "")

    def _alias_list(self):
        return [a.strip() for a in (self.aliases or "").split("\n") if a.strip()]

    @api.constrains("name", "repo_id")
    def _check_unique_term(self):
        self.flush_model(["name", "repo_id"])
        for term in self:
            self.env.cr.execute(
                "SELECT name FROM practice_glossary_term "
                "WHERE repo_id = %s AND lower(name) = lower(%s) AND id != %s",
                [term.repo_id.id, term.name, term.id],
            )
            row = self.env.cr.fetchone()
            if row:
                raise ValidationError(
                    _(
                        "The glossary of %(repo)s already defines %(other)r "
                        "(terms are unique whatever their case).",
                        repo=term.repo_id.name,
                        other=row[0],
                    )
                )

    # ----------------------------------------------------------------- vault
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
            "repo_id": repo.id,
            "vault_path": entry.path,
            "name": data["term"],
            "aliases": "\n".join(data["aliases"]) or False,
            "definition": data["definition"],
            "vault_extra": vault_format.extra_dump(data["extra"]) or False,
        }
