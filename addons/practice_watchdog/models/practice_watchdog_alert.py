# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import alert_query, inputs
from ..tools import burst as burst_tools

STATES = [("new", "New"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]
COUNTER_RETENTION_DAYS = 7
# What a user may write on an alert (the rule of Engineers: unresolved ones only); every
# other field of the alert (state, severity, owner, audit and result fields) changes only
# through acknowledge/resolve/reopen and the crons, which write as superuser.
USER_WRITABLE = frozenset({"resolution"})


class PracticeWatchdogAlert(models.Model):
    _name = "practice.watchdog.alert"
    _description = "Watchdog Alert"
    # A burst alert names its model and counts: readable only by who may read that model
    # (practice.watchdog.access.mixin on model_name; diff alerts have none).
    _inherit = ["mail.thread", "mail.activity.mixin", "practice.watchdog.access.mixin"]
    _watchdog_model_field = "model_name"
    _order = "severity_rank desc, create_date desc, id desc"

    name = fields.Char(required=True, readonly=True, tracking=True, help="What happened, in one line.")
    kind = fields.Selection(
        [("burst", "Burst of deletions"), ("diff", "Snapshot diff"), ("freshness", "Stalled model")],
        required=True,
        readonly=True,
        help="Raised by the burst cron or by a flagged snapshot diff.",
    )
    state = fields.Selection(
        STATES, default="new", required=True, tracking=True, readonly=True, help="Lifecycle."
    )
    severity = fields.Selection(
        [("low", "Low"), ("high", "High")],
        default="high",
        required=True,
        readonly=True,
        tracking=True,
        help="High when data was lost; low when only versions, modules or hashes changed.",
    )
    severity_rank = fields.Integer(
        compute="_compute_severity_rank", store=True, help="Sort key (high first)."
    )
    profile_id = fields.Many2one(
        "practice.watchdog.profile",
        readonly=True,
        index=True,
        ondelete="set null",
        help="Profile that raised it.",
    )
    model_name = fields.Char(string="Model", readonly=True, index=True, help="Model of a burst.")
    deletes = fields.Integer(
        readonly=True,
        help="Records deleted from the burst's first minute to its last (an incident may outlast one window).",
    )
    creates = fields.Integer(readonly=True, help="Records created over the same minutes as the deletes.")
    threshold = fields.Integer(readonly=True, help="Burst threshold that was reached.")
    window_start = fields.Datetime(readonly=True, help="First minute of the burst window (UTC).")
    window_end = fields.Datetime(readonly=True, help="Last minute of the burst window (UTC).")
    before_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot", readonly=True, ondelete="set null", help="Earlier snapshot of the diff."
    )
    after_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot", readonly=True, ondelete="set null", help="Later snapshot of the diff."
    )
    diff_id = fields.Many2one("practice.watchdog.diff", readonly=True, ondelete="set null", help="The diff.")
    summary = fields.Text(
        compute="_compute_summary",
        help="Numbers behind the alert (a diff's lines of models you may not read are counted, not named).",
    )
    acknowledged_by_id = fields.Many2one("res.users", readonly=True, help="Who acknowledged it.")
    acknowledged_at = fields.Datetime(readonly=True, help="When it was acknowledged.")
    resolved_by_id = fields.Many2one("res.users", readonly=True, help="Who resolved it.")
    resolved_at = fields.Datetime(readonly=True, help="When it was resolved.")
    resolution = fields.Text(tracking=True, help="What was done (root cause, fix).")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Watchdog alerts are raised by the watchdog only (crons, flagged diffs)."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            own = set(vals) & set(self._fields) - USER_WRITABLE
            # mail.thread / mail.activity.mixin bookkeeping (followers, activities, messages)
            own -= set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)
            if own:
                raise AccessError(
                    _(
                        "Alert fields %(fields)s change only through Acknowledge, Resolve and "
                        "Reopen: write the resolution only.",
                        fields=", ".join(sorted(own)),
                    )
                )
        return super().write(vals)

    @api.constrains("resolution")
    def _check_resolution_size(self):
        for alert in self:
            if alert.resolution and len(alert.resolution) > inputs.MAX_RESOLUTION:
                raise ValidationError(
                    _(
                        "The resolution of alert %(name)s is too long: %(length)s characters, at most "
                        "%(limit)s.",
                        name=alert.name,
                        length=len(alert.resolution),
                        limit=inputs.MAX_RESOLUTION,
                    )
                )

    @api.depends_context("uid", "lang")
    @api.depends(
        "kind", "diff_id", "model_name", "deletes", "creates", "threshold", "window_start", "window_end"
    )
    def _compute_summary(self):
        """Built when read, for the reader (:meth:`_summary_text`, per kind)."""
        for alert in self:
            alert.summary = alert._summary_text() or False

    def _summary_text(self):
        """This alert's summary by its kind: a diff alert tells its diff's summary as the reader
        may see it (the diff is read in the reader's environment), a freshness alert the stall, a
        burst alert its numbers. Addons adding a kind extend this (and ``_compute_summary``'s
        dependencies with their fields)."""
        self.ensure_one()
        if self.kind == "diff":
            return self.diff_id.summary
        if self.kind == "freshness":
            return self._freshness_summary()
        if self.window_start and self.window_end:
            return self._burst_summary(
                self.model_name,
                self.deletes,
                self.creates,
                self.window_start,
                self.window_end,
                self.threshold,
            )
        return False

    def _freshness_summary(self):
        """A stalled model's alert in words (practice.watchdog.profile.model's freshness cron)."""
        self.ensure_one()
        if self.window_start:
            return _(
                "No create or write on %(model)s since %(last)s UTC (expected at least one every "
                "%(hours)s h; found stalled at %(checked)s UTC).",
                model=self.model_name,
                last=self.window_start,
                hours=self.threshold,
                checked=self.window_end,
            )
        return _(
            "%(model)s has never had a create or write (expected at least one every "
            "%(hours)s h; found stalled at %(checked)s UTC).",
            model=self.model_name,
            hours=self.threshold,
            checked=self.window_end,
        )

    def _resolve_freshness(self, last):
        """Resolve open freshness alerts: activity came back (done by the watchdog: no
        ``resolved_by``, so a later stall raises a new alert)."""
        if not self:
            return
        self.sudo().write(
            {
                "state": "resolved",
                "resolved_at": fields.Datetime.now(),
                "resolution": _("Activity resumed: last create or write at %s UTC.", last)
                if last
                else _("Activity resumed."),
            }
        )
        self.sudo().activity_ids.action_feedback(feedback=_("Activity resumed"))

    @api.depends("severity")
    def _compute_severity_rank(self):
        for alert in self:
            alert.severity_rank = 2 if alert.severity == "high" else 1

    # ---- lifecycle ------------------------------------------------------------------

    def action_acknowledge(self):
        self.env.user._practice_require("engineer", _("acknowledge watchdog alerts"))
        return self._acknowledge()

    def _acknowledge(self, note=None):
        """Acknowledge new alerts as the current user (its rights checked by the caller);
        ``note`` goes to each alert's chatter in the user's name."""
        for alert in self:
            if alert.state != "new":
                raise UserError(
                    _(
                        "Alert %(name)s is %(state)s: only new alerts can be acknowledged.",
                        name=alert.name,
                        state=alert.state,
                    )
                )
        self.sudo().write(
            {
                "state": "acknowledged",
                "acknowledged_by_id": self.env.user.id,
                "acknowledged_at": fields.Datetime.now(),
            }
        )
        self.activity_ids.sudo().filtered(lambda a: a.user_id == self.env.user).action_feedback(
            feedback=_("Acknowledged")
        )
        if note:
            for alert in self.sudo():
                alert.message_post(
                    body=_("Acknowledged: %(note)s", note=note), author_id=self.env.user.partner_id.id
                )
        return True

    def action_resolve(self):
        self.env.user._practice_require("manager", _("resolve watchdog alerts"))
        return self._resolve()

    def _resolve(self, note=None):
        """Resolve alerts as the current user (its rights checked by the caller); ``note`` is
        added to each alert's resolution (bounded by the resolution's size check)."""
        for alert in self:
            if alert.state == "resolved":
                raise UserError(_("Alert %(name)s is already resolved.", name=alert.name))
        vals = {"state": "resolved", "resolved_by_id": self.env.user.id, "resolved_at": fields.Datetime.now()}
        for alert in self.sudo():
            if note:
                vals["resolution"] = alert_query.joined_note(alert.resolution, note)
            alert.write(vals)
        self.sudo().activity_ids.action_feedback(feedback=_("Resolved"))
        return True

    def action_reopen(self):
        self.env.user._practice_require("manager", _("reopen watchdog alerts"))
        for alert in self:
            if alert.state != "resolved":
                raise UserError(_("Alert %(name)s is not resolved.", name=alert.name))
        self.sudo().write(
            {
                "state": "new",
                "acknowledged_by_id": False,
                "acknowledged_at": False,
                "resolved_by_id": False,
                "resolved_at": False,
            }
        )
        return True

    def action_open_diff(self):
        self.ensure_one()
        if not self.diff_id:
            raise UserError(
                _("Alert %(name)s has no diff (it was raised by the burst cron).", name=self.name)
            )
        return self.diff_id.get_formview_action()

    # ---- RPC for agents (practice alert list|ack|resolve, MCP alert_*) -------------------

    @api.model
    def list_alerts(self, state=None, severity=None, limit=50):
        """RPC: the alerts the caller may read, most severe and newest first, as small dicts
        (:meth:`_alert_info`). ``state``: ``open`` (default: new and acknowledged), ``new``,
        ``acknowledged``, ``resolved`` or ``all``; ``severity``: ``high``/``low``; ``limit``
        at most 500. Burst alerts of models the caller may not read are left out."""
        self.check_access("read")
        try:
            states = alert_query.states(state)
            wanted = alert_query.severity(severity)
            limit = alert_query.limit(limit)
        except ValueError as err:
            raise UserError(self._list_problem(str(err), state, severity, limit)) from None
        domain = []
        if states is not None:
            domain.append(("state", "in", states))
        if wanted:
            domain.append(("severity", "=", wanted))
        return [alert._alert_info() for alert in self.search(domain, limit=limit)]

    @api.model
    def acknowledge(self, alert_id, note=None):
        """RPC: acknowledge a new alert ("someone is on it"), with an optional ``note`` posted
        on it. Engineers and Managers, and AI sessions (an agent triaging the alert says so);
        the alert must be one the caller may read. Answers the alert (:meth:`_alert_info`)."""
        user = self.env.user
        if not (user._practice_has("engineer") or user._practice_has("ai_session")):
            user._practice_require("engineer", _("acknowledge watchdog alerts"))
        alert = self._browse_alert(alert_id)
        alert._acknowledge(note=self._note_input(note, required=False))
        return alert._alert_info()

    @api.model
    def resolve(self, alert_id, note=None):
        """RPC: resolve an alert (new or acknowledged) with a ``note`` saying what was done,
        added to its resolution (required unless it has one already). Managers only: closing
        an incident about lost data is a human decision. Answers the alert."""
        self.env.user._practice_require("manager", _("resolve watchdog alerts"))
        alert = self._browse_alert(alert_id)
        note = self._note_input(note, required=not alert.resolution)
        alert._resolve(note=note)
        return alert._alert_info()

    @api.model
    def _browse_alert(self, alert_id):
        problem = inputs.id_problem(alert_id)
        if problem == "type":
            raise UserError(_("Alert ids are integers, got %(value)s.", value=inputs.excerpt(alert_id)))
        alert = self.browse(alert_id).exists() if not problem else self.browse()
        if not alert:
            raise UserError(_("Watchdog alert %(id)s does not exist.", id=alert_id))
        alert.check_access("read")
        return alert

    @api.model
    def _note_input(self, note, required):
        if note is None or note is False:
            if not required:
                return None
            note = ""
        problem = inputs.text_problem(note, inputs.MAX_RESOLUTION, required=required)
        if problem == "type":
            raise UserError(_("The note must be a text, got %(value)s.", value=inputs.excerpt(note)))
        if problem == "empty":
            raise UserError(_("Say what was done: resolving an alert needs a note."))
        if problem == "long":
            raise UserError(
                _(
                    "The note is too long: %(length)s characters, at most %(limit)s.",
                    length=len(note),
                    limit=inputs.MAX_RESOLUTION,
                )
            )
        if problem == "nul":
            raise UserError(_("The note cannot contain NUL characters."))
        return note.strip() or None

    @api.model
    def _list_problem(self, problem, state, severity, limit):
        if problem == "state":
            return _(
                "Unknown alert state filter %(value)s: use one of %(choices)s.",
                value=inputs.excerpt(state),
                choices=", ".join(alert_query.STATE_FILTERS),
            )
        if problem == "severity":
            return _(
                "Unknown alert severity %(value)s: use one of %(choices)s.",
                value=inputs.excerpt(severity),
                choices=", ".join(alert_query.SEVERITIES),
            )
        return _(
            "The limit must be an integer from 1 to %(max)s, got %(value)s.",
            max=alert_query.MAX_LIMIT,
            value=inputs.excerpt(limit),
        )

    def _alert_info(self):
        """What an agent needs of one alert, read as the caller."""
        self.ensure_one()

        def when(value):
            return fields.Datetime.to_string(value) if value else False

        sessions = sorted(
            {s for s in (self.before_snapshot_id | self.after_snapshot_id).mapped("session_id") if s}
        )
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity,
            "state": self.state,
            "model": self.model_name or False,
            "summary": self.summary or "",
            "create_date": when(self.create_date),
            "profile": self.profile_id.name or False,
            "deletes": self.deletes if self.kind == "burst" else False,
            "threshold": self.threshold if self.kind == "burst" else False,
            "window_start": when(self.window_start),
            "window_end": when(self.window_end),
            "diff_id": self.diff_id.id or False,
            "before_snapshot_id": self.before_snapshot_id.id or False,
            "after_snapshot_id": self.after_snapshot_id.id or False,
            "session_ids": sessions,
            "acknowledged_by": self.acknowledged_by_id.login or False,
            "acknowledged_at": when(self.acknowledged_at),
            "resolved_by": self.resolved_by_id.login or False,
            "resolved_at": when(self.resolved_at),
            "resolution": self.resolution or "",
        }

    # ---- raising --------------------------------------------------------------------

    @api.model
    def _raise(self, vals, watchers):
        """Create an alert and a to-do activity for each watcher."""
        alert = self.sudo().create(vals)
        for user in watchers:
            # the note tells what this watcher may read (a diff's lines of other models are counted)
            try:
                note = alert.with_user(user).summary or ""
            except AccessError:
                note = ""
            alert.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=_("Watchdog: %(name)s", name=alert.name)[:200],
                note=note,
            )
        return alert

    @api.model
    def _raise_for_diff(self, profile, diff):
        return self._raise(
            {
                "name": _(
                    "%(profile)s: %(count)s metric(s) crossed their threshold",
                    profile=profile.name,
                    count=diff.flagged_count,
                ),
                "kind": "diff",
                "severity": "high" if diff.severity == "high" else "low",
                "profile_id": profile.id,
                "before_snapshot_id": diff.before_snapshot_id.id,
                "after_snapshot_id": diff.after_snapshot_id.id,
                "diff_id": diff.id,
            },
            profile.watcher_ids,
        )

    # ---- crons ----------------------------------------------------------------------

    @api.model
    def _cron_check_bursts(self, now=None):
        """Frequent cron: alert when a watched model loses too many records within its window."""
        now = now or fields.Datetime.now()
        Line = self.env["practice.watchdog.profile.model"].sudo()
        lines = Line.search(
            [("profile_id.active", "=", True), ("counting", "!=", "off"), ("burst_deletes", ">", 0)]
        )
        Counter = self.env["practice.watchdog.counter"].sudo()
        raised = self.browse()
        if lines:
            longest = max(lines.mapped("burst_window"))
            rows = Counter._rows_since(burst_tools.window_bounds(now, longest)[0])
            for index, line in enumerate(lines):
                rule = burst_tools.BurstRule(line.burst_deletes, line.burst_window)
                for found in burst_tools.detect(rows, {line.model_name: rule}, now):
                    raised |= self._raise_burst(line.profile_id, found)
                self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(lines) - index - 1)
        Counter._gc(now - timedelta(days=COUNTER_RETENTION_DAYS))
        return raised

    @api.model
    def _raise_burst(self, profile, found):
        """Alert a burst ``found`` by the cron, once.

        A new alert of the same profile and model whose window reaches the burst's is the same
        incident still going on: its numbers grow, no alert is added. An acknowledged or
        resolved alert is done with: the deletes it counted never raise an alert again; deletes
        after it (or committed late into its minutes) raise a new alert when they reach the
        threshold on their own, counted from the first of them."""
        Alert = self.sudo()
        Counter = self.env["practice.watchdog.counter"].sudo()
        same = [("kind", "=", "burst"), ("profile_id", "=", profile.id), ("model_name", "=", found.model)]
        current = Alert.search(
            same + [("state", "=", "new"), ("window_end", ">=", found.window_start)],
            order="window_end desc, id desc",
            limit=1,
        )
        since = min(found.window_start, current.window_start) if current else found.window_start
        handled = Alert.search(
            same + [("state", "in", ("acknowledged", "resolved")), ("window_end", ">=", since)]
        )
        rows = None
        if handled:
            since = min([since] + handled.mapped("window_start"))
            rows = burst_tools.uncovered(
                Counter._rows_since(since),
                found.model,
                [(alert.window_start, alert.window_end, alert.deletes) for alert in handled],
            )
        if current:
            # The same burst, still going on: the whole incident from the alert's first minute
            # (it may outlast one window), no new activity.
            if found.window_end > current.window_end or found.deletes > current.deletes:
                if rows is None:
                    rows = Counter._rows_since(current.window_start)
                creates, deletes = burst_tools.totals_between(
                    rows, found.model, current.window_start, found.window_end
                )
                # with handled alerts in the window, found counts their deletes too
                floor = current.deletes if handled else max(found.deletes, current.deletes)
                numbers = self._burst_numbers(
                    found.model,
                    max(deletes, floor),
                    max(creates, found.creates),
                    current.window_start,
                    max(found.window_end, current.window_end),
                    found.threshold,
                )
                if any(current[name] != value for name, value in numbers.items()):
                    current.write(numbers)
            return self.browse()
        start, end = found.window_start, found.window_end
        deletes, creates = found.deletes, found.creates
        if handled:
            minutes = int((end - start).total_seconds() // 60) + 1
            rule = burst_tools.BurstRule(found.threshold, minutes)
            if not burst_tools.detect(rows, {found.model: rule}, end):
                return self.browse()  # the deletes of acknowledged or resolved alerts
            start = burst_tools.first_delete_minute(rows, found.model, start, end)
            creates, deletes = burst_tools.totals_between(rows, found.model, start, end)
        numbers = self._burst_numbers(found.model, deletes, creates, start, end, found.threshold)
        return self._raise(
            dict(numbers, kind="burst", severity="high", profile_id=profile.id, model_name=found.model),
            profile.watcher_ids,
        )

    @api.model
    def _burst_numbers(self, model, deletes, creates, start, end, threshold):
        """The fields of a burst alert that tell its numbers: name, counts, window (the
        summary is built from them when read)."""
        return {
            "name": _(
                "%(deletes)s %(model)s deleted in %(minutes)s min",
                deletes=deletes,
                model=model,
                minutes=int((end - start).total_seconds() // 60) + 1,
            ),
            "deletes": deletes,
            "creates": creates,
            "threshold": threshold,
            "window_start": start,
            "window_end": end,
        }

    @api.model
    def _burst_summary(self, model, deletes, creates, start, end, threshold):
        return _(
            "%(deletes)s %(model)s records deleted between %(start)s and %(end)s UTC "
            "(threshold %(threshold)s); "
            "%(creates)s created.",
            deletes=deletes,
            model=model,
            start=start,
            end=end,
            threshold=threshold,
            creates=creates,
        )
