# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .practice_watchdog_snapshot import TAKE_KEY

KIND_SELECTION = [
    ("drop", "Count / size"),
    ("rise", "Nulls"),
    ("any_rise", "Missing files / statistics drift"),
    ("hash", "Hash"),
    ("any_change", "Version / modules"),
    ("schema", "Schema"),
    ("info", "Information"),
]


class PracticeWatchdogSnapshotLine(models.Model):
    _name = "practice.watchdog.snapshot.line"
    _inherit = ["practice.watchdog.access.mixin"]
    _description = "Watchdog Snapshot Measurement"
    _order = "snapshot_id desc, model, metric, id"
    _log_access = False
    _rec_name = "metric"

    snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        help="Snapshot this measurement belongs to.",
    )
    model = fields.Char(required=True, index=True, readonly=True, help="Measured model (or 'odoo').")
    metric = fields.Char(required=True, readonly=True, help="What was measured, e.g. count or nulls:<field>.")
    kind = fields.Selection(KIND_SELECTION, readonly=True, help="How the metric is compared.")
    value = fields.Float(readonly=True, aggregator="sum", help="Numeric value (counts, sizes).")
    value_text = fields.Char(readonly=True, help="Hash or text value.")
    taken_at = fields.Datetime(
        related="snapshot_id.taken_at", store=True, index=True, help="When the snapshot was taken."
    )
    profile_id = fields.Many2one(
        related="snapshot_id.profile_id", store=True, index=True, help="Profile of the snapshot."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get(TAKE_KEY)):
            raise AccessError(_("Snapshot measurements are written by take() only."))
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("practice_watchdog_finalize")):
            raise UserError(_("Snapshot measurements are immutable."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_with_snapshot(self):
        raise UserError(_("Snapshot measurements are deleted with their snapshot only."))
