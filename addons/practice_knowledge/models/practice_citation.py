# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.practice_base.tools import guard
from odoo.addons.practice_base.tools.markdown import render

from ..tools import vault_format

PROMOTE_MIN_SCORE = 85


class PracticeCitation(models.Model):
    """A source read during research, its takeaway and how it applies here."""

    _name = "practice.citation"
    _description = "Citation"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.vault.record"]
    _order = "note_date desc, sequence, id"
    _guarded_fields = ("pattern_id",)
    _guarded_actions = "Promote to Pattern (action_promote)"

    name = fields.Char(required=True, tracking=True, help="Name of the source (the '## Name' heading).")
    link = fields.Char(required=True, help="URL (or reference) of the source.")
    takeaway = fields.Text(required=True, help="What we learned from it.")
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

    @api.depends("takeaway", "application")
    def _compute_summary_html(self):
        for citation in self:
            text = f"**Takeaway**: {citation.takeaway or ''}"
            if citation.application:
                text += f"\n\n**Application**: {citation.application}"
            citation.summary_html = render(text)

    def action_promote(self):
        """Turn high-scoring citations into one pattern entry."""
        if not self:
            raise UserError(_("Select the citations to promote."))
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
        best = self.sorted(lambda c: (-c.score, c.id))[0]
        pattern = self.env["practice.pattern"].create(
            {
                "name": best.name,
                "repo_id": best.repo_id.id,
                "summary": "\n\n".join(self.mapped("takeaway")),
                "application": "\n\n".join(a for a in self.mapped("application") if a) or False,
            }
        )
        self._guarded().write({"pattern_id": pattern.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.pattern",
            "res_id": pattern.id,
            "view_mode": "form",
        }

    # ----------------------------------------------------------------- vault
    def _vault_entry_key(self):
        return self.name

    def _vault_default_path(self):
        return f"citations/{self.note_date.isoformat()}.md"

    def _vault_unique_path(self, path):
        return path  # a daily note holds several citations

    def _vault_data(self):
        self.ensure_one()
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

    @api.model
    def _vault_values(self, entry, repo):
        data = entry.data
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
