# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Snapshots: in-database measurements of watched models, taken atomically and kept immutable.

Every number is computed by PostgreSQL in one pass per table (``count(*)``, seeded-sample
``md5(string_agg(... ORDER BY id))``, null counts and ``hashtext`` checksums of computed
columns, ``sum(file_size)`` by ``GROUPING SETS`` over res_model/res_field); Python only
checks that a small sample of filestore files exists. The per-res_model/res_field count and
size of attachments come from incrementally maintained statistics (see
:mod:`..tools.attachment_stats`): checked against an exact ``count(*)`` at a recount, and between
recounts cross-checked with PostgreSQL's own row counters instead of counting a table of
millions of rows again.
"""

import functools
import json
import logging
import os
import time

from odoo import _, api, fields, models, release
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.sql import drop_index

from ..tools import attachment_stats, inputs, measure, modvec
from ..tools import diff as diff_tools
from ..tools import schema as schema_tools
from ..tools.scope import Scope, model_spec

_logger = logging.getLogger(__name__)

ATTACHMENT_MODEL = "ir.attachment"
MODULE_MODEL = "ir.module.module"
VERSION_MODEL = "odoo"
# The index of earlier versions that served the per-group scan; the statistics replace it
# (dropped on update: it cost every attachment write an index insert).
ATTACHMENT_GROUPS_INDEX = "practice_watchdog_attachment_groups"
# Context key set by take() (with sudo, after the caller's own checks): snapshots are
# created by it only, never through create() by a user.
TAKE_KEY = "practice_watchdog_take"
# Context key: take() records no schema (the bench's baseline; a profile has its own switch).
NO_SCHEMA_KEY = "practice_watchdog_no_schema"
# Python errors of a hostile input that slipped past the checks: answered as a UserError.
INPUT_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, RecursionError)


def guard_input(method):
    """RPC method decorator: a Python error caused by an input the checks did not foresee
    reaches the caller as a UserError (the transaction is rolled back), not a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except INPUT_ERRORS as err:
            _logger.warning("Watchdog %s refused an input", method.__name__, exc_info=True)
            raise UserError(
                _(
                    "Invalid input for %(method)s: %(error)s",
                    method=method.__name__,
                    error=inputs.excerpt(str(err), 200),
                )
            ) from err

    return wrapper


def text_input(value, limit, what, required=True):
    """``value`` stripped, or a UserError saying what is wrong with the text input ``what``."""
    problem = inputs.text_problem(value, limit, required=required)
    if problem == "type":
        raise UserError(_("%(what)s must be a text, got %(value)s.", what=what, value=inputs.excerpt(value)))
    if problem == "empty":
        raise UserError(_("%(what)s cannot be empty.", what=what))
    if problem == "long":
        raise UserError(
            _(
                "%(what)s is too long: %(length)s characters, at most %(limit)s.",
                what=what,
                length=len(value),
                limit=limit,
            )
        )
    if problem == "nul":
        raise UserError(_("%(what)s cannot contain NUL characters.", what=what))
    return value.strip()


class PracticeWatchdogSnapshot(models.Model):
    _name = "practice.watchdog.snapshot"
    _description = "Watchdog Snapshot"
    _order = "taken_at desc, id desc"

    name = fields.Char(string="Label", required=True, readonly=True, help="Why the snapshot was taken.")
    taken_at = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now, help="When it was taken (UTC)."
    )
    profile_id = fields.Many2one(
        "practice.watchdog.profile",
        readonly=True,
        index=True,
        ondelete="set null",
        help="Profile measured; empty for an ad-hoc snapshot of named models.",
    )
    scope_models = fields.Char(readonly=True, help="Comma-separated models of an ad-hoc snapshot.")
    scope_key = fields.Char(
        readonly=True, index=True, help="Identifies the scope: snapshots compare within it."
    )
    session_id = fields.Char(readonly=True, index=True, help="Session (agent run) that took it, if any.")
    user_id = fields.Many2one(
        "res.users", string="Taken By", readonly=True, default=lambda self: self.env.user, help="Who took it."
    )
    odoo_version = fields.Char(readonly=True, help="Odoo server version at the time.")
    module_vector = fields.Text(readonly=True, help="JSON list of [module, state, installed version].")
    module_vector_hash = fields.Char(readonly=True, help="sha256 of the module vector.")
    thresholds = fields.Text(
        readonly=True, help="JSON thresholds per model used when this snapshot is compared."
    )
    schema = fields.Text(
        readonly=True,
        help="JSON: per watched model its table, columns (SQL type, NOT NULL) and stored fields; "
        "empty when schema capture is off or when it equals the schema of the snapshot in "
        "Schema Recorded By.",
    )
    schema_hash = fields.Char(readonly=True, help="sha256 of the recorded schema.")
    schema_source_id = fields.Many2one(
        "practice.watchdog.snapshot",
        string="Schema Recorded By",
        readonly=True,
        ondelete="set null",
        help="When the schema did not change since the previous snapshot of the scope: the "
        "snapshot that stores its text (each distinct schema is stored once).",
    )
    attachments_recounted = fields.Boolean(
        readonly=True,
        help="ir_attachment was counted exactly (count(*)) and the attachment statistics checked "
        "against it. Otherwise the statistics gave the counts: PostgreSQL's own row counters "
        "agreed with them since their last recount.",
    )
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True, help="Time the measurement took.")
    line_ids = fields.One2many(
        "practice.watchdog.snapshot.line", "snapshot_id", string="Measurements", help="Measured metrics."
    )
    line_count = fields.Integer(readonly=True, help="Number of measured metrics.")
    alert_ids = fields.Many2many(
        "practice.watchdog.alert", compute="_compute_alert_ids", help="Alerts that refer to this snapshot."
    )

    def _compute_alert_ids(self):
        Alert = self.env["practice.watchdog.alert"]
        for snap in self:
            snap.alert_ids = Alert.search(
                ["|", ("before_snapshot_id", "=", snap.id), ("after_snapshot_id", "=", snap.id)]
            )

    def init(self):
        result = super().init()
        drop_index(self.env.cr, ATTACHMENT_GROUPS_INDEX, "ir_attachment")
        attachment_stats.install(self.env.cr)
        return result

    # ---- immutability ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get(TAKE_KEY)):
            raise AccessError(_("Snapshots are taken with take(), not created: call take() instead."))
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("practice_watchdog_finalize")):
            raise UserError(_("Snapshots are immutable: take a new one instead."))
        return super().write(vals)

    # ---- RPC ------------------------------------------------------------------------

    @api.model
    @guard_input
    def take(self, label, profile=None, models=None, session_id=None):
        """RPC: measure now. ``models`` (list of model names) → ad-hoc snapshot of those models;
        otherwise the named ``profile`` (name or id), otherwise the default profile. Every
        measured model must be readable by the caller."""
        self.check_access("create")
        if not isinstance(label, str) or not label.strip():
            raise UserError(_("A snapshot needs a label (why it is taken)."))
        label = text_input(label, inputs.MAX_LABEL, _("The snapshot label"))
        if session_id is not None and session_id is not False:
            if isinstance(session_id, int) and not isinstance(session_id, bool):
                session_id = str(session_id)
            if not isinstance(session_id, str):
                raise UserError(_("session_id must be a string."))
            session_id = text_input(session_id, inputs.MAX_SESSION_ID, _("The session id"), required=False)
        Profile = self.env["practice.watchdog.profile"]
        if models not in (None, False) and not isinstance(models, str | list | tuple):
            raise UserError(_("models must be a list of model names."))
        if models:
            names = self._normalize_models(models)
            threshold = Profile._default_threshold()
            scope = Scope(
                models=[model_spec(self.env, name, threshold=threshold) for name in names],
                attachments=ATTACHMENT_MODEL in names,
                files_sample=Profile._setting("files_sample"),
                attachment_threshold=threshold,
            ).as_dict()
            vals = {"scope_models": ",".join(names), "scope_key": "models:" + ",".join(sorted(names))}
            capture = True
        else:
            record = Profile._resolve(profile)
            scope = record._scope()
            vals = {"profile_id": record.id, "scope_key": f"profile:{record.id}"}
            capture = record.sudo().capture_schema
        # Every model of every scope (profile, default profile, ad hoc) is read-checked as
        # the caller; crons run as superuser.
        self._check_readable([spec["model"] for spec in scope["models"]], _("snapshot"))
        if scope["attachments"]:
            self._check_readable([ATTACHMENT_MODEL], _("snapshot"))
        vals.update(name=label, session_id=session_id or False, user_id=self.env.user.id)
        capture = capture and not self.env.context.get(NO_SCHEMA_KEY)
        snapshot = self._take(scope, vals, capture_schema=capture)
        return snapshot._summary()

    @api.model
    def _check_readable(self, model_names, action):
        """AccessError unless the caller may read every model of ``model_names`` (pseudo
        models such as ``odoo`` are not records and need nothing)."""
        for name in model_names:
            if name not in self.env.registry:
                continue
            try:
                self.env[name].check_access("read")
            except AccessError as err:
                raise AccessError(
                    _("You cannot read %(model)s, so you cannot %(action)s it.", model=name, action=action)
                ) from err

    @api.model
    def _normalize_models(self, models):
        raw = inputs.split_models(models)
        if raw is None:
            raise UserError(_("models must be a list of model names."))
        if len(raw) > inputs.MAX_MODELS:
            raise UserError(
                _(
                    "Too many models (%(count)s): an ad-hoc snapshot measures at most %(limit)s.",
                    count=len(raw),
                    limit=inputs.MAX_MODELS,
                )
            )
        names = []
        for name in raw:
            if (
                not isinstance(name, str)
                or len(name) > inputs.MAX_MODEL_NAME
                or name.strip() not in self.env.registry
            ):
                raise UserError(
                    _(
                        "Unknown model %(model)s: give technical names like 'res.partner'.",
                        model=inputs.excerpt(name),
                    )
                )
            name = name.strip()
            self._check_readable([name], _("snapshot"))
            if name not in names:
                names.append(name)
        return names

    @api.model
    def _take(self, scope, vals, capture_schema=False):
        """Measure ``scope`` and store the snapshot with all its lines, or nothing at all.
        With ``capture_schema`` the structure of the watched tables is recorded first, and
        tables or columns that no longer exist are left out of the measurement."""
        start = time.perf_counter()
        self.env.flush_all()
        thresholds = {spec["model"]: spec["threshold"] for spec in scope["models"]}
        thresholds.setdefault(ATTACHMENT_MODEL, scope["attachment_threshold"])
        vector = self._module_vector()
        total = len(scope["models"]) + 1
        specs = scope["models"]
        if capture_schema:
            previous = self._previous_schema(vals.get("scope_key"))
            schema = self._capture_schema(specs, previous, modvec.vector_hash(vector))
            specs = schema_tools.prune_specs(specs, schema)
            text = schema_tools.dumps(schema)
            digest = schema_tools.schema_hash(text)
            if previous and previous[1] == digest:  # unchanged: the text is stored once
                vals = dict(vals, schema_hash=digest, schema_source_id=previous[2])
            else:
                vals = dict(vals, schema=text, schema_hash=digest)
        with self.env.cr.savepoint():
            # The caller's access was checked by take(); the record is written as superuser
            # so that no user can create a snapshot with values of their choosing.
            snapshot = (
                self.sudo()
                .with_context(**{TAKE_KEY: True})
                .create(
                    dict(
                        vals,
                        taken_at=fields.Datetime.now(),
                        odoo_version=release.version,
                        module_vector=json.dumps(vector),
                        module_vector_hash=modvec.vector_hash(vector),
                        thresholds=json.dumps(thresholds, sort_keys=True),
                    )
                )
            )
            group = scope["attachments"] and any(spec["model"] == ATTACHMENT_MODEL for spec in specs)
            trusted = self._trusted_attachment_groups() if scope["attachments"] else None
            if trusted is not None:
                specs = [self._counted_by_statistics(spec) for spec in specs]
            metrics = self._measure_models(specs, group_attachments=group, trusted_groups=trusted)
            self.env["ir.cron"]._notify_progress(done=total - 1, remaining=1)
            if scope["attachments"]:
                if not group:
                    metrics += self._measure_attachment_groups(trusted_groups=trusted)
                metrics += self._measure_files(scope["files_sample"])
            metrics.append((MODULE_MODEL, "module_vector", None, snapshot.module_vector_hash))
            metrics.append((VERSION_MODEL, "odoo_version", None, release.version))
            snapshot._insert_lines(metrics)
            self.env["ir.cron"]._notify_progress(done=total, remaining=0)
            snapshot.sudo().with_context(practice_watchdog_finalize=True).write(
                {
                    "line_count": len(metrics),
                    "attachments_recounted": scope["attachments"] and trusted is None,
                    "duration_ms": int((time.perf_counter() - start) * 1000),
                }
            )
        return snapshot.with_env(self.env)

    def _insert_lines(self, metrics):
        """Store ``[(model, metric, value, text)]`` as this snapshot's lines in one INSERT of
        ``unnest``-ed arrays: a hundred ORM creates (defaults, related fields, flush) cost
        about as much as the measurement of a big table. Lines are immutable and have no
        access-log columns; their stored related fields (taken_at, profile) are written here."""
        self.ensure_one()
        if not metrics:
            return
        self.env.flush_all()
        models_, names, values, texts = zip(*metrics, strict=True)
        self.env.cr.execute(
            SQL(
                "INSERT INTO practice_watchdog_snapshot_line "
                "(snapshot_id, taken_at, profile_id, model, metric, kind, value, value_text) "
                "SELECT %s, %s, %s, m, n, k, v, t FROM unnest("
                "%s::varchar[], %s::varchar[], %s::varchar[], %s::float8[], %s::varchar[]) AS l(m, n, k, v, t)",
                self.id,
                self.taken_at,
                self.profile_id.id or None,
                list(models_),
                list(names),
                [diff_tools.kind_of(name) for name in names],
                [float(value or 0.0) for value in values],
                [text or None for text in texts],
            )
        )
        self.invalidate_recordset(["line_ids"])

    def _summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "label": self.name,
            "taken_at": fields.Datetime.to_string(self.taken_at),
            "lines": self.line_count,
            "profile": self.profile_id.name or False,
            "models": self.scope_models.split(",") if self.scope_models else [],
            "session_id": self.session_id or False,
            "odoo_version": self.odoo_version,
            "module_vector_hash": self.module_vector_hash,
            "duration_ms": self.duration_ms,
        }

    # ---- measurement (SQL) ----------------------------------------------------------

    @api.model
    def _previous_schema(self, scope_key):
        """``(snapshot id, schema hash, id of the snapshot holding its schema text, module
        vector hash)`` of the latest snapshot of ``scope_key`` that recorded a schema, or None."""
        if not scope_key:
            return None
        self.env.cr.execute(
            SQL(
                "SELECT s.id, s.schema_hash, h.id, s.module_vector_hash FROM practice_watchdog_snapshot s "
                "JOIN practice_watchdog_snapshot h ON h.id = coalesce(s.schema_source_id, s.id) "
                "AND h.schema IS NOT NULL "
                "WHERE s.scope_key = %s AND s.schema_hash IS NOT NULL "
                "ORDER BY s.taken_at DESC, s.id DESC LIMIT 1",
                scope_key,
            )
        )
        return self.env.cr.fetchone()

    @api.model
    def _capture_schema(self, specs, previous=None, vector_hash=None):
        """The schema of the watched tables (see :mod:`..tools.schema`): their columns from
        one query to ``pg_attribute``, their stored fields from the registry. Models the
        ``previous`` snapshot (see :meth:`_previous_schema`) measured and that left the
        registry since (their module was uninstalled: the module vector changed, so they are
        looked for only when ``vector_hash`` differs from the previous one) are recorded as
        missing when their table is gone."""
        tables = {spec["model"]: spec["table"] for spec in specs}
        carried = {}
        if previous and previous[3] != vector_hash:
            carried = self._carried_tables(previous, tables)
        self.env.cr.execute(schema_tools.columns_query([*tables.values(), *carried.values()]))
        rows = self.env.cr.fetchall()
        stored = {
            model: [name for name, field in self.env[model]._fields.items() if field.store]
            for model in tables
        }
        schema = schema_tools.capture({**tables, **carried}, rows, stored)
        for model in carried:  # a table left behind is no longer watched: not recorded
            if not schema["models"][model].get("missing"):
                del schema["models"][model]
        return schema

    @api.model
    def _carried_tables(self, previous, tables):
        """``{model: table}`` of the models the previous snapshot measured that are neither
        watched now nor in the registry (read from its schema only when there are some)."""
        snapshot_id, _hash, holder_id, _vector = previous
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT model FROM practice_watchdog_snapshot_line WHERE snapshot_id = %s",
                snapshot_id,
            )
        )
        gone = {
            model
            for (model,) in self.env.cr.fetchall()
            if model not in tables and model not in self.env.registry
        }
        if not gone:
            return {}
        recorded = schema_tools.loads(self.sudo().browse(holder_id).schema) or {}
        return {
            model: entry["table"]
            for model, entry in recorded.get("models", {}).items()
            if model in gone and entry.get("table") and not entry.get("missing")
        }

    def _schema(self):
        """The recorded schema dict, or None."""
        self.ensure_one()
        snapshot = self.sudo()
        return schema_tools.loads(snapshot.schema or snapshot.schema_source_id.schema)

    @api.model
    def _module_vector(self):
        self.env.cr.execute(SQL("SELECT name, state, latest_version FROM ir_module_module ORDER BY name"))
        return modvec.normalize(self.env.cr.fetchall())

    @api.model
    def _measure_model(self, spec, group_attachments=False):
        """The metrics of one model (see :meth:`_measure_models`)."""
        return self._measure_models([spec], group_attachments=group_attachments)

    @api.model
    def _trusted_attachment_groups(self):
        """The attachment groups from the statistics when they can stand for a ``count(*)``
        now (see :func:`..tools.attachment_stats.trusted`), else None: the snapshot counts. The
        context key ``practice_watchdog_verify`` forces the count."""
        if self.env.context.get("practice_watchdog_verify"):
            return None
        cr = self.env.cr
        minutes = self.env["practice.watchdog.profile"]._setting("stats_verify_minutes")
        ok, why = attachment_stats.trusted(cr, minutes)
        if not ok:
            log = _logger.warning if why == attachment_stats.TRIGGERS_OFF else _logger.debug
            log("ir_attachment counted exactly: %s", why)
            return None
        groups, rows = attachment_stats.stat_groups(cr)
        if not attachment_stats.sane(groups):
            return None
        attachment_stats.maintain(cr, groups, rows)
        return groups

    @api.model
    def _counted_by_statistics(self, spec):
        """``spec`` of ir.attachment without its ``count(*)`` (the statistics give it), unless
        computed columns make the scan necessary anyway."""
        if spec["model"] == ATTACHMENT_MODEL and not spec["computed_columns"]:
            return dict(spec, count=False)
        return spec

    @api.model
    def _measure_models(self, specs, group_attachments=False, trusted_groups=None):
        """All models in one SQL statement (one branch per model, ``UNION ALL``) →
        ``[(model, metric, value, text)]`` in the order of ``specs``: the count, null counts
        and checksums of computed columns, and the sampled rows, their hash and stride
        (primary-key lookups); see :mod:`..tools.measure`. With ``group_attachments`` the
        attachment groups come from the statistics: ``trusted_groups`` when given (a spec
        without ``count`` is then counted by them), else verified by the count (see
        :meth:`_attachment_groups_verified`)."""
        if not specs:
            return []
        rows = dict(measure.execute_prepared(self.env.cr, *measure.statement(specs)))
        metrics = []
        for index, spec in enumerate(specs):
            model = spec["model"]
            values = rows[index]
            count = int(values[0]) if values[0] is not None else sum(g[2] for g in trusted_groups)
            if group_attachments and model == ATTACHMENT_MODEL:
                metrics += self._measure_attachment_groups(count, trusted_groups=trusted_groups)
            metrics.append((model, "count", count, None))
            for pos, column in enumerate(spec["computed_columns"]):
                nulls, checksum = values[1 + 2 * pos : 3 + 2 * pos]
                metrics.append((model, f"nulls:{column}", int(nulls), None))
                metrics.append((model, f"checksum:{column}", None, checksum))
            metrics.append((model, "sample_rows", int(values[-3]), None))
            metrics.append((model, "sample_hash", None, values[-2] or ""))
            metrics.append((model, "sample_stride", int(values[-1]), None))
        return metrics

    @api.model
    def _attachment_metrics(self, groups):
        """``groups``: ``[(res_model, res_field, count, size)]`` → totals and per-group metrics."""
        metrics = [
            (ATTACHMENT_MODEL, "attachment_count", sum(g[2] for g in groups), None),
            (ATTACHMENT_MODEL, "attachment_size", sum(int(g[3]) for g in groups), None),
        ]
        for res_model, res_field, count, size in sorted(groups, key=lambda g: (g[0] or "", g[1] or "")):
            key = f"{res_model or '-'}/{res_field or '-'}"
            metrics.append((ATTACHMENT_MODEL, f"attachment_count:{key}", count, None))
            metrics.append((ATTACHMENT_MODEL, f"attachment_size:{key}", int(size), None))
        return metrics

    @api.model
    def _attachment_groups(self):
        """The groups by an exact scan of ``ir_attachment`` (the fallback)."""
        return attachment_stats.scan_groups(self.env.cr)

    @api.model
    def _attachment_groups_verified(self, count=None):
        """``(groups, drift)`` from the statistics, checked against ``count`` (the exact
        ``count(*)`` of ``ir_attachment``, counted now when not given); on a mismatch the
        exact scan, with the statistics repaired and ``drift`` > 0."""
        cr = self.env.cr
        if count is None:
            cr.execute(SQL("SELECT count(*) FROM ir_attachment"))
            count = cr.fetchone()[0]
        groups, drift = attachment_stats.verified_groups(cr, count)
        if drift:
            _logger.warning(
                "Attachment statistics were off by %s rows (triggers bypassed?): "
                "measured by a full scan and refilled.",
                drift,
            )
        return groups, drift

    @api.model
    def _measure_attachment_groups(self, count=None, trusted_groups=None):
        """Attachment metrics from ``trusted_groups`` when given, else verified by ``count``."""
        if trusted_groups is not None:
            groups, drift = trusted_groups, 0
        else:
            groups, drift = self._attachment_groups_verified(count)
        return [*self._attachment_metrics(groups), (ATTACHMENT_MODEL, "stats_drift", drift, None)]

    @api.model
    def _measure_files(self, sample):
        """Check that the stored files of a deterministic sample of attachments exist."""
        if sample <= 0:
            return []
        self.env.cr.execute(measure.file_sample(sample))
        Attachment = self.env["ir.attachment"].sudo()
        files = sorted(self.env.cr.fetchall())
        missing = sum(1 for _id, fname in files if not os.path.isfile(Attachment._full_path(fname)))
        return [
            (ATTACHMENT_MODEL, "files_checked", len(files), None),
            (ATTACHMENT_MODEL, "files_missing", missing, None),
        ]

    # ---- comparison -------------------------------------------------------------------

    def _metrics(self):
        """``{(model, metric): value}`` of this snapshot (numbers or texts by kind)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT model, metric, kind, value, value_text FROM practice_watchdog_snapshot_line "
                "WHERE snapshot_id = %s",
                self.id,
            )
        )
        result = {}
        for model, metric, kind, value, text in self.env.cr.fetchall():
            result[(model, metric)] = text if kind in ("hash", "any_change") else value
        return result

    def _threshold_map(self):
        self.ensure_one()
        default = self.env["practice.watchdog.profile"]._default_threshold()
        raw = json.loads(self.thresholds or "{}")
        return {model: diff_tools.Threshold.from_dict(data, default) for model, data in raw.items()}, default

    @api.model
    @guard_input
    def compare(self, before_id, after_id=None):
        """RPC: diff two snapshots of one scope (a fresh one when ``after_id`` is omitted).
        The caller must be able to read every model the snapshots measured."""
        before = self._browse_snapshot(before_id)
        self._check_readable(before._measured_models(), _("compare snapshots measuring"))
        if after_id in (None, False):
            self.check_access("create")
            after = self.browse(
                self.take(
                    inputs.bounded_label(_("%(label)s (after)", label=before.name)),
                    profile=before.profile_id.id or None,
                    models=before.scope_models.split(",") if before.scope_models else None,
                    session_id=before.session_id or None,
                )["id"]
            )
        else:
            after = self._browse_snapshot(after_id)
            self._check_readable(after._measured_models(), _("compare snapshots measuring"))
        if before.scope_key != after.scope_key:
            raise UserError(
                _(
                    "Snapshots %(before)s and %(after)s measure different scopes (%(a)s vs %(b)s): "
                    "compare snapshots of the same profile or the same models.",
                    before=before.id,
                    after=after.id,
                    a=before.scope_key,
                    b=after.scope_key,
                )
            )
        diff, result = self.env["practice.watchdog.diff"]._build(before, after)
        return diff._result(result)

    def _measured_models(self):
        """Models this snapshot has lines of (read as SQL: the caller may not see them all)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT DISTINCT model FROM practice_watchdog_snapshot_line WHERE snapshot_id = %s", self.id)
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _browse_snapshot(self, snapshot_id):
        if isinstance(snapshot_id, models.BaseModel):
            snapshot_id = snapshot_id.id if len(snapshot_id) == 1 else None
        problem = inputs.id_problem(snapshot_id)
        if problem == "type":
            raise UserError(_("Snapshot ids are integers, got %(value)s.", value=inputs.excerpt(snapshot_id)))
        if problem:
            raise UserError(_("Snapshot %(id)s does not exist.", id=snapshot_id))
        snapshot = self.browse(snapshot_id).exists()
        if not snapshot:
            raise UserError(_("Snapshot %(id)s does not exist.", id=snapshot_id))
        snapshot.check_access("read")
        return snapshot

    def action_compare_with_now(self):
        self.ensure_one()
        result = self.compare(self.id)
        return self.env["practice.watchdog.diff"].browse(result["diff_id"]).get_formview_action()
