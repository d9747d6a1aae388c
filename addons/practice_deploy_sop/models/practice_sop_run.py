# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


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

    def action_deploy_view_task(self):
        """Smart button: the deploy task whose rollback opened this run."""
        self.ensure_one()
        self.check_access("read")
        if not self.deploy_task_id:
            raise UserError(_("Run %(run)s was not opened by a deploy.", run=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Deploy Task"),
            "res_model": "project.task",
            "res_id": self.deploy_task_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
