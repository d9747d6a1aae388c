# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import categorize
from .practice_eval_run import (
    CATEGORIES_PARAM,
    DEFAULT_MAX_CASES,
    MAPPING_PARAM,
    MAX_CASES_CEILING,
    MAX_CASES_PARAM,
)


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

    practice_eval_max_cases = fields.Integer(
        string="Case Limit per Report",
        config_parameter=MAX_CASES_PARAM,
        default=DEFAULT_MAX_CASES,
        help="A JUnit report holding more test cases than this is refused while it is parsed, "
        "before anything is imported (1 to 100,000; default 10,000).",
    )

    @api.model
    def default_get(self, fields_list):
        """The case limit shown is the one imports apply: a system parameter that is not a
        number in range (written by hand) shows, and means, the default."""
        values = super().default_get(fields_list)
        if "practice_eval_max_cases" in values:
            values["practice_eval_max_cases"] = self.env["practice.eval.run"]._max_cases()
        return values

    @api.constrains("practice_eval_max_cases")
    def _check_practice_eval_max_cases(self):
        for settings in self:
            if not 1 <= settings.practice_eval_max_cases <= MAX_CASES_CEILING:
                raise ValidationError(
                    _(
                        "Eval settings: the case limit per report must be between 1 and %(max)s, got "
                        "%(value)s.",
                        max=MAX_CASES_CEILING,
                        value=settings.practice_eval_max_cases,
                    )
                )

    @api.constrains("practice_eval_categories", "practice_eval_category_mapping")
    def _check_practice_eval(self):
        for settings in self:
            try:
                cats = categorize.parse_categories(settings.practice_eval_categories or "")
                categorize.parse_mapping(settings.practice_eval_category_mapping or "", cats)
            except categorize.CategoryError as err:
                raise ValidationError(_("Eval settings: %(error)s", error=str(err))) from err
