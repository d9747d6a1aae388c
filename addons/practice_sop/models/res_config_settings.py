# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.sla import DEFAULT_MINUTES

PARAM_PREFIX = "practice_sop.sla_minutes_"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_sop_sla_critical = fields.Integer(
        string="Critical (minutes)",
        config_parameter=PARAM_PREFIX + "critical",
        default=DEFAULT_MINUTES["critical"],
        help="SLA target of critical SOP runs, in minutes from the start.",
    )
    practice_sop_sla_high = fields.Integer(
        string="High (minutes)",
        config_parameter=PARAM_PREFIX + "high",
        default=DEFAULT_MINUTES["high"],
        help="SLA target of high-severity SOP runs, in minutes from the start.",
    )
    practice_sop_sla_medium = fields.Integer(
        string="Medium (minutes)",
        config_parameter=PARAM_PREFIX + "medium",
        default=DEFAULT_MINUTES["medium"],
        help="SLA target of medium-severity SOP runs, in minutes (default: one day).",
    )
    practice_sop_sla_low = fields.Integer(
        string="Low (minutes)",
        config_parameter=PARAM_PREFIX + "low",
        default=DEFAULT_MINUTES["low"],
        help="SLA target of low-severity SOP runs, in minutes (default: one week).",
    )
