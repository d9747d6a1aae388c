# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    _order = "timestamp, id"
    _rec_name = "kind"

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
        required=True, default=fields.Datetime.now, index=True, help="When it was noted."
    )
    user_id = fields.Many2one(
        related="session_log_id.user_id", store=True, string="Owner", help="Owner of the session."
    )
    session_state = fields.Selection(related="session_log_id.state", help="State of the session.")

    @api.model
    def _vault_import_allowed(self):
        """A vault import (an Engineer's) writes the timeline of finished sessions."""
        return bool(self.env.context.get("practice_memory_vault_import")) and (
            self.env.su or self.env.user.has_group("practice_base.group_practice_engineer")
        )

    @api.model_create_multi
    def create(self, vals_list):
        valid = dict(ENTRY_KINDS)
        for vals in vals_list:
            log = self.env["practice.session.log"].browse(vals.get("session_log_id"))
            label = log.name or "?"
            if vals.get("kind", "note") not in valid:
                raise UserError(
                    _(
                        "Session %(session)s: unknown entry kind %(kind)r; use one of %(valid)s.",
                        session=label,
                        kind=vals.get("kind"),
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
