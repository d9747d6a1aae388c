# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import fleet

_logger = logging.getLogger(__name__)

ENVIRONMENTS = [("production", "Production"), ("staging", "Staging"), ("dev", "Development")]
STATES = [("ok", "OK"), ("alert", "Open alerts"), ("unreachable", "Unreachable"), ("silent", "Silent")]
BAD_STATES = ("unreachable", "silent")
PARAM_SILENT_HOURS = "practice_watchdog_fleet.silent_hours"
PARAM_TIMEOUT = "practice_watchdog_fleet.timeout"
PARAM_WORKERS = "practice_watchdog_fleet.workers"
DEFAULT_SILENT_HOURS = 3
# a target pulled this recently is not pulled again by another node's cron
MIN_PULL_SECONDS = 60
MIRROR_RETENTION_DAYS = 30


class PracticeWatchdogTarget(models.Model):
    """A watched database: another Odoo running practice_watchdog, pulled over XML-RPC."""

    _name = "practice.watchdog.target"
    _description = "Watched Database"
    _inherit = ["mail.thread", "practice.guarded.mixin"]
    _order = "state_rank desc, environment, name, id"
    _guarded_fields = (
        "state",
        "last_pull_at",
        "last_heartbeat",
        "open_high_count",
        "open_alert_count",
        "last_error",
        "remote_uid",
        "fleet_alert_id",
    )
    _guarded_actions = "Pull now and the fleet cron"

    name = fields.Char(required=True, tracking=True)
    url = fields.Char(
        string="URL",
        required=True,
        tracking=True,
        help="Base URL of the watched Odoo, e.g. https://erp.example.com",
    )
    db = fields.Char(string="Database", required=True, tracking=True)
    login = fields.Char(required=True, tracking=True, help="User the pull logs in as (an API-key user).")
    api_key = fields.Char(
        string="API Key",
        groups="base.group_system",
        copy=False,
        help="API key (or password) of the login on the watched database. Administrators only.",
    )
    environment = fields.Selection(ENVIRONMENTS, required=True, default="production", tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(STATES, readonly=True, copy=False, tracking=True, help="As of the last pull.")
    state_rank = fields.Integer(compute="_compute_state_rank", store=True)
    last_pull_at = fields.Datetime(readonly=True, copy=False)
    last_heartbeat = fields.Datetime(
        readonly=True, copy=False, help="Time of the target's newest watchdog snapshot."
    )
    open_high_count = fields.Integer(string="Open High", readonly=True, copy=False)
    open_alert_count = fields.Integer(string="Open Alerts", readonly=True, copy=False)
    last_error = fields.Char(readonly=True, copy=False, help="Why the last pull failed (no credentials).")
    remote_uid = fields.Integer(readonly=True, copy=False, help="User id on the target (cached login).")
    fleet_alert_id = fields.Many2one(
        "practice.watchdog.alert",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Local alert raised when the target became unreachable or silent.",
    )
    alert_ids = fields.One2many("practice.watchdog.target.alert", "target_id", string="Alerts", readonly=True)

    _sql_constraints = [
        ("url_db_unique", "unique(url, db)", "This database is watched already."),
    ]

    @api.depends("state")
    def _compute_state_rank(self):
        ranks = {"unreachable": 4, "silent": 3, "alert": 2, "ok": 1}
        for target in self:
            target.state_rank = ranks.get(target.state, 0)

    @api.constrains("url")
    def _check_url(self):
        for target in self:
            try:
                fleet.check_url(target.url)
            except ValueError:
                raise ValidationError(
                    _(
                        "The URL of %(name)s must be http(s)://host[:port][/path], without credentials.",
                        name=target.name,
                    )
                ) from None

    @api.model
    def _guard_size_limits(self):
        return dict(super()._guard_size_limits(), last_error=fleet.MAX_ERROR + 10)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.user._practice_require("manager", _("add watched databases"))
        for vals in vals_list:
            if vals.get("url"):
                vals["url"] = vals["url"].strip().rstrip("/")
        return super().create(vals_list)

    def write(self, vals):
        if not self._guard_granted():
            self.env.user._practice_require("manager", _("change watched databases"))
        if vals.get("url"):
            vals["url"] = vals["url"].strip().rstrip("/")
        result = super().write(vals)
        if {"url", "db", "login", "api_key"} & set(vals) and "remote_uid" not in vals:
            # other credentials: the cached user id on the target is stale
            self._guarded().write({"remote_uid": 0})
        return result

    # ---- pulling ----------------------------------------------------------------------

    def action_pull_now(self):
        """Pull these targets now (Managers): skipped while another pull holds them."""
        self.env.user._practice_require("manager", _("pull watched databases"))
        locked = self._lock_for_pull()
        if not locked:
            raise UserError(_("These watched databases are being pulled right now: try again in a moment."))
        locked._pull()
        return True

    def _lock_for_pull(self, min_age=None):
        """The active targets among these that no other transaction is pulling, row-locked
        until this transaction ends (SKIP LOCKED: two crons never pull one target twice);
        with ``min_age`` (seconds), only those not pulled for that long."""
        if not self.ids:
            return self.browse()
        self.env.flush_all()
        query = SQL(
            "SELECT id FROM %s WHERE id IN %s AND active",
            SQL.identifier(self._table),
            tuple(self.ids),
        )
        if min_age:
            query = SQL(
                "%s AND (last_pull_at IS NULL OR last_pull_at < (now() AT TIME ZONE 'UTC') - %s * interval '1 second')",
                query,
                min_age,
            )
        self.env.cr.execute(SQL("%s ORDER BY id FOR UPDATE SKIP LOCKED", query))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_pull(self):
        """Cron: pull every active target not being pulled by another node."""
        targets = self.sudo().search([("active", "=", True)])._lock_for_pull(min_age=MIN_PULL_SECONDS)
        targets._pull()
        # the mirror keeps what was resolved for a while, not forever
        cutoff = fields.Datetime.now() - timedelta(days=MIRROR_RETENTION_DAYS)
        self.env["practice.watchdog.target.alert"].sudo().search(
            [("state", "=", "resolved"), ("write_date", "<", cutoff)]
        ).unlink()
        return targets

    def _pull_settings(self):
        params = self.env["ir.config_parameter"].sudo()

        def number(key, default, low, high):
            try:
                value = float(params.get_param(key, default))
            except (TypeError, ValueError):
                return default
            return min(max(value, low), high)

        return (
            number(PARAM_SILENT_HOURS, DEFAULT_SILENT_HOURS, 0.1, 24 * 365),
            number(PARAM_TIMEOUT, fleet.DEFAULT_TIMEOUT, 1, 120),
            int(number(PARAM_WORKERS, 4, 1, 16)),
        )

    def _pull(self, proxy=None):
        """Pull these (locked) targets and store what they answered."""
        silent_hours, timeout, workers = self._pull_settings()
        targets = self.sudo()
        specs = [
            fleet.Target(t.id, t.url, t.db, t.login, t.api_key or "", t.remote_uid or 0) for t in targets
        ]
        kwargs = {"proxy": proxy} if proxy else {}
        answers = fleet.pull_many(specs, timeout=timeout, workers=workers, **kwargs)
        now = fields.Datetime.now()
        for target in targets:
            target._apply_pull(answers[target.id], now, silent_hours)

    def _apply_pull(self, pulled, now, silent_hours):
        self.ensure_one()
        target = self.sudo()
        state = fleet.classify(pulled, now, silent_hours)
        vals = {"state": state, "last_pull_at": now, "remote_uid": pulled.uid or 0}
        if pulled.ok:
            target._mirror(pulled.alerts, now)
            high, total = fleet.counts(pulled.alerts)
            vals.update(
                last_heartbeat=pulled.heartbeat or False,
                open_high_count=high,
                open_alert_count=total,
                last_error=False,
            )
        else:
            vals["last_error"] = fleet.scrub(pulled.error, [target.api_key or ""])
            _logger.info(
                "Watched database %s (id %s) unreachable: %s", target.name, target.id, vals["last_error"]
            )
        previous = target.state
        target._guarded().write(vals)
        target._follow_fleet_alert(previous, state, silent_hours)

    def _mirror(self, alerts, now):
        """Upsert the mirror of this target by (target, remote id); close the ones the
        target no longer lists as open."""
        self.ensure_one()
        Mirror = self.env["practice.watchdog.target.alert"].sudo()
        rows = Mirror.search([("target_id", "=", self.id)])
        by_remote = {row.remote_id: row for row in rows}
        existing = {
            row.remote_id: {
                "name": row.name,
                "kind": row.kind or "",
                "severity": row.severity,
                "state": row.state,
                "remote_create_date": row.remote_create_date or None,
                "summary": row.summary or "",
            }
            for row in rows
        }
        create, update, close = fleet.upsert_plan(existing, alerts)
        if create:
            Mirror.create([dict(values, target_id=self.id, last_seen_at=now) for values in create])
        for remote_id, changed in update.items():
            by_remote[remote_id].write(dict(changed, last_seen_at=now))
        seen = {a["remote_id"] for a in alerts} - set(update) - {a["remote_id"] for a in create}
        if seen:
            Mirror.browse([by_remote[rid].id for rid in seen if rid in by_remote]).write(
                {"last_seen_at": now}
            )
        if close:
            Mirror.browse([by_remote[rid].id for rid in close]).write({"state": "resolved"})

    def _follow_fleet_alert(self, previous, state, silent_hours):
        """One local alert while the target is unreachable or silent, resolved when it is back."""
        self.ensure_one()
        target = self.sudo()
        alert = target.fleet_alert_id
        if state in BAD_STATES:
            if alert and alert.state != "resolved":
                return
            if alert and previous in BAD_STATES:
                return  # resolved by hand while still down: not raised again until it is back
            new_alert = (
                self.env["practice.watchdog.alert"]
                .sudo()
                ._raise(target._fleet_alert_values(state, silent_hours), target._fleet_watchers())
            )
            target._guarded().write({"fleet_alert_id": new_alert.id})
        elif alert:
            if alert.state != "resolved":
                alert.sudo()._resolve(
                    note=_("The watched database answers again (state %(state)s).", state=state)
                )
            target._guarded().write({"fleet_alert_id": False})

    def _fleet_alert_values(self, state, silent_hours):
        if state == "unreachable":
            name = _(
                "Watched database %(name)s (%(env)s) unreachable: %(error)s",
                name=self.name,
                env=self.environment,
                error=self.last_error or _("no answer"),
            )
        else:
            name = _(
                "Watched database %(name)s (%(env)s) silent: no snapshot for %(hours)s h (last %(last)s)",
                name=self.name,
                env=self.environment,
                hours=silent_hours,
                last=self.last_heartbeat or _("never"),
            )
        return {
            "name": fleet.scrub(name, [self.api_key or ""], limit=fleet.MAX_NAME),
            "kind": "fleet",
            "severity": "high" if state == "unreachable" else "low",
            "fleet_target_id": self.id,
        }

    def _fleet_watchers(self):
        group = self.env.ref("practice_base.group_practice_manager")
        return group.sudo().users.filtered(lambda u: u.active and not u.share and not u._is_superuser())

    # ---- deploy gate hook ------------------------------------------------------------

    @api.model
    def _open_high_alerts(self, environment):
        """Open high alerts of the active watched databases of ``environment``: the mirrored
        ones and the local alerts of unreachable targets (the deploy gate's "no open high
        alert on the target environment"). Answers ``practice.watchdog.target.alert`` and
        ``practice.watchdog.alert`` records (superuser), as a pair."""
        targets = self.sudo().search([("environment", "=", environment)])
        mirrored = (
            self.env["practice.watchdog.target.alert"]
            .sudo()
            .search(
                [
                    ("target_id", "in", targets.ids),
                    ("severity", "=", "high"),
                    ("state", "in", list(fleet.OPEN_STATES)),
                ]
            )
        )
        local = targets.fleet_alert_id.filtered(lambda a: a.state != "resolved" and a.severity == "high")
        return mirrored, local

    def action_view_alerts(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "practice_watchdog_fleet.practice_watchdog_target_alert_action"
        )
        action["domain"] = [("target_id", "=", self.id)]
        return action
