# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import categorize
from .practice_eval_run import CATEGORIES_PARAM, MAPPING_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_eval_categories = fields.Char(
        string="Eval Categories",
        config_parameter=CATEGORIES_PARAM,
        help="Categories of test cases, separated by commas (empty: security, lifecycle, rules, "
        "integration, integrity, domain).",
    )
    practice_eval_category_mapping = fields.Char(
        string="Category Mapping",
        config_parameter=MAPPING_PARAM,
        help="For cases without a marker or tag: 'pattern = category' entries separated by ';' (or "
        "new lines), the pattern a glob or substring of the class name or file "
        "(e.g. '*_security* = security; vault = integrity').",
    )

    @api.constrains("practice_eval_categories", "practice_eval_category_mapping")
    def _check_practice_eval(self):
        for settings in self:
            try:
                cats = categorize.parse_categories(settings.practice_eval_categories or "")
                categorize.parse_mapping(settings.practice_eval_category_mapping or "", cats)
            except categorize.CategoryError as err:
                raise ValidationError(_("Eval settings: %(error)s", error=str(err))) from err
