# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeWatchdogAlert(models.Model):
    _inherit = "practice.watchdog.alert"

    kind = fields.Selection(selection_add=[("fleet", "Watched database")], ondelete={"fleet": "cascade"})
    fleet_target_id = fields.Many2one(
        "practice.watchdog.target",
        string="Watched Database",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The watched database found unreachable or silent.",
    )
