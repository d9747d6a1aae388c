# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_base.tools import when

GATE_PARAM = "practice_eval_memory.finish_gate"
GATE_DEFAULT = "on"
MAX_NAMED = 10


class PracticeSessionLog(models.Model):
    """The suite is the bar: ``finish(..., "success", ...)`` is refused unless the session's
    eval run is green and newer than the session's start.

    The run considered is the latest one the session's own user pushed under the session's id
    (``practice eval push --session <id>``), else the latest run of the session's repository;
    "latest" is the last one the server received. Runs other users pushed under the id never
    count (and since 18.0.1.1.0 they are refused at import). Other outcomes (partial, failed,
    abandoned) are never gated. Settings > Practice turns the gate off.
    """

    _inherit = "practice.session.log"

    eval_run_id = fields.Many2one(
        "practice.eval.run",
        compute="_compute_eval_run_id",
        help="The run the finish gate looks at: the latest the session's user pushed under this "
        "session id, else the latest of the repository.",
    )
    eval_run_count = fields.Integer(
        compute="_compute_eval_run_id", help="Runs the session's user pushed under this session id."
    )

    def _own_runs_domain(self):
        """Runs pushed under this session's id by the session's own user."""
        self.ensure_one()
        return [("session_id", "=", self.name), ("user_id", "=", self.user_id.id)]

    def _compute_eval_run_id(self):
        Run = self.env["practice.eval.run"]
        for log in self:
            own = Run.search(log._own_runs_domain()) if log.name else Run.browse()
            log.eval_run_count = len(own)
            log.eval_run_id = own[:1] or (Run._latest_run(log.repo_id) if log.repo_id else Run.browse())

    @api.model
    def _eval_gate_on(self):
        value = self.env["ir.config_parameter"].sudo().get_param(GATE_PARAM, GATE_DEFAULT)
        return (value or GATE_DEFAULT).strip().lower() not in ("off", "false", "0")

    def _eval_gate_refusal(self):
        """Why this session may not finish as success (a translated sentence), or None."""
        self.ensure_one()
        Run = self.env["practice.eval.run"].sudo()
        run = Run.search(self._own_runs_domain(), order="received_at desc, id desc", limit=1)
        run = run or Run._latest_run(self.repo_id)
        push = f"`practice eval push report.xml --session {self.name}`"
        if not run:
            return _(
                "Session %(session)s cannot finish as success: no eval run exists for %(repo)s. "
                "Run the suite and push its JUnit report (%(push)s), or finish as partial or failed.",
                session=self.name,
                repo=self.repo_id.name,
                push=push,
            )
        if run.state != "green":
            failing = run._failing_cases(limit=MAX_NAMED)
            names = ", ".join(case._key() for case in failing)
            more = run.failed + run.errors - len(failing)
            if more > 0:
                names += _(" and %(count)s more", count=more)
            return _(
                "Session %(session)s cannot finish as success: the suite is red. Eval run %(run)s of "
                "%(repo)s (%(date)s, %(rate)s passed) has %(count)s failing: %(names)s. "
                "Fix them, run the suite and push it again, or finish as partial or failed.",
                session=self.name,
                run=run.id,
                repo=run.repo_id.name,
                date=when.iso_utc(run.started_at),
                # "n/a" when nothing ran (only skips), not 0 %
                rate=run.pass_rate_display,
                count=run.failed + run.errors,
                names=names or _("nothing ran"),
            )
        # the report's time, capped at its reception: a run received before the session began
        # is older, and so is one whose report says it ran before
        if run.started_at < self.started_at:
            return _(
                "Session %(session)s cannot finish as success: the latest eval run of %(repo)s "
                "(run %(run)s, %(date)s) is older than the session's start (%(start)s). Run the suite "
                "now and push it (%(push)s).",
                session=self.name,
                repo=run.repo_id.name,
                run=run.id,
                date=when.iso_utc(run.started_at),
                start=when.iso_utc(self.started_at),
                push=push,
            )
        return None

    @api.model
    def finish(self, session_id, outcome, summary, cost=None, tokens=None):
        if outcome == "success" and self._eval_gate_on():
            log = self._find(session_id)
            log._check_owner()
            if log.state == "running":
                refusal = log._eval_gate_refusal()
                if refusal:
                    raise UserError(refusal)
        return super().finish(session_id, outcome, summary, cost=cost, tokens=tokens)

    def action_view_eval_runs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Eval runs of session %(session)s", session=self.name),
            "res_model": "practice.eval.run",
            "view_mode": "list,form",
            "domain": self._own_runs_domain(),
        }
