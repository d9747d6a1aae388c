# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools import promotion
from ..tools.limits import CEILINGS, DEFAULTS, PARAM_PREFIX


def _limit_field(name, string, help_text):
    return fields.Integer(
        string=string,
        config_parameter=PARAM_PREFIX + name,
        default=DEFAULTS[name],
        help=f"{help_text} Default {DEFAULTS[name]}; at most {CEILINGS[name]}; 0 or empty means the default.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_vault_max_file_bytes = _limit_field(
        "max_file_bytes", "Vault: bytes per file", "Largest vault file an import accepts (UTF-8 bytes)."
    )
    practice_vault_max_files = _limit_field(
        "max_files", "Vault: files per upload", "Most files one import (RPC call or zip) may hold."
    )
    practice_vault_max_total_bytes = _limit_field(
        "max_total_bytes", "Vault: bytes per upload", "Largest total size of the files of one import."
    )
    practice_vault_max_zip_bytes = _limit_field(
        "max_zip_bytes",
        "Vault: zip bytes (uncompressed)",
        "Largest vault zip, and largest sum of its members' uncompressed sizes, the upload wizard reads.",
    )
    practice_vault_max_path_chars = _limit_field(
        "max_path_chars", "Vault: characters per path", "Longest path of a vault file."
    )
    practice_citation_digest_weekday = fields.Selection(
        list(promotion.WEEKDAYS),
        string="Citation digest day",
        config_parameter="practice_knowledge.citation_digest_weekday",
        default=str(promotion.DEFAULT_WEEKDAY),
        help="Day of the weekly citation digest: the week's citations scoring "
        f"{promotion.PROMOTE_MIN_SCORE} or more, not yet promoted, sent to the Engineers as an activity.",
    )
