# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A watched model of a profile, and the ORM hooks that count its creates and deletes.

The hooks follow the pattern of base_automation and OCA auditlog: ``_register_hook``
patches ``create``/``unlink`` of the registry classes of watched models (counting mode
"ORM hooks"), ``_unregister_hook`` puts back exactly what was there before, and a change
of what is watched re-patches this worker and sets ``registry_invalidated`` so every other
worker reloads its registry (and so re-patches) on its next request.
"""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import counting
from ..tools import freshness as freshness_tools
from ..tools.diff import Threshold
from ..tools.scope import column_error, model_spec, model_table_error
from .practice_watchdog_profile import DEFAULTS

_logger = logging.getLogger(__name__)

PATCH_MARK = "_practice_watchdog_hook"
COUNTING_RANK = {"off": 0, "orm": 1, "trigger": 2}


def _make_create():
    @api.model_create_multi
    def create(self, vals_list, **kwargs):
        records = create.origin(self, vals_list, **kwargs)
        if records:
            self.env["practice.watchdog.counter"]._tally(self._name, creates=len(records))
        return records

    return create


def _make_unlink():
    def unlink(self, **kwargs):
        count = len(set(self._ids))
        result = unlink.origin(self, **kwargs)
        if count:
            self.env["practice.watchdog.counter"]._tally(self._name, deletes=count)
        return result

    return unlink


class PracticeWatchdogProfileModel(models.Model):
    _name = "practice.watchdog.profile.model"
    _description = "Watchdog Profile Model"
    _order = "profile_id, sequence, id"
    _rec_name = "model_name"

    profile_id = fields.Many2one(
        "practice.watchdog.profile",
        required=True,
        index=True,
        ondelete="cascade",
        help="Profile it belongs to.",
    )
    sequence = fields.Integer(default=10, help="Order of measurement.")
    active = fields.Boolean(default=True, help="Inactive lines are neither measured nor counted.")
    model_id = fields.Many2one(
        "ir.model",
        required=True,
        ondelete="cascade",
        domain=[("transient", "=", False)],
        help="Model whose table is watched.",
    )
    model_name = fields.Char(
        string="Model Name", related="model_id.model", store=True, index=True, help="Technical model name."
    )
    hash_field_ids = fields.Many2many(
        "ir.model.fields",
        "practice_watchdog_profile_model_hash_field_rel",
        "profile_model_id",
        "field_id",
        string="Hashed Columns",
        domain="[('model_id', '=', model_id), ('store', '=', True)]",
        help="Columns hashed over the sampled rows. Empty: the stored scalar columns (secrets excluded).",
    )
    computed_field_ids = fields.Many2many(
        "ir.model.fields",
        "practice_watchdog_profile_model_computed_field_rel",
        "profile_model_id",
        "field_id",
        string="Computed Fields",
        domain="[('model_id', '=', model_id), ('store', '=', True), ('compute', '!=', False)]",
        help="Stored computed fields whose null count and checksum are recorded.",
    )
    counting = fields.Selection(
        [("off", "Off"), ("orm", "ORM hooks"), ("trigger", "Database trigger (real time)")],
        default="orm",
        required=True,
        help="How creates and deletes are counted per minute for burst detection. ORM hooks do not see "
        "raw SQL; database triggers (statement-level, transition tables) do.",
    )
    burst_deletes = fields.Integer(
        default=lambda self: self.env["practice.watchdog.profile"]._setting("burst_deletes"),
        help="Alert when at least this many records are deleted within the burst window (0 = off).",
    )
    burst_window = fields.Integer(
        string="Burst Window (min)",
        default=lambda self: self.env["practice.watchdog.profile"]._setting("burst_window"),
        help="Length of the burst window in minutes.",
    )
    drop_pct = fields.Float(
        string="Drop %",
        default=lambda self: self.env["practice.watchdog.profile"]._setting("drop_pct"),
        help="Counts are flagged when they fall by this percentage; nulls when they grow by this "
        "percentage of the rows (0 = off).",
    )
    drop_abs = fields.Integer(
        string="Drop (rows)",
        default=lambda self: self.env["practice.watchdog.profile"]._setting("drop_abs"),
        help="Counts are flagged when they fall by this many rows; nulls when they grow by this "
        "many (0 = off).",
    )
    rise_pct = fields.Float(
        string="Rise %", help="Counts are flagged when they grow by this percentage (0 = off)."
    )
    rise_abs = fields.Integer(
        string="Rise (rows)", help="Counts are flagged when they grow by this many rows (0 = off)."
    )
    flag_hash_change = fields.Boolean(
        help="Flag a changed hash of the sampled rows or a changed checksum of computed fields "
        "(otherwise they are reported only)."
    )
    sample_edge = fields.Integer(
        default=DEFAULTS["sample_edge"], help="Lowest and highest ids always in the sample (each side)."
    )
    sample_modulus = fields.Integer(
        default=DEFAULTS["sample_modulus"],
        help="About one row in this many (seeded by id) joins the sample; 1 = every row.",
    )
    sample_max = fields.Integer(
        string="Sample Cap",
        default=DEFAULTS["sample_max"],
        help="At most this many seeded rows: on bigger tables the step between sampled ids doubles "
        "until the sample fits (0 = no cap).",
    )

    freshness_hours = fields.Integer(
        string="Fresh Within (h)",
        help="Expect at least one create or write on this model every this many hours; when none "
        "comes, the freshness check raises one alert with the last activity time (0 = no "
        "expectation). Read from an index on write_date (created if missing) and the counters.",
    )

    _sql_constraints = [
        ("profile_model_unique", "unique(profile_id, model_id)", "A profile watches a model once."),
    ]

    @api.constrains("model_id", "hash_field_ids", "computed_field_ids")
    def _check_model_and_fields(self):
        for line in self.sudo():
            error = model_table_error(self.env, line.model_id.model)
            if error:
                raise ValidationError(error)
            model = self.env[line.model_id.model]
            if not self.env.su:
                try:
                    self.env[line.model_id.model].check_access("read")
                except AccessError as err:
                    raise AccessError(
                        _(
                            "You cannot read %(model)s, so you cannot watch it.",
                            model=line.model_id.model,
                        )
                    ) from err
            for field in line.hash_field_ids | line.computed_field_ids:
                if field.model != line.model_id.model:
                    raise ValidationError(
                        _(
                            "Field %(field)s belongs to %(other)s, not to the watched model %(model)s.",
                            field=field.name,
                            other=field.model,
                            model=line.model_id.model,
                        )
                    )
                ofield = model._fields.get(field.name)
                if not ofield or not ofield.store or not ofield.column_type:
                    raise ValidationError(
                        _(
                            "Field %(field)s of %(model)s is not stored in a column: it cannot be hashed.",
                            field=field.name,
                            model=line.model_id.model,
                        )
                    )
                error = column_error(model, field.name)
                if error:
                    raise ValidationError(error)
            for field in line.computed_field_ids:
                if not model._fields[field.name].compute:
                    raise ValidationError(
                        _(
                            "Field %(field)s of %(model)s is not computed.",
                            field=field.name,
                            model=line.model_id.model,
                        )
                    )

    @api.constrains(
        "burst_deletes",
        "burst_window",
        "drop_pct",
        "drop_abs",
        "rise_pct",
        "rise_abs",
        "sample_edge",
        "sample_modulus",
        "sample_max",
        "freshness_hours",
    )
    def _check_numbers(self):
        for line in self:
            values = (
                line.burst_deletes,
                line.freshness_hours,
                line.drop_pct,
                line.drop_abs,
                line.rise_pct,
                line.rise_abs,
                line.sample_edge,
                line.sample_max,
            )
            if any(v < 0 for v in values) or line.burst_window < 1 or line.sample_modulus < 1:
                raise ValidationError(
                    _(
                        "Watched model %(model)s: thresholds cannot be negative, the burst window is at "
                        "least 1 minute and the sample modulus at least 1.",
                        model=line.model_id.model,
                    )
                )

    # ---- measurement plan -------------------------------------------------------------

    def _threshold(self):
        self.ensure_one()
        return Threshold(
            pct=self.drop_pct,
            abs=self.drop_abs,
            rise_pct=self.rise_pct,
            rise_abs=self.rise_abs,
            flag_hash=self.flag_hash_change,
        )

    def _spec(self):
        self.ensure_one()
        line = self.sudo()
        return model_spec(
            self.env,
            line.model_name,
            hash_columns=line.hash_field_ids.mapped("name"),
            computed_columns=line.computed_field_ids.mapped("name"),
            threshold=line._threshold(),
            edge=line.sample_edge,
            modulus=line.sample_modulus,
            max_seeded=line.sample_max,
        )

    # ---- hooks ------------------------------------------------------------------------

    @api.model
    def _counting_modes(self):
        """``{model_name: "orm"|"trigger"}`` over active lines of active profiles."""
        lines = (
            self.sudo()
            .with_context(active_test=False)
            .search([("active", "=", True), ("profile_id.active", "=", True), ("counting", "!=", "off")])
        )
        modes = {}
        for line in lines:
            name = line.model_name
            if name in self.env.registry and COUNTING_RANK[line.counting] > COUNTING_RANK.get(
                modes.get(name), -1
            ):
                modes[name] = line.counting
        return modes

    def _register_hook(self):
        result = super()._register_hook()
        self._patch_models()
        return result

    def _unregister_hook(self):
        self._unpatch_models()
        return super()._unregister_hook()

    @api.model
    def _patch_models(self):
        registry = self.env.registry
        patches = registry.__dict__.setdefault("_practice_watchdog_patches", [])
        modes = self._counting_modes()
        for model_name, mode in sorted(modes.items()):
            if mode != "orm":
                continue
            cls = registry[model_name]
            for name, factory in (("create", _make_create), ("unlink", _make_unlink)):
                if getattr(cls.__dict__.get(name), PATCH_MARK, False):
                    continue
                previous = cls.__dict__.get(name)
                method = factory()
                method.origin = getattr(cls, name)
                setattr(method, PATCH_MARK, True)
                setattr(cls, name, method)
                patches.append((cls, name, previous))
        registry.__dict__["_practice_watchdog_modes"] = modes

    @api.model
    def _unpatch_models(self):
        registry = self.env.registry
        patches = registry.__dict__.get("_practice_watchdog_patches", [])
        while patches:
            cls, name, previous = patches.pop()
            if getattr(cls.__dict__.get(name), PATCH_MARK, False):
                if previous is not None:
                    setattr(cls, name, previous)
                else:
                    delattr(cls, name)
        registry.__dict__["_practice_watchdog_modes"] = {}

    @api.model
    def _hooked_models(self):
        """Models whose create/unlink are patched in this worker (for tests and the UI)."""
        registry = self.env.registry
        return sorted(
            {cls._name for cls, _name, _prev in registry.__dict__.get("_practice_watchdog_patches", [])}
        )

    @api.model
    def _refresh_hooks(self):
        """Re-patch this worker, sync the database triggers and tell the other workers."""
        registry = self.env.registry
        if not registry.ready:
            return
        self.env.flush_all()
        old_modes = dict(registry.__dict__.get("_practice_watchdog_modes", {}))
        self._unpatch_models()
        self._patch_models()
        self._sync_triggers()
        if registry.__dict__.get("_practice_watchdog_modes") != old_modes:
            registry.registry_invalidated = True

    @api.model
    def _sync_triggers(self):
        cr = self.env.cr
        wanted = {}
        for model_name, mode in self._counting_modes().items():
            if mode == "trigger":
                wanted[self.env[model_name]._table] = model_name
        existing = counting.existing_triggers(cr)
        for table in existing - set(wanted):
            counting.drop_triggers(cr, table)
        for table, model_name in sorted(wanted.items()):
            if table not in existing:
                counting.create_triggers(cr, table, model_name)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()  # the profiles' cached scopes
        self._refresh_hooks()
        records.filtered("freshness_hours")._ensure_freshness_index()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # the profiles' cached scopes
        if {"counting", "active", "model_id", "profile_id"} & set(vals):
            self._refresh_hooks()
        if {"freshness_hours", "model_id"} & set(vals):
            self.filtered("freshness_hours")._ensure_freshness_index()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # the profiles' cached scopes
        self._refresh_hooks()
        return res

    # ---- freshness --------------------------------------------------------------------

    def _freshness_table(self):
        """The table whose ``write_date`` tells this line's last activity, or None."""
        self.ensure_one()
        model = self.env.registry.get(self.model_name)
        if model is None or not model._auto or model._abstract or "write_date" not in model._fields:
            return None
        return model._table

    def _ensure_freshness_index(self):
        """An index whose first column is ``write_date`` on each table with a freshness
        expectation, so that ``max(write_date)`` never scans the table (created once)."""
        cr = self.env.cr
        for table in sorted({t for t in (line._freshness_table() for line in self.sudo()) if t}):
            cr.execute(freshness_tools.index_query(table))
            if cr.fetchone():
                continue
            cr.execute(freshness_tools.has_column_query(table))
            if cr.fetchone():
                _logger.info("Watchdog: indexing %s.write_date for the freshness check", table)
                cr.execute(freshness_tools.create_index(table))

    def _last_activity(self):
        """The latest create or write on this line's model: ``max(write_date)`` from the
        index, and the last minute the counters saw a create (raw SQL seen by triggers)."""
        self.ensure_one()
        table = self._freshness_table()
        cr = self.env.cr
        last_write = None
        if table:
            self._ensure_freshness_index()
            cr.execute(freshness_tools.last_write_query(table))
            last_write = cr.fetchone()[0]
        counter = self.env["practice.watchdog.counter"].sudo()
        counter._flush_tally()
        cr.execute(
            SQL(
                "SELECT max(minute) FROM practice_watchdog_counter WHERE model = %s AND creates > 0",
                self.model_name,
            )
        )
        return freshness_tools.last_activity(last_write, cr.fetchone()[0])

    @api.model
    def _cron_check_freshness(self, now=None):
        """Cron: one alert per stalled expectation (no create/write on a model within its
        ``freshness_hours``), resolved when activity comes back; a stall resolved by hand is
        not raised again. Returns the alerts raised."""
        now = now or fields.Datetime.now()
        Alert = self.env["practice.watchdog.alert"].sudo()
        lines = self.sudo().search([("profile_id.active", "=", True), ("freshness_hours", ">", 0)])
        raised = Alert.browse()
        for index, line in enumerate(lines):
            last = line._last_activity()
            stalled = freshness_tools.is_stalled(last, line.freshness_hours, now)
            same = [
                ("kind", "=", "freshness"),
                ("profile_id", "=", line.profile_id.id),
                ("model_name", "=", line.model_name),
            ]
            current = Alert.search(same + [("state", "in", ("new", "acknowledged"))], limit=1)
            handled = Alert.search(same + [("state", "=", "resolved"), ("resolved_by_id", "!=", False)])
            open_since = (current.window_start or None) if current else False
            actions = freshness_tools.decide(
                stalled, last, open_since, {alert.window_start or None for alert in handled}
            )
            if freshness_tools.RESOLVE in actions:
                current._resolve_freshness(last)
            if freshness_tools.RAISE in actions:
                raised |= Alert._raise(line._freshness_alert_vals(last, now), line.profile_id.watcher_ids)
            self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(lines) - index - 1)
        return raised

    def _freshness_alert_vals(self, last, now):
        self.ensure_one()
        return {
            "name": _(
                "%(model)s: no create or write for %(hours)s h (last activity %(last)s)",
                model=self.model_name,
                hours=self.freshness_hours,
                last=_("%s UTC", last) if last else _("never"),
            ),
            "kind": "freshness",
            "severity": "low",
            "profile_id": self.profile_id.id,
            "model_name": self.model_name,
            "threshold": self.freshness_hours,
            "window_start": last or False,
            "window_end": now,
        }
