# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

EVENTS = [
    ("granted", "Granted"),
    ("renewed", "Renewed"),
    ("released", "Released"),
    ("expired", "Expired"),
    ("forced", "Force-released"),
]


class PracticeLockEvent(models.Model):
    """Append-only history of module locks: one row per grant, renewal and end."""

    _name = "practice.lock.event"
    _description = "Module Lock Event"
    _order = "at desc, id desc"

    lock_id = fields.Many2one(
        "practice.lock",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The lock this event belongs to.",
    )
    event = fields.Selection(EVENTS, required=True, readonly=True, index=True, help="What happened.")
    at = fields.Datetime(string="When", required=True, readonly=True, index=True, help="When (UTC).")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        readonly=True,
        ondelete="restrict",
        help="User who did it (the superuser for the expiry cron).",
    )
    session_id = fields.Char(readonly=True, help="Session that did it (for a takeover: the new holder).")
    expires_at = fields.Datetime(readonly=True, help="Lease end after this event (UTC).")
    note = fields.Char(readonly=True, help="Reason or detail.")
    token = fields.Integer(related="lock_id.token", store=True, help="Fencing token of the lock.")
    module_id = fields.Many2one(
        related="lock_id.module_id", store=True, string="Module", index=True, help="The locked module."
    )
    repo_id = fields.Many2one(
        related="lock_id.repo_id", store=True, string="Repository", help="Repository of the module."
    )
    company_id = fields.Many2one(
        related="lock_id.company_id", store=True, string="Company", help="Company of the repository."
    )
    holder_id = fields.Many2one(
        related="lock_id.user_id", string="Holder", help="User who holds or held the lock."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("Lock events are written by the lock API only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(_("Lock events are history: they cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Lock events are history: they are never deleted."))
