# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeSopRunDeploy(models.Model):
    _inherit = "practice.sop.run"
    # the link is set by the rollback callback only, never by a direct create or write
    _guarded_fields = ("deploy_task_id",)  # joins the model's other guarded fields

    deploy_task_id = fields.Many2one(
        "project.task",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The deploy task whose rollback opened this triage run.",
    )
