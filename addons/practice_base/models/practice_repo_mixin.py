# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeRepoMixin(models.AbstractModel):
    """A practice record that belongs to one repository (and so to its company).

    Inherit it instead of redefining ``repo_id``/``company_id``; add a multi-company
    ``ir.rule`` on ``company_id`` for the inheriting model.
    """

    _name = "practice.repo.mixin"
    _description = "Practice Record of a Repository"

    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env["practice.repo"]._default_repo(),
        help="Repository the record belongs to (default: the default repository).",
    )
    company_id = fields.Many2one(related="repo_id.company_id", store=True, help="Company of the repository.")
