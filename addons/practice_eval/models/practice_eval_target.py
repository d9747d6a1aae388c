# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import categorize, passrate


class PracticeEvalTarget(models.Model):
    """A pass-rate target of a repository: for one category, or (no category) for the whole
    run and every category without its own. A run or category with failures is green all the
    same when its pass rate reaches its target (tools/passrate.py, :func:`run_green`); targets
    apply to the runs imported after they are set. Managers set them; everyone reads them."""

    _name = "practice.eval.target"
    _description = "Eval Pass-Rate Target"
    _order = "repo_id, category, id"
    _rec_name = "category"

    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        ondelete="cascade",
    )
    category = fields.Char(
        help="A category of Settings > Practice > Eval Runs (or 'uncategorized'); empty: the whole "
        "run, and every category without a target of its own.",
    )
    target = fields.Float(
        string="Target Pass Rate (%)",
        required=True,
        default=90.0,
        digits=(5, 2),
        help="The pass rate (passed / tests that ran, in %) at which a run or category with "
        "failures counts as green all the same. Without a target, green means no failure.",
    )
    company_id = fields.Many2one(related="repo_id.company_id", store=True, index=True)

    @api.constrains("repo_id", "category", "target")
    def _check_target(self):
        known = self.env["practice.eval.run"]._categories()
        for record in self:
            if not 0 < record.target <= 100:
                raise ValidationError(
                    _(
                        "Target of %(repo)s: a pass rate above 0 and at most 100 %%, got %(value)s.",
                        repo=record.repo_id.display_name,
                        value=record.target,
                    )
                )
            category = record.category or ""
            if category and (
                category != category.strip().lower()
                or (category not in known and category != categorize.UNCATEGORIZED)
            ):
                raise ValidationError(
                    _(
                        "Target of %(repo)s: unknown category %(category)s; use one of %(known)s, "
                        "uncategorized, or none for the whole run.",
                        repo=record.repo_id.display_name,
                        category=category,
                        known=", ".join(known),
                    )
                )
            duplicate = self.sudo().search_count(
                [
                    ("id", "!=", record.id),
                    ("repo_id", "=", record.repo_id.id),
                    ("category", "=", record.category or False),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "%(repo)s has a target for %(category)s already: edit that one.",
                        repo=record.repo_id.display_name,
                        category=category or _("the whole run"),
                    )
                )

    @api.depends("category", "target")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.category or _('whole run')} ≥ {record.target:g}%"

    @api.model
    def _targets_for(self, repo_rec):
        """``{category or passrate.ALL: target}`` of the repository (read as superuser: whoever
        imports a run is judged by its repository's targets)."""
        records = self.sudo().search([("repo_id", "=", repo_rec.id)])
        return {record.category or passrate.ALL: record.target for record in records}
