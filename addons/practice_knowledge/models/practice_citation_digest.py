# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from markupsafe import Markup, escape

from odoo import _, api, fields, models

from ..tools import promotion

WEEKDAY_PARAM = "practice_knowledge.citation_digest_weekday"


def _link(url):
    """A web link as an anchor; anything else as text."""
    url = (url or "").strip()
    if url.startswith(("https://", "http://")):
        return Markup("<a href='%s'>%s</a>") % (url, url)
    return escape(url)


class PracticeCitationDigest(models.Model):
    """The weekly review of the daily-usage guide: a repository's citations of the week that
    score PROMOTE_MIN_SCORE or more and are not promoted yet, sent to the Engineers as an
    activity; its form promotes them in one click (each, or all at once)."""

    _name = "practice.citation.digest"
    _description = "Weekly Citation Digest"
    _inherit = ["mail.thread", "mail.activity.mixin", "practice.repo.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, help="The week the digest covers.")
    date_from = fields.Date(required=True, help="First day of the week listed.")
    date_to = fields.Date(required=True, index=True, help="Last day of the week listed (the digest day).")
    citation_ids = fields.Many2many(
        "practice.citation",
        "practice_citation_digest_rel",
        "digest_id",
        "citation_id",
        string="Citations",
        help="The week's citations scoring high enough to be promoted, when the digest was made.",
    )
    pending_count = fields.Integer(
        compute="_compute_pending_count", help="Citations of the digest not promoted yet."
    )

    _sql_constraints = [
        ("repo_week_unique", "unique(repo_id, date_to)", "One citation digest per repository and day."),
    ]

    @api.depends("citation_ids.pattern_id")
    def _compute_pending_count(self):
        for digest in self:
            digest.pending_count = len(digest.citation_ids.filtered(lambda c: not c.pattern_id))

    def action_promote_all(self):
        """One pattern per citation of the digest not promoted yet (Engineers)."""
        self.ensure_one()
        patterns = self.citation_ids.action_promote_each()
        if patterns:
            self.message_post(
                body=_(
                    "Promoted %(count)s citation(s): %(names)s.",
                    count=len(patterns),
                    names=", ".join(patterns.mapped("name")),
                )
            )
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).action_feedback(
            feedback=_("Promoted from the digest.")
        )
        return True

    # ----------------------------------------------------------------- cron
    @api.model
    def _digest_weekday(self):
        value = self.env["ir.config_parameter"].sudo().get_param(WEEKDAY_PARAM)
        return promotion.parse_weekday(value)

    @api.model
    def _digest_candidates(self, repo, date_from, date_to):
        """The citations a digest of ``repo`` for these days lists: scoring PROMOTE_MIN_SCORE
        or more, added in the window, not promoted, the best first (bounded)."""
        return self.env["practice.citation"].search(
            [
                ("repo_id", "=", repo.id),
                ("entry_type", "=", "citation"),
                ("score", ">=", promotion.PROMOTE_MIN_SCORE),
                ("pattern_id", "=", False),
                ("date_added", ">=", date_from),
                ("date_added", "<=", date_to),
            ],
            order="score desc, date_added desc, id",
            limit=promotion.MAX_DIGEST_CITATIONS,
        )

    @api.model
    def _cron_weekly_digest(self, today=None, force=False):
        """Daily cron: on the digest weekday (Settings, Friday by default) or with ``force``,
        one digest per repository that has citations to promote, with a to-do activity for
        each Engineer. A day's digest is made once. Returns the digests made."""
        today = today or fields.Date.context_today(self)
        if isinstance(today, str):
            today = datetime.date.fromisoformat(today)
        if not force and today.weekday() != self._digest_weekday():
            return self.browse()
        date_from, date_to = promotion.week_window(today)
        Digest = self.sudo()
        engineers = (
            self.env.ref("practice_base.group_practice_engineer")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
        )
        made = self.browse()
        for repo in self.env["practice.repo"].sudo().search([("active", "=", True)]):
            if Digest.search_count([("repo_id", "=", repo.id), ("date_to", "=", date_to)]):
                continue
            citations = Digest._digest_candidates(repo, date_from, date_to)
            if not citations:
                continue
            digest = Digest.create(
                {
                    "name": _(
                        "Citations to promote, %(first)s to %(last)s (%(repo)s)",
                        first=date_from.isoformat(),
                        last=date_to.isoformat(),
                        repo=repo.name,
                    ),
                    "repo_id": repo.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "citation_ids": [fields.Command.set(citations.ids)],
                }
            )
            note = digest._digest_note()
            digest.message_post(body=note)
            for user in engineers:
                digest.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    user_id=user.id,
                    summary=_("Weekly review: %(count)s citation(s) to promote", count=len(citations))[:250],
                    note=note,
                )
            made |= digest
        return made

    def _digest_note(self):
        """The digest as HTML: one line per citation (score, name, takeaway, link)."""
        self.ensure_one()
        rows = Markup("").join(
            Markup("<li><b>%s</b> (%s) — %s %s</li>") % (c.name, c.score, c.takeaway or "", _link(c.link))
            for c in self.citation_ids
        )
        intro = escape(
            _(
                "Citations of %(repo)s added %(first)s to %(last)s scoring %(min)s or more, not yet "
                "in the pattern library. Open the digest to promote them in one click.",
                repo=self.repo_id.name,
                first=self.date_from.isoformat(),
                last=self.date_to.isoformat(),
                min=promotion.PROMOTE_MIN_SCORE,
            )
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, rows)
