# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .practice_watchdog_profile import DEFAULTS, PARAM_PREFIX


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    practice_watchdog_drop_pct = fields.Float(
        string="Flag a count drop of (%)",
        config_parameter=PARAM_PREFIX + "drop_pct",
        default=DEFAULTS["drop_pct"],
        help="Default for ad-hoc snapshots and new watched models: a count falling by this "
        "percentage is flagged.",
    )
    practice_watchdog_drop_abs = fields.Integer(
        string="Flag a count drop of (rows)",
        config_parameter=PARAM_PREFIX + "drop_abs",
        default=DEFAULTS["drop_abs"],
        help="Default for ad-hoc snapshots and new watched models: a count falling by this many "
        "rows is flagged.",
    )
    practice_watchdog_burst_deletes = fields.Integer(
        string="Burst: deletions",
        config_parameter=PARAM_PREFIX + "burst_deletes",
        default=DEFAULTS["burst_deletes"],
        help="Default burst threshold of new watched models: this many deletions within the window "
        "raise an alert.",
    )
    practice_watchdog_burst_window = fields.Integer(
        string="Burst: window (minutes)",
        config_parameter=PARAM_PREFIX + "burst_window",
        default=DEFAULTS["burst_window"],
        help="Default burst window of new watched models, in minutes.",
    )
    practice_watchdog_files_sample = fields.Integer(
        string="Filestore files checked",
        config_parameter=PARAM_PREFIX + "files_sample",
        default=DEFAULTS["files_sample"],
        help="How many stored attachment files an ad-hoc snapshot of ir.attachment checks.",
    )
    practice_watchdog_stats_verify_minutes = fields.Integer(
        string="Recount attachments every (minutes)",
        config_parameter=PARAM_PREFIX + "stats_verify_minutes",
        default=DEFAULTS["stats_verify_minutes"],
        help="Snapshots take the attachment count from the trigger-kept statistics while PostgreSQL's "
        "own row counters agree with them; at least this often (and on any disagreement) they "
        "count ir_attachment exactly instead. 0 = count on every snapshot.",
    )
