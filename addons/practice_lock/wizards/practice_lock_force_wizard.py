# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools import lease


class PracticeLockForceWizard(models.TransientModel):
    """Managers break a held lock with a reason; the holder is notified."""

    _name = "practice.lock.force.wizard"
    _description = "Force-release a Module Lock"

    lock_id = fields.Many2one(
        "practice.lock", required=True, ondelete="cascade", help="The held lock to break."
    )
    module_name = fields.Char(related="lock_id.module_name", help="Locked module.")
    holder_id = fields.Many2one(related="lock_id.user_id", string="Holder", help="User holding the lock.")
    session_id = fields.Char(related="lock_id.session_id", string="Session", help="Session holding the lock.")
    acquired_at = fields.Datetime(related="lock_id.acquired_at", string="Since", help="When it was granted.")
    lock_reason = fields.Char(related="lock_id.reason", string="Holder's Reason", help="Why it was taken.")
    reason = fields.Text(required=True, help="Why you break the lock: recorded and sent to the holder.")

    def action_force_release(self):
        self.ensure_one()
        Lock = self.env["practice.lock"]
        Lock._check_manager()
        reason = Lock._parse(lease.parse_reason, self.reason, required=True)
        self.lock_id._force(reason)
        return {"type": "ir.actions.act_window_close"}
