# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

TRIAGE_SOP = "SOP-TRIAGE-001"


class PracticeWatchdogAlert(models.Model):
    _inherit = "practice.watchdog.alert"

    sop_run_ids = fields.One2many(
        "practice.sop.run",
        "alert_id",
        string="Triage Runs",
        readonly=True,
        help="SOP runs triaging this alert.",
    )
    sop_run_count = fields.Integer(compute="_compute_sop_run_count", help="Number of triage runs.")

    @api.depends("sop_run_ids")
    def _compute_sop_run_count(self):
        for alert in self:
            alert.sop_run_count = len(alert.sop_run_ids)

    def start_triage(self, session_id=None):
        """A running SOP-TRIAGE-001 run linked to this alert (severity from the alert) → its dict."""
        self.ensure_one()
        return self.env["practice.sop.run"].start(
            TRIAGE_SOP, _("Triage: %(alert)s", alert=self.name)[:200], session_id=session_id, alert_id=self.id
        )

    def action_start_triage(self):
        """Button "Start triage": opens the new run."""
        answer = self.start_triage()
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.sop.run",
            "res_id": answer["id"],
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_sop_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("practice_sop.practice_sop_run_action")
        action["domain"] = [("alert_id", "=", self.id)]
        action["context"] = {}
        return action
