# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

STATES = [("new", "New"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]


class PracticeWatchdogTargetAlert(models.Model):
    """An alert of a watched database, as its last pull saw it. Read-only here: alerts stay
    resolvable where they were raised, the mirror follows at the next pull."""

    _name = "practice.watchdog.target.alert"
    _description = "Watched Database Alert (mirror)"
    _order = "state_rank, severity_rank desc, remote_create_date desc, id desc"

    target_id = fields.Many2one(
        "practice.watchdog.target", required=True, readonly=True, index=True, ondelete="cascade"
    )
    environment = fields.Selection(related="target_id.environment", store=True)
    remote_id = fields.Integer(string="Remote ID", required=True, readonly=True, help="Id on the target.")
    name = fields.Char(required=True, readonly=True)
    kind = fields.Char(readonly=True)
    severity = fields.Selection([("low", "Low"), ("high", "High")], required=True, readonly=True)
    severity_rank = fields.Integer(compute="_compute_ranks", store=True)
    state = fields.Selection(
        STATES, required=True, readonly=True, help="Resolved: the target no longer lists it as open."
    )
    state_rank = fields.Integer(compute="_compute_ranks", store=True)
    remote_create_date = fields.Datetime(string="Raised On Target", readonly=True)
    summary = fields.Text(readonly=True)
    last_seen_at = fields.Datetime(readonly=True, help="Last pull that listed it as open.")

    _sql_constraints = [
        ("target_remote_unique", "unique(target_id, remote_id)", "An alert is mirrored once per target."),
    ]

    @api.depends("severity", "state")
    def _compute_ranks(self):
        for alert in self:
            alert.severity_rank = 2 if alert.severity == "high" else 1
            alert.state_rank = 1 if alert.state == "resolved" else 0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Mirrored alerts are written by the fleet pull only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(
                _("Mirrored alerts are read-only: acknowledge or resolve them on their watched database.")
            )
        return super().write(vals)

    def action_open_on_target(self):
        """A link to the alert on its watched database (resolve it there)."""
        self.ensure_one()
        self.check_access("read")
        if not self.target_id.url:
            raise UserError(_("The watched database of this alert has no URL."))
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": f"{self.target_id.url}/odoo/action-practice_watchdog.practice_watchdog_alert_action/"
            f"{self.remote_id}",
        }
