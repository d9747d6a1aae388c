# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.practice_base.tools import guard
from odoo.addons.practice_base.tools.markdown import render

from ..tools import fts, promotion, vault_format

PROMOTE_MIN_SCORE = promotion.PROMOTE_MIN_SCORE


class PracticeCitation(models.Model):
    """A source read during research, its takeaway and how it applies here."""

    _name = "practice.citation"
    _description = "Citation"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "note_date desc, sequence, id"
    _guarded_fields = ("pattern_id",)
    _guarded_actions = "Promote to Pattern (action_promote)"

    name = fields.Char(required=True, tracking=True, help="Name of the source (the '## Name' heading).")
    entry_type = fields.Selection(
        [("citation", "Citation"), ("note", "Note"), ("category", "Category")],
        required=True,
        default="citation",
        help="Citation: a source with link, takeaway and score. In a daily note (notes/YYYY-MM-DD.md) "
        "also Note: another entry (a module pattern, an eval failure resolution…) kept as written, and "
        "Category: a category heading of the note's template.",
    )
    category = fields.Char(help="Category heading of the daily note the entry is under (e.g. ORM Patterns).")
    note_body = fields.Text(
        help="A note's lines as written (its '- Label: value' fields), or a category's HTML comment."
    )
    note_key = fields.Char(
        copy=False, help="Key of the entry in its daily note (the name, numbered when it repeats)."
    )
    label_style = fields.Selection(
        [("bold", "- **Label**: value"), ("plain", "- Label: value")],
        help="How a daily note's citation writes its labels.",
    )
    link = fields.Char(help="URL (or reference) of the source (required for a citation).")
    takeaway = fields.Text(help="What we learned from it (required for a citation).")
    application = fields.Text(help="How it applies to this repository.")
    score = fields.Integer(
        string="Quality Score",
        required=True,
        default=70,
        tracking=True,
        aggregator="avg",
        help=f"Quality of the source, {vault_format.SCORE_MIN} to {vault_format.SCORE_MAX}. "
        f"Citations scoring {PROMOTE_MIN_SCORE} or more can be promoted to a pattern.",
    )
    date_added = fields.Date(required=True, default=fields.Date.context_today, help="When it was added.")
    note_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Day of the research note (citations/YYYY-MM-DD.md) that holds the citation.",
    )
    sequence = fields.Integer(default=10, help="Position in its daily note.")
    pattern_id = fields.Many2one(
        "practice.pattern",
        index=True,
        ondelete="set null",
        copy=False,
        readonly=True,
        help="Pattern this citation was promoted to (set by Promote).",
    )
    summary_html = fields.Html(
        string="Summary (rendered)",
        compute="_compute_summary_html",
        sanitize=True,
        help="The markdown, rendered.",
    )

    _sql_constraints = [
        (
            "score_range",
            f"check(score >= {vault_format.SCORE_MIN} AND score <= {vault_format.SCORE_MAX})",
            f"The quality score must be between {vault_format.SCORE_MIN} and {vault_format.SCORE_MAX}.",
        ),
    ]

    def init(self):
        # weighted full-text vector: ``practice search`` and practice.context.search find
        # citations and the notes of daily notes like rules (see tools/fts.py)
        fts.ensure_search_vector(
            self.env.cr,
            self._table,
            [("A", ["name"]), ("B", ["takeaway", "note_body"]), ("C", ["application", "category"])],
        )

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "link": 2048}

    @api.model
    def _check_score_value(self, score, name):
        if not isinstance(score, int) or not vault_format.SCORE_MIN <= score <= vault_format.SCORE_MAX:
            raise ValidationError(
                _(
                    "Quality score %(score)s of %(name)s is out of range: use %(low)s to %(high)s.",
                    score=guard.excerpt(score),
                    name=guard.excerpt(name),
                    low=vault_format.SCORE_MIN,
                    high=vault_format.SCORE_MAX,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "score" in vals:
                self._check_score_value(vals["score"], vals.get("name"))
        return super().create(vals_list)

    def write(self, vals):
        if "score" in vals:
            self._check_score_value(vals["score"], ", ".join(self.mapped("name")))
        return super().write(vals)

    @api.constrains("entry_type", "link", "takeaway")
    def _check_citation_fields(self):
        for citation in self.filtered(lambda c: c.entry_type == "citation"):
            if not (citation.link or "").strip() or not (citation.takeaway or "").strip():
                raise ValidationError(
                    _("Citation %(name)s needs a link and a takeaway.", name=guard.excerpt(citation.name))
                )

    @api.depends("takeaway", "application", "note_body", "entry_type")
    def _compute_summary_html(self):
        for citation in self:
            if citation.entry_type != "citation":
                citation.summary_html = render(citation.note_body or "")
                continue
            text = f"**Takeaway**: {citation.takeaway or ''}"
            if citation.application:
                text += f"\n\n**Application**: {citation.application}"
            citation.summary_html = render(text)

    def _promote_check(self):
        """UserError unless every citation of ``self`` may be promoted now."""
        if not self:
            raise UserError(_("Select the citations to promote."))
        others = self.filtered(lambda c: c.entry_type != "citation")
        if others:
            raise UserError(
                _(
                    "Only citations become patterns, not notes or categories: %(names)s.",
                    names=", ".join(others.mapped("name")),
                )
            )
        low = self.filtered(lambda c: c.score < PROMOTE_MIN_SCORE)
        if low:
            raise UserError(
                _(
                    "Only citations scoring %(min)s or more become patterns: %(names)s.",
                    min=PROMOTE_MIN_SCORE,
                    names=", ".join(f"{c.name} ({c.score})" for c in low),
                )
            )
        done = self.filtered("pattern_id")
        if done:
            raise UserError(_("Already promoted: %(names)s.", names=", ".join(done.mapped("name"))))
        if len(self.repo_id) != 1:
            raise UserError(_("Promote citations of one repository at a time."))

    def _promote(self):
        """One pattern of the citations of ``self`` (checked), in the pattern library of the best
        one's category (``tools/promotion.py``): its vault path, a name the library does not
        hold yet and the next position in it are set here, so it exports at once."""
        self._promote_check()
        best = self.sorted(lambda c: (-c.score, c.id))[0]
        Pattern = self.env["practice.pattern"]
        path = promotion.library_path(best.category)
        library = Pattern.with_context(active_test=False).search(
            [("repo_id", "=", best.repo_id.id), ("vault_path", "=", path)]
        )
        pattern = Pattern.create(
            {
                "name": promotion.unique_name(best.name, library.mapped("name")),
                "repo_id": best.repo_id.id,
                "vault_path": path,
                "sequence": max(library.mapped("sequence") or [0]) + 1,
                "summary": "\n\n".join(" ".join(t.split()) for t in self.mapped("takeaway")),
                "application": "\n\n".join(a.strip() for a in self.mapped("application") if a and a.strip())
                or False,
            }
        )
        self._guarded().write({"pattern_id": pattern.id})
        return pattern

    def action_promote(self):
        """Turn high-scoring citations into one pattern entry (Engineers)."""
        self.env["res.users"]._practice_require("engineer", _("promote citations"))
        pattern = self._promote()
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.pattern",
            "res_id": pattern.id,
            "view_mode": "form",
        }

    def action_promote_each(self):
        """One pattern per citation (the weekly digest's "Promote all"): citations already
        promoted or scoring under PROMOTE_MIN_SCORE are skipped."""
        self.env["res.users"]._practice_require("engineer", _("promote citations"))
        todo = self.filtered(
            lambda c: c.entry_type == "citation" and not c.pattern_id and c.score >= PROMOTE_MIN_SCORE
        )
        patterns = self.env["practice.pattern"]
        for citation in todo.sorted(lambda c: (-c.score, c.id)):
            patterns |= citation._promote()
        return patterns

    # ----------------------------------------------------------------- vault
    def _vault_entry_key(self):
        return self.note_key or self.name

    def _vault_default_path(self):
        return f"citations/{self.note_date.isoformat()}.md"

    def _vault_unique_path(self, path):
        return path  # a daily note holds several citations

    def _vault_data(self):
        self.ensure_one()
        if (self.vault_path or "").startswith("notes/"):
            return self._vault_note_data()
        return {
            "name": self.name,
            "link": self.link,
            "takeaway": self.takeaway or "",
            "application": self.application or "",
            "score": self.score,
            "date_added": self.date_added.isoformat(),
            "sequence": self.sequence,
            "note_date": self.note_date.isoformat(),
            "extra": self._vault_extra_dict(),
        }

    def _vault_note_data(self):
        """The shape ``tools/vault/notes.py`` gives an entry of a daily note."""
        citation = self.entry_type == "citation"
        return {
            "name": self.name,
            "entry_type": self.entry_type,
            "category": self.category or "",
            "sequence": self.sequence,
            "note_date": self.note_date.isoformat(),
            "label_style": (self.label_style or "bold") if citation else "",
            "body": "" if citation else (self.note_body or ""),
            "link": (self.link or "") if citation else "",
            "takeaway": (self.takeaway or "") if citation else "",
            "application": (self.application or "") if citation else "",
            "score": self.score if citation else 0,
            "date_added": self.date_added.isoformat() if citation else "",
            "extra": self._vault_extra_dict() if citation else {},
        }

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
        if entry.kind == "note":
            citation = data["entry_type"] == "citation"
            return {
                "name": data["name"],
                "entry_type": data["entry_type"],
                "category": data["category"] or False,
                "note_key": entry.key,
                "note_date": data["note_date"],
                "sequence": data["sequence"],
                "label_style": data["label_style"] or False,
                "note_body": data["body"] or False,
                "link": data["link"] or False,
                "takeaway": data["takeaway"] or False,
                "application": data["application"] or False,
                "score": data["score"] if citation else 70,
                "date_added": data["date_added"] or data["note_date"],
            }
        return {
            "name": data["name"],
            "link": data["link"],
            "takeaway": data["takeaway"],
            "application": data["application"] or False,
            "score": data["score"],
            "date_added": data["date_added"],
            "note_date": data["note_date"],
            "sequence": data["sequence"],
        }
