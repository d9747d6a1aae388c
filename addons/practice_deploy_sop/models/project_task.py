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

    deploy_sop_run_count = fields.Integer(
        string="Triage Runs",
        compute="_compute_deploy_sop_run_count",
        help="Triage runs opened by this deploy's rollback (that you may read).",
    )

    @api.model
    def _deploy_guarded_names(self):
        return super()._deploy_guarded_names() + ("deploy_sop_run_id",)

    def _deploy_triage_runs(self):
        """The triage runs of these tasks the current user may read (none without practice
        rights)."""
        Run = self.env["practice.sop.run"]
        if not self.ids or not Run.has_access("read"):
            return Run
        return Run.search([("deploy_task_id", "in", self.ids)])

    @api.depends("deploy_sop_run_id")
    @api.depends_context("uid")
    def _compute_deploy_sop_run_count(self):
        Run = self.env["practice.sop.run"]
        counts = {}
        if self.ids and Run.has_access("read"):
            for task, count in Run._read_group(
                [("deploy_task_id", "in", self.ids)], ["deploy_task_id"], ["__count"]
            ):
                counts[task.id] = count
        for task in self:
            task.deploy_sop_run_count = counts.get(task.id, 0)

    def action_deploy_view_triage_runs(self):
        """Smart button: the triage runs opened by these tasks' rollbacks."""
        self.check_access("read")
        runs = self._deploy_triage_runs()
        action = {
            "type": "ir.actions.act_window",
            "name": _("Triage Runs"),
            "res_model": "practice.sop.run",
            "domain": [("id", "in", runs.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
        }
        if len(runs) == 1:
            action.update(res_id=runs.id, view_mode="form", views=[(False, "form")])
        return action

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
