# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.practice_base.tools import guard

ENTRY_KINDS = [
    ("tried", "Tried"),
    ("worked", "Worked"),
    ("failed", "Failed"),
    ("decision", "Decision"),
    ("note", "Note"),
]
MAX_TEXT = 20000


class PracticeSessionLogEntry(models.Model):
    """One line of a session's timeline. Append-only for AI sessions."""

    _name = "practice.session.log.entry"
    _description = "Session Log Entry"
    _inherit = ["practice.guarded.mixin"]
    _order = "timestamp, id"
    _rec_name = "kind"
    # the timeline is an audit trail: note() stamps it, a vault import restores it
    _guarded_fields = ("timestamp",)
    _guarded_immutable = ("session_log_id",)
    _guarded_actions = "practice.session.log.note()"

    session_log_id = fields.Many2one(
        "practice.session.log",
        string="Session",
        required=True,
        index=True,
        ondelete="cascade",
        help="Session this entry belongs to.",
    )
    kind = fields.Selection(ENTRY_KINDS, required=True, default="note", help="What kind of finding this is.")
    text = fields.Text(required=True, help="What was tried, what worked or failed, what was decided.")
    timestamp = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True, help="When it was noted."
    )
    user_id = fields.Many2one(
        related="session_log_id.user_id", store=True, string="Owner", help="Owner of the session."
    )
    session_state = fields.Selection(related="session_log_id.state", help="State of the session.")

    @api.model
    def _vault_import_allowed(self):
        """A vault import (an Engineer's, granted by ``practice.vault.import_files``) writes the
        timeline of finished sessions; a context flag sent by an RPC caller does not."""
        return self._guard_granted()

    @api.model_create_multi
    def create(self, vals_list):
        valid = dict(ENTRY_KINDS)
        for vals in vals_list:
            log = self.env["practice.session.log"].browse(vals.get("session_log_id"))
            label = log.name or "?"
            kind = vals.get("kind", "note")
            if not isinstance(kind, str) or kind not in valid:
                raise UserError(
                    _(
                        "Session %(session)s: unknown entry kind %(kind)s; use one of %(valid)s.",
                        session=label,
                        kind=guard.excerpt(kind),
                        valid=", ".join(valid),
                    )
                )
            text = vals.get("text")
            if not isinstance(text, str) or not text.strip():
                raise UserError(_("Session %(session)s: a note needs some text.", session=label))
            if len(text) > MAX_TEXT:
                raise UserError(
                    _(
                        "Session %(session)s: a note is limited to %(max)s characters.",
                        session=label,
                        max=MAX_TEXT,
                    )
                )
            if log.exists() and log.state != "running" and not self._vault_import_allowed():
                raise UserError(
                    _(
                        "Session %(session)s is finished (%(outcome)s): notes are refused.",
                        session=label,
                        outcome=log.outcome,
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        """Notes of a finished session are history: only a vault import rewrites them."""
        if not self._vault_import_allowed():
            finished = self.filtered(lambda e: e.session_log_id.state != "running")
            if finished:
                raise AccessError(
                    _(
                        "Session %(session)s is finished: its notes can no longer be changed.",
                        session=finished[0].session_log_id.name,
                    )
                )
        if "text" in vals:
            text = vals["text"]
            if not isinstance(text, str) or not text.strip():
                raise UserError(_("A note needs some text."))
            if len(text) > MAX_TEXT:
                raise UserError(_("A note is limited to %(max)s characters.", max=MAX_TEXT))
        return super().write(vals)
