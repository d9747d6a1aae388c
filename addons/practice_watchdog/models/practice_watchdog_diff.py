# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import baseline as baseline_tools
from ..tools import diff as diff_tools
from ..tools import modvec
from ..tools import schema as schema_tools

SEVERITY = [("none", "None"), ("low", "Low"), ("high", "High")]
# Context key set by _build() (with sudo, after the caller's own access check): diffs and
# their lines are created by compare()/crons only, never through create() by a user.
BUILD_KEY = "practice_watchdog_build"


class PracticeWatchdogDiff(models.Model):
    _name = "practice.watchdog.diff"
    _description = "Watchdog Snapshot Diff"
    _order = "id desc"

    name = fields.Char(readonly=True, help="Before → after labels.")
    before_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        help="Snapshot taken before the change.",
    )
    after_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        help="Snapshot taken after the change.",
    )
    profile_id = fields.Many2one(
        related="before_snapshot_id.profile_id", store=True, help="Profile of the snapshots, if any."
    )
    ok = fields.Boolean(readonly=True, help="True when nothing crosses a threshold.")
    flagged_count = fields.Integer(readonly=True, help="Metrics that cross a threshold.")
    severity = fields.Selection(SEVERITY, readonly=True, default="none", help="High when data was lost.")
    summary = fields.Text(
        compute="_compute_summary",
        help="Flagged metrics in one line. Lines of models you may not read are counted, not named.",
    )
    line_ids = fields.One2many(
        "practice.watchdog.diff.line",
        "diff_id",
        string="Differences",
        readonly=True,
        help="Every metric compared.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get(BUILD_KEY)):
            raise AccessError(_("Diffs are made by compare(), not created: call compare() instead."))
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("practice_watchdog_finalize")):
            raise UserError(_("Diffs are immutable: compare again instead."))
        return super().write(vals)

    @api.model
    def _build(self, before, after):
        """Compare two snapshots and store the result: the caller's right to create a diff
        is checked, then the diff and its lines are written as superuser (create_uid stays
        the caller)."""
        self.check_access("create")
        Builder = self.sudo().with_context(**{BUILD_KEY: True})
        thresholds, default = before._threshold_map()
        old, new = before._metrics(), after._metrics()
        old_vec = json.loads(before.module_vector or "[]")
        new_vec = json.loads(after.module_vector or "[]")
        changes = modvec.diff(old_vec, new_vec)
        for change in changes:
            old[("ir.module.module", f"module:{change['module']}")] = change["before"]
            new[("ir.module.module", f"module:{change['module']}")] = change["after"]
        result = diff_tools.compare(old, new, thresholds=thresholds, default=default)
        # schema changes (dropped/retyped columns, vanished tables, uninstalled modules) as
        # lines of their own
        findings = schema_tools.compare(before._schema(), after._schema())
        findings += schema_tools.module_findings(changes)
        if findings:
            result = diff_tools.with_lines(result, schema_tools.lines(findings))
        profile = after.profile_id or before.profile_id
        if profile.use_baseline:
            result = self._judge_by_baselines(profile, after.taken_at, result)
        diff = Builder.create(
            {
                "name": f"{before.name} → {after.name}",
                "before_snapshot_id": before.id,
                "after_snapshot_id": after.id,
                "ok": result["ok"],
                "flagged_count": len(result["flagged"]),
                "severity": diff_tools.severity(result["flagged"]),
            }
        )
        Builder.env["practice.watchdog.diff.line"].create(
            [
                {
                    "diff_id": diff.id,
                    "sequence": index,
                    "model": line["model"],
                    "metric": line["metric"],
                    "kind": line["kind"],
                    "before": str(line["before"]),
                    "after": str(line["after"]),
                    "delta": _format_delta(line["delta"]),
                    "delta_value": line["delta"] if isinstance(line["delta"], int | float) else 0.0,
                    "delta_pct": line["delta_pct"] or 0.0,
                    "threshold": line["threshold"],
                    "flagged": line["flagged"],
                }
                for index, line in enumerate(sorted(result["lines"], key=lambda item: not item["flagged"]))
            ]
        )
        return diff.with_env(self.env), result

    @api.model
    def _judge_by_baselines(self, profile, at, result):
        """``result`` with each count-like line judged by its learned band (the profile's
        baseline): the history is the same metric's lines in the profile's earlier diffs,
        dated by their later snapshot, flagged ones left out (:mod:`..tools.baseline`)."""
        config = profile._baseline_config()
        wanted = {(line["model"], line["metric"]) for line in result["lines"] if line["kind"] == "drop"}
        if not wanted:
            return result
        self.env.cr.execute(
            SQL(
                """
                SELECT line.model, line.metric, snap.taken_at, line.delta_value, line.flagged
                  FROM practice_watchdog_diff_line line
                  JOIN practice_watchdog_diff diff ON diff.id = line.diff_id
                  JOIN practice_watchdog_snapshot snap ON snap.id = diff.after_snapshot_id
                 WHERE snap.profile_id = %s AND snap.taken_at >= %s AND snap.taken_at < %s
                   AND line.kind = 'drop' AND line.model = ANY(%s) AND line.metric = ANY(%s)
                """,
                profile.id,
                at - timedelta(weeks=config.weeks),
                at,
                sorted({model for model, _metric in wanted}),
                sorted({metric for _model, metric in wanted}),
            )
        )
        history = {}
        for model, metric, moment, value, flagged in self.env.cr.fetchall():
            history.setdefault((model, metric), []).append((moment, value, flagged))
        lines = [
            baseline_tools.apply(line, history.get((line["model"], line["metric"]), []), at, config)
            for line in result["lines"]
        ]
        return diff_tools.with_lines({"lines": []}, lines)

    @api.depends_context("uid", "lang")
    @api.depends("line_ids", "ok")
    def _compute_summary(self):
        """The flagged lines in words, for the reading user: a line of a model they may not
        read is not named, only counted ("N flagged lines of models you cannot read"); the
        superuser (crons, the watchers' activity notes are written per watcher) reads all."""
        hidden = set(self.env["practice.watchdog.diff.line"]._unreadable_models())
        for diff in self:
            lines = diff.sudo().line_ids.filtered("flagged")
            texts = [
                diff_tools.line_text(line.model, line.metric, line.kind, line.before, line.after, line.delta)
                for line in lines
                if line.model not in hidden
            ]
            unnamed = len(lines) - len(texts)
            parts = [diff_tools.summary_of_texts(texts)] if texts else []
            if unnamed:
                parts.append(_("%(count)s flagged line(s) of models you cannot read", count=unnamed))
            diff.summary = "; ".join(parts) or _("No metric crosses its threshold.")

    def _result(self, result=None):
        """RPC shape: ``{"ok", "flagged", "lines", "before_id", "after_id", "diff_id", ...}``."""
        self.ensure_one()
        result = result or self._result_from_lines()
        public = ("model", "metric", "before", "after", "delta", "threshold")
        return {
            "ok": self.ok,
            "flagged": [{k: line[k] for k in public} for line in result["flagged"]],
            "lines": [
                {k: False if line[k] is None else line[k] for k in (*public, "delta_pct", "flagged")}
                for line in result["lines"]
            ],
            "before_id": self.before_snapshot_id.id,
            "after_id": self.after_snapshot_id.id,
            "diff_id": self.id,
            "severity": self.severity,
            "summary": self.summary,
        }

    def _result_from_lines(self):
        lines = [
            {
                "model": line.model,
                "metric": line.metric,
                "before": line.before,
                "after": line.after,
                "delta": line.delta,
                "delta_pct": line.delta_pct,
                "threshold": line.threshold,
                "flagged": line.flagged,
            }
            for line in self.line_ids
        ]
        return {"lines": lines, "flagged": [line for line in lines if line["flagged"]]}


def _format_delta(delta):
    if isinstance(delta, int | float):
        if isinstance(delta, float) and delta.is_integer():
            delta = int(delta)
        return f"+{delta}" if delta > 0 else str(delta)
    return delta or ""
