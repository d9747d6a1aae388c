# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
    practice_watchdog_burst_cron_minutes = fields.Integer(
        string="Check bursts every (minutes)",
        config_parameter=PARAM_PREFIX + "burst_cron_minutes",
        default=1,
        help="Interval of the burst cron: a deletion burst is alerted at most this long (plus the "
        "cron runner's own wake-up, up to a minute) after its commit. Shorter is faster alerts for "
        "one small query per run.",
    )

    @api.constrains("practice_watchdog_burst_cron_minutes")
    def _check_practice_watchdog_burst_cron_minutes(self):
        for settings in self:
            if not 1 <= settings.practice_watchdog_burst_cron_minutes <= 1440:
                raise ValidationError(
                    _(
                        "Watchdog settings: the burst check interval must be 1 to 1440 minutes (got %(value)s).",
                        value=settings.practice_watchdog_burst_cron_minutes,
                    )
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        cron = self.env.ref("practice_watchdog.ir_cron_watchdog_bursts", raise_if_not_found=False)
        if cron and cron.sudo().interval_type == "minutes":
            res["practice_watchdog_burst_cron_minutes"] = cron.sudo().interval_number
        return res

    def set_values(self):
        res = super().set_values()
        cron = self.env.ref("practice_watchdog.ir_cron_watchdog_bursts", raise_if_not_found=False)
        minutes = self.practice_watchdog_burst_cron_minutes
        if cron and (cron.sudo().interval_number, cron.sudo().interval_type) != (minutes, "minutes"):
            cron.sudo().write({"interval_number": minutes, "interval_type": "minutes"})
        return res
