# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

GATE_PARAM = "practice_deploy.gate_watchdog"


class ProjectTask(models.Model):
    _inherit = "project.task"

    deploy_watchdog_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot",
        string="Snapshot at Dispatch",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Watchdog snapshot taken when the git host accepted the dispatch.",
    )
    deploy_watchdog_ok = fields.Boolean(
        string="Watchdog OK After Deploy", readonly=True, copy=False, help="Nothing crossed a threshold."
    )
    deploy_watchdog_flagged = fields.Char(
        string="Watchdog Flagged", readonly=True, copy=False, help="Metrics that crossed a threshold."
    )

    @api.model
    def _deploy_guarded_names(self):
        return super()._deploy_guarded_names() + (
            "deploy_watchdog_snapshot_id",
            "deploy_watchdog_ok",
            "deploy_watchdog_flagged",
        )

    def _deploy_gates(self):
        gates = super()._deploy_gates()
        if self._deploy_param("gate_watchdog", "1") in ("0", "False", "false"):
            return gates
        count = (
            self.env["practice.watchdog.alert"]
            .sudo()
            .search_count([("state", "in", ("new", "acknowledged")), ("severity", "=", "high")])
        )
        gates.append(
            {
                "name": _("No open high watchdog alert"),
                "ok": not count,
                "detail": _("none open") if not count else _("%(n)s open high alert(s)", n=count),
            }
        )
        return gates

    def _deploy_on_dispatched(self):
        super()._deploy_on_dispatched()
        try:
            with self.env.cr.savepoint():
                snap = (
                    self.env["practice.watchdog.snapshot"]
                    .sudo()
                    .take(_("Deploy task %(id)s dispatched", id=self.id)[:120])
                )
        except UserError as err:
            self.sudo().message_post(body=_("Watchdog: no snapshot at dispatch (%(err)s).", err=str(err)))
            return
        self._deploy_guarded().sudo().write({"deploy_watchdog_snapshot_id": snap["id"]})
        self.sudo().message_post(body=_("Watchdog: snapshot %(id)s taken at dispatch.", id=snap["id"]))

    def _deploy_on_deployed(self, data):
        super()._deploy_on_deployed(data)
        if not self.deploy_watchdog_snapshot_id:
            return
        try:
            with self.env.cr.savepoint():
                result = (
                    self.env["practice.watchdog.snapshot"].sudo().compare(self.deploy_watchdog_snapshot_id.id)
                )
        except UserError as err:
            self.sudo().message_post(body=_("Watchdog: comparison failed (%(err)s).", err=str(err)))
            return
        flagged = ", ".join(
            f"{f['model']}.{f['metric']} {f['before']}→{f['after']}" for f in result["flagged"]
        )
        self._deploy_guarded().sudo().write(
            {"deploy_watchdog_ok": result["ok"], "deploy_watchdog_flagged": flagged[:250] or False}
        )
        self.sudo().message_post(
            body=_("Watchdog after deploy: nothing crossed a threshold.")
            if result["ok"]
            else _("Watchdog after deploy: flagged %(flagged)s.", flagged=flagged[:500])
        )
