# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_sop.tools import sla

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

    def _deploy_incident_severity(self):
        """Severity of a rollback's triage run: a production rollback is critical, else high."""
        self.ensure_one()
        return "critical" if self.deploy_environment == "production" else "high"

    def _deploy_incident(self, data):
        """The incident of a rollback is a triage run (falls back to a follow-up task when the
        SOP is missing). The run is started by the automation (OdooBot, as the signed callback
        runs as the public user) and owned by :meth:`_deploy_incident_owner` (the on-call user,
        else the approver, else the requester), who gets its SLA reminder."""
        self.ensure_one()
        title = _("Deploy rolled back: %(name)s", name=self.name)[:200]
        owner = self._deploy_incident_owner()
        Run = self.env["practice.sop.run"].with_user(SUPERUSER_ID).sudo()
        try:
            with self.env.cr.savepoint():
                # in the deployed repository: its own triage SOP, else the global one
                run = Run.start(
                    TRIAGE_SOP,
                    title,
                    severity=self._deploy_incident_severity(),
                    repo=self.deploy_repo_id.id or None,
                )
        except UserError as err:
            _logger.warning("practice_deploy_sop: no triage run for task %s: %s", self.id, err)
            return super()._deploy_incident(data)
        triage = Run.browse(run["id"])
        # start() records rpc and its caller: say what started it and who answers for it
        vals = {"origin": "deploy", "user_id": owner.id, "deploy_task_id": self.id}
        received = data.get("received_at")
        if received and triage.sla_minutes:
            # the SLA runs from the callback that reported the rollback
            vals.update(started_at=received, due_at=sla.due_at(received, triage.sla_minutes))
        triage._guarded().write(vals)
        self._deploy_guarded().sudo().write({"deploy_sop_run_id": run["id"]})
        self.sudo().message_post(
            body=_(
                "Incident: triage run %(id)s (%(sop)s) started, severity %(severity)s, responsible %(user)s.",
                id=run["id"],
                sop=TRIAGE_SOP,
                severity=triage.severity,
                user=owner.name,
            ),
            author_id=self._deploy_bot(),
        )
        return self.env["practice.sop.run"].sudo().browse(triage.id)
