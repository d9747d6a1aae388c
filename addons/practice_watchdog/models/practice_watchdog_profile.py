# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import escape_psql

from ..tools import baseline as baseline_tools
from ..tools import inputs
from ..tools.diff import Threshold
from ..tools.scope import Scope

_logger = logging.getLogger(__name__)

PARAM_PREFIX = "practice_watchdog."
DEFAULTS = {
    "drop_pct": 5.0,
    "drop_abs": 100,
    "burst_deletes": 500,
    "burst_window": 5,
    "sample_edge": 10,
    "sample_modulus": 1000,
    "sample_max": 250,
    "files_sample": 50,
    "stats_verify_minutes": 60,
}


class PracticeWatchdogProfile(models.Model):
    _name = "practice.watchdog.profile"
    _description = "Watchdog Profile"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, tracking=True, help="What this profile watches, e.g. 'Catalog'.")
    sequence = fields.Integer(default=10, help="Order in lists.")
    active = fields.Boolean(default=True, help="Archived profiles are neither snapshotted nor checked.")
    is_default = fields.Boolean(
        string="Default Profile",
        tracking=True,
        help="Used by take() when neither a profile nor models are given. One profile at most.",
    )
    description = fields.Text(help="Why these models are watched.")
    model_ids = fields.One2many(
        "practice.watchdog.profile.model",
        "profile_id",
        string="Watched Models",
        help="Models and their metrics.",
    )
    watch_attachments = fields.Boolean(
        default=True,
        help="Record attachment count and total size, overall and per res_model/res_field, and check "
        "a sample of filestore files.",
    )
    files_sample = fields.Integer(
        string="Filestore Files Checked",
        default=DEFAULTS["files_sample"],
        help="How many stored attachment files (lowest, highest and seeded ids) are checked to exist.",
    )
    drop_pct = fields.Float(
        string="Drop %",
        default=DEFAULTS["drop_pct"],
        help="Attachment metrics are flagged when they fall by this percentage (0 = off).",
    )
    drop_abs = fields.Integer(
        string="Drop (units)",
        default=DEFAULTS["drop_abs"],
        help="Attachment counts are flagged when they fall by this many rows (0 = off).",
    )
    watcher_ids = fields.Many2many(
        "res.users",
        string="Watchers",
        domain=lambda self: [("groups_id", "in", self.env.ref("practice_base.group_practice_reader").id)],
        help="Users who get an activity when an alert of this profile is raised (Practice Readers at least).",
    )
    auto_snapshot = fields.Boolean(
        string="Scheduled Snapshots",
        default=True,
        help="The periodic cron snapshots this profile and alerts on flagged differences with its "
        "last snapshot.",
    )
    capture_schema = fields.Boolean(
        string="Record Schema",
        default=True,
        help="Each snapshot records the watched tables' columns (SQL type, NOT NULL), stored fields "
        "and installed modules; a diff flags dropped or retyped columns, new NOT NULL constraints, "
        "vanished tables and uninstalled modules.",
    )
    use_baseline = fields.Boolean(
        string="Learned Baselines",
        help="Judge the change of each count by the band learned from its own history at the same "
        "hour of the week (median ± k MADs of the last weeks' diffs, flagged ones left out) "
        "instead of the fixed thresholds; the fixed thresholds decide until there is enough "
        "history. Meant for scheduled snapshots (regular intervals).",
    )
    baseline_k = fields.Float(
        string="Baseline Width (k)", default=3.0, help="Half-width of the band in scaled MADs."
    )
    baseline_weeks = fields.Integer(default=6, help="Weeks of history the band is learned from.")
    snapshot_ids = fields.One2many(
        "practice.watchdog.snapshot", "profile_id", help="Snapshots taken with this profile."
    )
    snapshot_count = fields.Integer(compute="_compute_counts", help="Number of snapshots.")
    alert_ids = fields.One2many(
        "practice.watchdog.alert", "profile_id", help="Alerts raised for this profile."
    )
    open_alert_count = fields.Integer(compute="_compute_counts", help="New or acknowledged alerts.")

    _sql_constraints = [("name_unique", "unique(name)", "A watchdog profile with this name already exists.")]

    def _compute_counts(self):
        snaps = dict(
            self.env["practice.watchdog.snapshot"]._read_group(
                [("profile_id", "in", self.ids)], ["profile_id"], ["__count"]
            )
        )
        alerts = dict(
            self.env["practice.watchdog.alert"]._read_group(
                [("profile_id", "in", self.ids), ("state", "in", ("new", "acknowledged"))],
                ["profile_id"],
                ["__count"],
            )
        )
        for profile in self:
            profile.snapshot_count = snaps.get(profile, 0)
            profile.open_alert_count = alerts.get(profile, 0)

    @api.constrains("is_default", "active")
    def _check_single_default(self):
        if self.search_count([("is_default", "=", True)]) > 1:
            raise ValidationError(_("Only one watchdog profile can be the default profile."))

    @api.constrains("baseline_k", "baseline_weeks")
    def _check_baseline(self):
        for profile in self:
            if profile.baseline_k <= 0 or not 1 <= profile.baseline_weeks <= 52:
                raise ValidationError(
                    _(
                        "Profile %(name)s: the baseline width must be above 0 and its history 1 to 52 weeks.",
                        name=profile.name,
                    )
                )

    def _baseline_config(self):
        self.ensure_one()
        return baseline_tools.Baseline(k=self.baseline_k, weeks=self.baseline_weeks)

    @api.constrains("drop_pct", "drop_abs", "files_sample")
    def _check_bounds(self):
        for profile in self:
            if profile.drop_pct < 0 or profile.drop_abs < 0 or profile.files_sample < 0:
                raise ValidationError(
                    _("Profile %(name)s: thresholds and sample sizes cannot be negative.", name=profile.name)
                )

    @api.model
    def _setting(self, key):
        """A watchdog setting (ir.config_parameter) with its out-of-the-box default."""
        raw = self.env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key)
        default = DEFAULTS[key]
        try:
            return type(default)(float(raw)) if raw not in (None, False, "") else default
        except (TypeError, ValueError):
            return default

    @api.model
    def _default_threshold(self):
        return Threshold(pct=self._setting("drop_pct"), abs=self._setting("drop_abs"))

    @api.model
    def _default_profile(self):
        return self.search([("is_default", "=", True)], limit=1) or self.search([], limit=1)

    @api.model
    def _resolve(self, profile):
        """RPC ``profile`` argument (None, id or name) → one record, or raise."""
        if profile in (None, False, ""):
            found = self._default_profile()
            if not found:
                raise UserError(
                    _("No watchdog profile exists: create one under Practice > Watchdog > Profiles.")
                )
            return found
        if isinstance(profile, models.BaseModel):
            profile.ensure_one()
            return profile
        if isinstance(profile, int) and not isinstance(profile, bool):
            found = self.browse(profile).exists() if not inputs.id_problem(profile) else self.browse()
        elif isinstance(profile, str):
            found = self.browse()
            if not inputs.text_problem(profile, inputs.MAX_PROFILE_NAME):
                found = self.search([("name", "=ilike", escape_psql(profile.strip()))], limit=1)
        else:
            raise UserError(
                _("Profile must be a name or an id, got %(value)s.", value=inputs.excerpt(profile))
            )
        if not found:
            raise UserError(_("Unknown watchdog profile %(profile)s.", profile=inputs.excerpt(profile)))
        return found

    def _scope(self):
        """The measurement plan of this profile (see ``snapshot._take``), read-only. Cached
        per profile until a profile or a watched model changes or the registry reloads
        (adding or removing a field does): building it costs more than a small snapshot."""
        self.ensure_one()
        self.check_access("read")
        return self._cached_scope(self.id)

    @api.model
    @tools.ormcache("profile_id")
    def _cached_scope(self, profile_id):
        profile = self.sudo().browse(profile_id)
        return Scope(
            models=[pm._spec() for pm in profile.model_ids.filtered("active")],
            attachments=profile.watch_attachments,
            files_sample=profile.files_sample,
            attachment_threshold=Threshold(pct=profile.drop_pct, abs=profile.drop_abs),
        ).as_dict()

    def action_take_snapshot(self):
        self.ensure_one()
        result = self.env["practice.watchdog.snapshot"].take(
            inputs.bounded_label(_("Manual snapshot of %(profile)s", profile=self.name)), profile=self.id
        )
        return self.env["practice.watchdog.snapshot"].browse(result["id"]).get_formview_action()

    def action_view_snapshots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "practice_watchdog.practice_watchdog_snapshot_action"
        )
        action["domain"] = [("profile_id", "=", self.id)]
        return action

    def action_view_alerts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "practice_watchdog.practice_watchdog_alert_action"
        )
        action["domain"] = [("profile_id", "=", self.id)]
        return action

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _cached_scope
        if "active" in vals:
            self.env["practice.watchdog.profile.model"]._refresh_hooks()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _cached_scope
        self.env["practice.watchdog.profile.model"]._refresh_hooks()
        return res

    @api.model
    def _cron_snapshot_profiles(self):
        """Periodic cron: snapshot every scheduled profile and alert on a flagged diff with its
        previous snapshot. A profile that fails leaves no partial snapshot; the others go on."""
        Snapshot = self.env["practice.watchdog.snapshot"].sudo()
        profiles = self.sudo().search([("auto_snapshot", "=", True)])
        Alert = self.env["practice.watchdog.alert"]
        alerts = Alert.browse()
        for index, profile in enumerate(profiles):
            previous = Snapshot.search(
                [("profile_id", "=", profile.id)], order="taken_at desc, id desc", limit=1
            )
            try:
                with self.env.cr.savepoint():
                    current = Snapshot.browse(
                        Snapshot.take(
                            inputs.bounded_label(
                                _("Scheduled snapshot of %(profile)s", profile=profile.name)
                            ),
                            profile=profile.id,
                        )["id"]
                    )
                    if previous:
                        diff, _result = self.env["practice.watchdog.diff"].sudo()._build(previous, current)
                        if not diff.ok:
                            alerts |= Alert._raise_for_diff(profile, diff)
            except Exception:
                _logger.exception("Watchdog snapshot of profile %s failed", profile.name)
            self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(profiles) - index - 1)
        return alerts
