# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeRule(models.Model):
    _inherit = "practice.rule"

    sop_run_ids = fields.One2many(
        "practice.sop.run",
        "rule_id",
        string="SOP Runs",
        readonly=True,
        help="Runs this rule was drafted from.",
    )
    error_code_ids = fields.Many2many(
        "practice.error.code",
        "practice_error_code_rule_rel",
        "rule_id",
        "code_id",
        string="Error Codes",
        help="Error codes behind this rule.",
    )
