# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_sop.models.practice_sop_run import PracticeSopRun as SopRun


class PracticeSopRun(models.Model):
    _inherit = "practice.sop.run"
    _guarded_fields = (*SopRun._guarded_fields, "alert_id")

    alert_id = fields.Many2one(
        "practice.watchdog.alert",
        string="Watchdog Alert",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The alert this run triages.",
    )

    @api.model
    def _origin_values(self, alert_id):
        if not alert_id:
            return super()._origin_values(alert_id)
        alert = self.env["practice.watchdog.alert"].browse(alert_id).exists()
        if not alert:
            raise UserError(_("No watchdog alert with id %(id)s.", id=alert_id))
        alert.check_access("read")
        return {"alert_id": alert.id, "origin": "alert", "severity": alert.severity}
