# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class PracticeSessionLog(models.Model):
    _inherit = "practice.session.log"

    lock_count = fields.Integer(
        compute="_compute_lock_count",
        help="Locks taken under this session id.",
    )

    def _compute_lock_count(self):
        counts = self._session_link_counts(self.env["practice.lock"])
        for log in self:
            log.lock_count = counts.get(log.name, 0)

    def action_view_locks(self):
        return self._session_link_action(
            self.env["practice.lock"], _("Locks of session %(session)s", session=self.name)
        )

    @api.model
    def _tag_locked_module(self, repo, code_module, session_id, user):
        """Link ``code_module`` (just locked by ``user`` for ``session_id``) to that session's
        running log, when the log is ``user``'s own and of ``repo`` (a module belongs to one
        repository). One indexed read; a write only the first time."""
        if not session_id or not code_module:
            return
        log = self.sudo().search(
            [
                ("name", "=", session_id),
                ("state", "=", "running"),
                ("user_id", "=", user.id),
                ("repo_id", "=", repo.id),
            ],
            limit=1,
        )
        if log and code_module not in log.module_ids:
            log.module_ids = [fields.Command.link(code_module.id)]
