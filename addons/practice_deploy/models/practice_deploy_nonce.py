# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools import signing


class PracticeDeployNonce(models.Model):
    """Nonces of accepted callbacks: a replay inside the timestamp window is refused (409).
    Older rows are purged by a cron: the window refuses them anyway."""

    _name = "practice.deploy.nonce"
    _description = "Deploy Callback Nonce"
    _order = "id desc"

    name = fields.Char(string="Nonce", required=True, readonly=True)
    received_at = fields.Datetime(required=True, readonly=True, index=True)
    task_id = fields.Many2one("project.task", readonly=True, ondelete="cascade")

    _sql_constraints = [("name_unique", "unique(name)", "A callback nonce is accepted only once.")]

    @api.model
    def _seen(self, nonce):
        return bool(self.sudo().search_count([("name", "=", nonce)], limit=1))

    @api.model
    def _purge(self, now=None, window=None):
        """Delete nonces older than twice the window (they fail the timestamp check anyway)."""
        now = now or fields.Datetime.now()
        if window is None:
            window = self.env["project.task"]._deploy_int_param("window_seconds", signing.DEFAULT_WINDOW)
        old = self.sudo().search([("received_at", "<", now - timedelta(seconds=2 * window))])
        count = len(old)
        old.unlink()
        return count
