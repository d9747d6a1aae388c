# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts


class PracticePattern(models.Model):
    """A reusable pattern distilled from high-scoring citations."""

    _name = "practice.pattern"
    _description = "Practice Pattern"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "id desc"
    _guarded_actions = "Promote to Pattern on citations"

    name = fields.Char(required=True, tracking=True, help="Name of the pattern.")
    summary = fields.Text(required=True, help="What the pattern says (markdown).")
    application = fields.Text(help="Where and how to apply it here (markdown).")
    sequence = fields.Integer(default=10, help="Position in its library file (patterns/<library>.md).")
    citation_ids = fields.One2many(
        "practice.citation", "pattern_id", string="Citations", help="Sources of the pattern."
    )
    best_score = fields.Integer(
        compute="_compute_best_score", store=True, help="Best quality score of its citations."
    )
    summary_html = fields.Html(
        string="Summary (rendered)",
        compute="_compute_summary_html",
        sanitize=True,
        help="The markdown, rendered.",
    )

    def init(self):
        # weighted full-text vector: ``practice search`` and the bundle's "Patterns" section
        # find patterns by the words of a task or of the modules named (see tools/fts.py)
        fts.ensure_search_vector(
            self.env.cr, self._table, [("A", ["name"]), ("B", ["summary"]), ("C", ["application"])]
        )

    @api.depends("citation_ids.score")
    def _compute_best_score(self):
        for pattern in self:
            pattern.best_score = max(pattern.citation_ids.mapped("score") or [0])

    @api.depends("summary", "application")
    def _compute_summary_html(self):
        for pattern in self:
            pattern.summary_html = render("\n\n".join(t for t in (pattern.summary, pattern.application) if t))

    # ----------------------------------------------------------------- vault
    # A library file patterns/<library>.md holds several patterns (``tools/vault/patterns.py``);
    # a pattern made in the backend reaches the vault once it is given a library path.
    def _vault_entry_key(self):
        return self.name

    def _vault_unique_path(self, path):
        return path

    def _vault_data(self):
        self.ensure_one()
        return {
            "name": self.name,
            "summary": (self.summary or "").strip(),
            "application": (self.application or "").strip(),
            "sequence": self.sequence,
        }

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        return {
            "name": data["name"],
            "summary": data["summary"],
            "application": data["application"] or False,
            "sequence": data["sequence"],
        }
