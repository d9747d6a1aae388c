# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_base.tools import guard

from ..tools import checks

KIND_LABELS = [("coverage", "Coverage"), ("lint", "Lint"), ("audit", "Vulnerability Scan")]


class PracticeEvalCheck(models.Model):
    """One check on (repository, commit) other than the test run (a practice.eval.run): a
    coverage report, a lint summary or a vulnerability scan, pushed by CI, an engineer or an
    AI session (``push_check``, ``practice check push``). Its values come from the pushed
    content only; deploy gates read the checks of the commit they deploy."""

    _name = "practice.eval.check"
    _description = "Eval Check"
    _inherit = ["practice.guarded.mixin"]
    _order = "date desc, id desc"
    _guarded_fields = (
        "repo_id",
        "commit",
        "kind",
        "values_json",
        "line_rate",
        "lint_exit_code",
        "lint_errors",
        "lint_warnings",
        "audit_critical",
        "audit_high",
        "audit_vulns",
        "state",
        "summary",
        "session_id",
        "user_id",
        "date",
    )
    _guarded_actions = "push_check() (RPC, `practice check push`)"

    repo_id = fields.Many2one(
        "practice.repo", string="Repository", required=True, index=True, readonly=True, ondelete="restrict"
    )
    commit = fields.Char(required=True, readonly=True, index=True, help="Commit the check ran on.")
    kind = fields.Selection(KIND_LABELS, required=True, readonly=True, index=True)
    values_json = fields.Text(string="Values", readonly=True, help="The parsed values, as JSON.")
    line_rate = fields.Float(string="Line Coverage (%)", readonly=True, digits=(5, 2))
    lint_exit_code = fields.Integer(readonly=True)
    lint_errors = fields.Integer(readonly=True)
    lint_warnings = fields.Integer(readonly=True)
    audit_critical = fields.Integer(string="Critical Vulnerabilities", readonly=True)
    audit_high = fields.Integer(string="High Vulnerabilities", readonly=True)
    audit_vulns = fields.Integer(string="Vulnerabilities", readonly=True)
    state = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")],
        required=True,
        readonly=True,
        default="pass",
        help="The check's own verdict: lint exit 0 and no errors; no high or critical "
        "vulnerability; coverage always passes here (its threshold is the deploy gate's).",
    )
    summary = fields.Char(readonly=True)
    session_id = fields.Char(string="Session ID", readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Pushed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)

    @api.depends("kind", "commit", "summary")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for check in self:
            check.display_name = f"{labels.get(check.kind, '')} {(check.commit or '')[:12]}".strip()

    def _as_dict(self):
        self.ensure_one()
        return {
            "id": self.id,
            "repo": self.repo_id.name,
            "commit": self.commit,
            "kind": self.kind,
            "state": self.state,
            "summary": self.summary or "",
            "values": json.loads(self.values_json or "{}"),
            "date": fields.Datetime.to_string(self.date),
        }

    @api.model
    def push_check(self, kind, content, commit=None, repo=None, session_id=None):
        """RPC: record one check of ``kind`` (coverage | lint | audit) on ``commit`` of ``repo``
        from ``content`` (Cobertura XML, a lint summary, pip-audit JSON; see
        :mod:`..tools.checks`). Returns the check's dict (``id``, ``repo``, ``commit``,
        ``kind``, ``state``, ``summary``, ``values``, ``date``)."""
        Run = self.env["practice.eval.run"]
        if not (self.env.user._practice_has("ai_session") or self.env.su):
            self.env.user._practice_require("engineer", _("push checks"))
        if kind not in checks.KINDS:
            raise UserError(
                _(
                    "Unknown check kind %(kind)s: one of %(kinds)s.",
                    kind=guard.excerpt(kind),
                    kinds=", ".join(checks.KINDS),
                )
            )
        commit = Run._check_text(commit, _("commit"), 100)
        if not commit:
            raise UserError(_("A check needs the commit it ran on. Nothing was recorded."))
        session_id = Run._check_text(session_id, _("session_id"), guard.MAX_SESSION_ID)
        repo_rec = self.env["practice.repo"]._resolve(repo)
        Run._check_session_owner(session_id)
        try:
            values = checks.parse(kind, content)
        except checks.CheckError as err:
            raise UserError(
                _("%(kind)s check refused: %(error)s. Nothing was recorded.", kind=kind, error=str(err))
            ) from err
        vals = {
            "repo_id": repo_rec.id,
            "commit": commit,
            "kind": kind,
            "values_json": json.dumps(values, sort_keys=True),
            "state": "pass" if checks.passes(kind, values) else "fail",
            "summary": checks.summary(kind, values),
            "session_id": session_id,
            "user_id": self.env.uid,
            "date": fields.Datetime.now(),
        }
        if kind == "coverage":
            vals["line_rate"] = values["line_rate"]
        elif kind == "lint":
            vals.update(
                lint_exit_code=values["exit_code"],
                lint_errors=values["errors"],
                lint_warnings=values["warnings"],
            )
        else:
            vals.update(
                audit_critical=values["critical"], audit_high=values["high"], audit_vulns=values["vulns"]
            )
        return self._guarded().create(vals)._as_dict()

    @api.model
    def _latest_of_commit(self, repo_rec, commit):
        """``{kind: check}``: the latest check of each kind on ``commit`` of ``repo_rec``
        (read as the caller; gates call it as superuser)."""
        found = {}
        if not commit:
            return found
        for check in self.search([("repo_id", "=", repo_rec.id), ("commit", "=", commit)]):
            found.setdefault(check.kind, check)
        return found
