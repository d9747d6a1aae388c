# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

TRIAGE_SOP = "SOP-TRIAGE-001"


class ProjectTask(models.Model):
    _inherit = "project.task"

    deploy_sop_run_id = fields.Many2one(
        "practice.sop.run",
        string="Triage Run",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The SOP-TRIAGE-001 run started when the deploy was rolled back.",
    )

    @api.model
    def _deploy_guarded_names(self):
        return super()._deploy_guarded_names() + ("deploy_sop_run_id",)

    def _deploy_incident(self, data):
        """The incident of a rollback is a triage run (falls back to a follow-up task when the
        SOP is missing)."""
        self.ensure_one()
        title = _("Deploy rolled back: %(name)s", name=self.name)[:200]
        try:
            with self.env.cr.savepoint():
                run = self.env["practice.sop.run"].sudo().start(TRIAGE_SOP, title, severity="high")
        except UserError as err:
            _logger.warning("practice_deploy_sop: no triage run for task %s: %s", self.id, err)
            return super()._deploy_incident(data)
        triage = self.env["practice.sop.run"].sudo().browse(run["id"])
        triage._guarded().write({"origin": "deploy"})  # start() records rpc: say what started it
        self._deploy_guarded().sudo().write({"deploy_sop_run_id": run["id"]})
        self.sudo().message_post(
            body=_("Incident: triage run %(id)s (%(sop)s) started.", id=run["id"], sop=TRIAGE_SOP)
        )
        return triage
