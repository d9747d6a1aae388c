# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class PracticeSessionLog(models.Model):
    _inherit = "practice.session.log"

    snapshot_count = fields.Integer(
        compute="_compute_snapshot_count",
        help="Watchdog snapshots taken under this session id.",
    )

    def _compute_snapshot_count(self):
        counts = self._session_link_counts(self.env["practice.watchdog.snapshot"])
        for log in self:
            log.snapshot_count = counts.get(log.name, 0)

    def action_view_snapshots(self):
        return self._session_link_action(
            self.env["practice.watchdog.snapshot"], _("Snapshots of session %(session)s", session=self.name)
        )
