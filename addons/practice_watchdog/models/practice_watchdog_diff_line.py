# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .practice_watchdog_diff import BUILD_KEY
from .practice_watchdog_snapshot_line import KIND_SELECTION


class PracticeWatchdogDiffLine(models.Model):
    _name = "practice.watchdog.diff.line"
    _inherit = ["practice.watchdog.access.mixin"]
    _description = "Watchdog Diff Line"
    _order = "diff_id desc, sequence, id"
    _log_access = False
    _rec_name = "metric"

    diff_id = fields.Many2one(
        "practice.watchdog.diff",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        help="Diff this line belongs to.",
    )
    sequence = fields.Integer(readonly=True, help="Flagged lines first.")
    model = fields.Char(readonly=True, help="Model compared.")
    metric = fields.Char(readonly=True, help="Metric compared.")
    kind = fields.Selection(KIND_SELECTION, readonly=True, help="How the metric is compared.")
    before = fields.Char(readonly=True, help="Value in the earlier snapshot.")
    after = fields.Char(readonly=True, help="Value in the later snapshot.")
    delta = fields.Char(readonly=True, help="After minus before ('changed' or 'resampled' for hashes).")
    delta_value = fields.Float(readonly=True, help="Numeric delta (0 for hashes).")
    delta_pct = fields.Float(string="Delta %", readonly=True, help="Delta as a percentage of before.")
    threshold = fields.Char(readonly=True, help="The threshold applied.")
    flagged = fields.Boolean(readonly=True, help="Crosses its threshold.")

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get(BUILD_KEY)):
            raise AccessError(_("Diff lines are written by compare() only."))
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("practice_watchdog_finalize")):
            raise UserError(_("Diff lines are immutable."))
        return super().write(vals)
