# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .practice_session_log import GATE_DEFAULT, GATE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_eval_finish_gate = fields.Selection(
        [("on", "On: success needs a green run newer than the session"), ("off", "Off")],
        string="Suite is the bar",
        default=GATE_DEFAULT,
        config_parameter=GATE_PARAM,
        help="On: a session log finishes as success only when its eval run (pushed under its session "
        "id, else the repository's latest) is green and newer than the session's start.",
    )
