# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class PracticeEvalRun(models.Model):
    _inherit = "practice.eval.run"

    @api.model
    def _check_session_owner(self, session_id):
        """A session id that names a session log belongs to the log's owner: only they push
        runs under it (Managers included; superuser imports aside). An id no log names falls
        back to practice_eval's rule (no other user pushed runs under it)."""
        if not session_id or self.env.su:
            return
        log = (
            self.env["practice.session.log"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", session_id)], limit=1)
        )
        if log:
            if log.user_id != self.env.user:
                raise AccessError(self._session_refusal(session_id))
            return
        super()._check_session_owner(session_id)
