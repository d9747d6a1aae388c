# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import file_open

from odoo.addons.practice_base.tools import guard, when

from ..tools import categorize, junit, passrate
from .practice_eval_case import key_of

CATEGORIES_PARAM = "practice_eval.categories"
MAPPING_PARAM = "practice_eval.category_mapping"
MAX_CASES_PARAM = "practice_eval.max_cases"
DEFAULT_MAX_CASES = 10_000
# the Settings field's range: a report of more cases than this is refused whatever the setting
MAX_CASES_CEILING = 100_000
MAX_TREND = 200
MAX_FAILING_SHOWN = 20
MAX_TREE_HASH = 64
TREE_HASH_RE = re.compile(r"[0-9a-f]{1,64}")
SOURCES = [("rpc", "RPC"), ("cli", "CLI"), ("upload", "Upload")]


class PracticeEvalRun(models.Model):
    """One run of a test suite or eval, imported from a JUnit XML report.

    Everything about a run comes from its report and the import call: runs are created only by
    :meth:`import_junit` (RPC, CLI, MCP, the upload wizard) and never edited afterwards, except
    their name. A run is *green* when at least one test ran and none failed or errored, or,
    where the repository sets pass-rate targets (practice.eval.target), when the run and each of
    its categories reach their target (tools/passrate.py, :func:`run_green`): decided once, at
    import, and read by everyone (``suite_state``, the stop hook, the deploy and session gates).
    """

    _name = "practice.eval.run"
    _description = "Eval Run"
    _inherit = ["practice.eval.rate.mixin", "practice.guarded.mixin"]
    _order = "received_at desc, id desc"
    _guarded_fields = (
        "repo_id",
        "branch",
        "commit",
        "tree_hash",
        "tree_recorded",
        "session_id",
        "source",
        "user_id",
        "started_at",
        "received_at",
        "ended_at",
        "duration",
        "tests",
        "passed",
        "failed",
        "errors",
        "skipped",
        "ran",
        "pass_rate",
        "target",
        "state",
        "case_ids",
        "category_ids",
    )
    _guarded_actions = "import_junit() (RPC, `practice eval push`, the upload wizard)"

    name = fields.Char(required=True, help="Suite name from the report (or the one given at import).")
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        help="Repository the suite ran on.",
    )
    branch = fields.Char(readonly=True, index=True, help="Branch the suite ran on.")
    commit = fields.Char(readonly=True, index=True, help="Commit the suite ran on.")
    tree_hash = fields.Char(
        string="Work Tree Hash",
        size=MAX_TREE_HASH,
        readonly=True,
        index=True,
        help="Hash of the uncommitted changes of the work tree the suite ran on (as `practice "
        "eval push` computes it); empty when the work tree was clean or was not recorded.",
    )
    tree_recorded = fields.Boolean(
        string="Work Tree Recorded",
        readonly=True,
        help="The push recorded the work tree's state (commit plus a hash of its uncommitted "
        "changes): only such runs answer suite_state, the stop hook's question.",
    )
    session_id = fields.Char(
        string="Session ID", readonly=True, index=True, help="Work session that ran the suite, if any."
    )
    source = fields.Selection(
        SOURCES, required=True, default="rpc", readonly=True, help="How it was imported."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        index=True,
    )
    started_at = fields.Datetime(
        required=True,
        readonly=True,
        index=True,
        help="When the suite started, as the report says (else the import time); a time "
        "later than the import is stored as the import time. Information only: runs are "
        "ordered by Received.",
    )
    received_at = fields.Datetime(
        string="Received",
        required=True,
        readonly=True,
        index=True,
        help="When the server imported the run (its own clock): runs are ordered by it, the "
        "latest run is the last one received.",
    )
    ended_at = fields.Datetime(readonly=True, help="Start plus the report's duration.")
    duration = fields.Float(readonly=True, help="Seconds the suite took (from the report).")
    # tests, passed, skipped, ran, pass_rate: practice.eval.rate.mixin
    failed = fields.Integer(readonly=True, aggregator="sum")
    errors = fields.Integer(readonly=True, aggregator="sum")
    state = fields.Selection(
        [("green", "Green"), ("red", "Red")],
        required=True,
        default="red",
        readonly=True,
        index=True,
        help="Green: something ran and nothing failed or errored; with pass-rate targets on the "
        "repository, the run and each category reach their target instead (as of the import).",
    )
    case_ids = fields.One2many("practice.eval.case", "run_id", string="Cases", readonly=True)
    failing_case_ids = fields.One2many(
        "practice.eval.case",
        "run_id",
        string="Failing Cases",
        readonly=True,
        domain=[("status", "in", ("failed", "error"))],
    )
    category_ids = fields.One2many(
        "practice.eval.run.category", "run_id", string="Per Category", readonly=True
    )
    failing_count = fields.Integer(compute="_compute_failing_count", help="Failed plus errored cases.")

    @api.depends("failed", "errors")
    def _compute_failing_count(self):
        for run in self:
            run.failing_count = run.failed + run.errors

    # ------------------------------------------------------------------ helpers
    @api.model
    def _categories(self):
        param = self.env["ir.config_parameter"].sudo().get_param(CATEGORIES_PARAM) or ""
        try:
            return categorize.parse_categories(param)
        except categorize.CategoryError:
            return categorize.DEFAULT_CATEGORIES

    @api.model
    def _mapping(self, categories):
        param = self.env["ir.config_parameter"].sudo().get_param(MAPPING_PARAM) or ""
        try:
            return categorize.parse_mapping(param, categories)
        except categorize.CategoryError as err:
            raise UserError(
                _("The category mapping in Settings is invalid: %(error)s", error=str(err))
            ) from err

    def _failing_cases(self, limit=MAX_FAILING_SHOWN):
        self.ensure_one()
        return self.env["practice.eval.case"].search(
            [("run_id", "=", self.id), ("status", "in", ("failed", "error"))],
            order="category, id",
            limit=limit,
        )

    def _as_dict(self):
        """The run as the RPC answers give it. ``pass_rate`` (of the run and of each category)
        is a number, or ``False`` when nothing ran (only skips): n/a, not 0 %; ``ran`` is the
        count of tests that ran."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "repo": self.repo_id.name,
            "branch": self.branch or False,
            "commit": self.commit or False,
            "tree_hash": (self.tree_hash or "") if self.tree_recorded else False,
            "session_id": self.session_id or False,
            "date": fields.Datetime.to_string(self.started_at),
            "state": self.state,
            "green": self.state == "green",
            "target": self.target or False,
            "tests": self.tests,
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "skipped": self.skipped,
            "ran": self.ran,
            "pass_rate": passrate.rate_shown(self.pass_rate, self.ran),
            "by_category": {
                line.category: {
                    "tests": line.tests,
                    "passed": line.passed,
                    "failed": line.failed,
                    "skipped": line.skipped,
                    "ran": line.ran,
                    "pass_rate": passrate.rate_shown(line.pass_rate, line.ran),
                    "target": line.target or False,
                    "green": line.green,
                }
                for line in self.category_ids
            },
            "failing": [case._label() for case in self._failing_cases()],
        }

    @api.model
    def _check_text(self, value, label, limit=guard.DEFAULT_CHAR_MAX):
        if value in (None, False, ""):
            return False
        if not isinstance(value, str) or len(value) > limit:
            raise UserError(
                _(
                    "%(label)s must be text of at most %(max)s characters, got %(value)s.",
                    label=label,
                    max=limit,
                    value=guard.excerpt(value),
                )
            )
        return value.strip() or False

    @api.model
    def _check_tree_hash(self, value):
        """``(recorded, hash)`` of an import's ``tree_hash``: None/False: not recorded; "": a
        clean work tree; else lowercase hex of at most 64 digits."""
        if value is None or value is False:
            return False, False
        if isinstance(value, str) and not value.strip():
            return True, False
        text = value.strip().lower() if isinstance(value, str) else None
        if not text or not TREE_HASH_RE.fullmatch(text):
            raise UserError(
                _(
                    "tree_hash must be hexadecimal of at most %(max)s digits (empty for a clean work "
                    "tree), got %(value)s. Nothing was imported.",
                    max=MAX_TREE_HASH,
                    value=guard.excerpt(value),
                )
            )
        return True, text

    @api.model
    def _max_cases(self):
        """The case limit of one report (Settings > Practice > Eval Runs; default 10,000)."""
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_CASES_PARAM)
        try:
            limit = int(value) if value not in (None, False, "") else DEFAULT_MAX_CASES
        except (TypeError, ValueError):
            limit = DEFAULT_MAX_CASES
        return limit if 1 <= limit <= MAX_CASES_CEILING else DEFAULT_MAX_CASES

    @api.model
    def _session_used_by_others(self, session_id):
        """Has another user pushed a run under ``session_id``? (Runs are read as superuser:
        the caller may not see other users' runs.)"""
        return bool(
            self.sudo().search_count(
                [("session_id", "=", session_id), ("user_id", "!=", self.env.uid)], limit=1
            )
        )

    @api.model
    def _check_session_owner(self, session_id):
        """A run is pushed under the caller's own session id or an unknown one: refused when
        the id is another user's (here: another user already pushed runs under it;
        practice_eval_memory also asks the session log). Managers too: only superuser
        imports (demo data) push under any id."""
        if not session_id or self.env.su:
            return
        if self._session_used_by_others(session_id):
            raise AccessError(self._session_refusal(session_id))

    @api.model
    def _session_refusal(self, session_id):
        return _(
            "Eval run refused: session %(session)s belongs to another user. Push runs under your "
            "own session id, or without one. Nothing was imported.",
            session=guard.excerpt(session_id),
        )

    # ------------------------------------------------------------------ RPC
    @api.model
    def import_junit(
        self,
        xml_text,
        repo=None,
        branch=None,
        commit=None,
        session_id=None,
        name=None,
        source="rpc",
        tree_hash=None,
    ):
        """RPC: import a JUnit XML report as one run (all or nothing).

        ``tree_hash``: the work tree the suite ran on, with ``commit`` (the client's
        ``eval_report.tree_state``): hex of the uncommitted changes, "" when the work tree was
        clean, None when not known (the run then never answers :meth:`suite_state`).

        Returns the run's dict: ``id``, ``tests``, ``passed``, ``failed``, ``errors``,
        ``skipped``, ``ran``, ``pass_rate`` (False when nothing ran), ``green``, ``target`` (the
        repository's pass-rate target for whole runs, False when none), ``by_category`` (each with
        its ``target`` and ``green``), ``tree_hash`` (False when not recorded) and the failing cases.

        Bounded work: a report of more cases than the limit in Settings is refused while it is
        parsed; the cases and scenarios are written in one statement each."""
        if not (self.env.user._practice_has("ai_session") or self.env.su):
            self.env.user._practice_require("engineer", _("import eval runs"))
        if source not in dict(SOURCES):
            raise UserError(_("Unknown source %(value)s.", value=guard.excerpt(source)))
        branch = self._check_text(branch, _("branch"))
        commit = self._check_text(commit, _("commit"), 100)
        tree_recorded, tree_hash = self._check_tree_hash(tree_hash)
        session_id = self._check_text(session_id, _("session_id"), guard.MAX_SESSION_ID)
        name = self._check_text(name, _("name"))
        repo_rec = self.env["practice.repo"]._resolve(repo)
        self._check_session_owner(session_id)
        max_cases = self._max_cases()
        try:
            report = junit.parse(xml_text, max_cases=max_cases)
        except junit.TooManyCases as err:
            raise UserError(
                _(
                    "JUnit report refused: it holds more than %(max)s test cases, the limit set in "
                    "Settings > Practice > Eval Runs. Split the report or raise the limit. Nothing was "
                    "imported.",
                    max=max_cases,
                )
            ) from err
        except junit.JUnitError as err:
            raise UserError(
                _("JUnit report refused: %(error)s. Nothing was imported.", error=str(err))
            ) from err
        categories = self._categories()
        category_of = categorize.categorizer(categories, self._mapping(categories))
        case_vals = [
            {
                "key": key_of(case),
                "name": case["name"],
                "classname": case["classname"] or False,
                "file": case["file"] or False,
                "duration": case["duration"],
                "status": case["status"],
                "message": case["message"] or False,
                "failure_text": case["text"] or False,
                "system_out": case["system_out"] or False,
                "category": category_of(case),
            }
            for case in report["cases"]
        ]
        total = passrate.summary([vals["status"] for vals in case_vals])
        rates = passrate.by_category([(vals["category"], vals["status"]) for vals in case_vals])
        # the one rule of green: no failure, or the repository's pass-rate targets reached
        targets = self.env["practice.eval.target"]._targets_for(repo_rec)
        green = passrate.run_green(total, rates, targets)
        now = fields.Datetime.now()
        # the report's own time is information: never later than the import
        started = min(report["timestamp"], now) if report["timestamp"] else now
        run = self._guarded().create(
            {
                "name": name or report["name"],
                "repo_id": repo_rec.id,
                "branch": branch,
                "commit": commit,
                "tree_hash": tree_hash,
                "tree_recorded": tree_recorded,
                "session_id": session_id,
                "source": source,
                "started_at": started,
                "received_at": now,
                "ended_at": started + timedelta(seconds=report["duration"]),
                "duration": report["duration"],
                "tests": total["tests"],
                "passed": total["passed"],
                "failed": total["failed"],
                "errors": total["errors"],
                "skipped": total["skipped"],
                # nothing ran: no rate, stored as 0.0 (ran = 0 tells them apart)
                "pass_rate": total["pass_rate"] or 0.0,
                "target": passrate.target_of(targets) or 0.0,
                "state": "green" if green else "red",
            }
        )
        # children after the caller's create right on the run was checked: their rows are
        # results of this import, written as superuser
        Scenario = self.env["practice.eval.scenario"].sudo()
        scenarios = Scenario._ensure_for_run(run, case_vals)
        self.env["practice.eval.case"].sudo()._insert_for_run(
            run, case_vals, {key: scenario_id for key, (scenario_id, _state) in scenarios.items()}
        )
        self.env["practice.eval.run.category"].sudo()._guarded().create(
            [
                {
                    "run_id": run.id,
                    "category": category,
                    "tests": rate["tests"],
                    "passed": rate["passed"],
                    "failed": rate["failed"] + rate["errors"],
                    "skipped": rate["skipped"],
                    "pass_rate": rate["pass_rate"] or 0.0,
                    "target": passrate.target_of(targets, category) or 0.0,
                    "green": passrate.meets(rate, passrate.target_of(targets, category)),
                }
                for category, rate in rates.items()
            ]
        )
        Scenario._record_run(run, case_vals, scenarios)
        return run._as_dict()

    @api.model
    def _demo_import(self, filename, branch, commit, name=None):
        """Demo data: import a report stored in this addon's demo/ folder (as superuser)."""
        with file_open(f"practice_eval/demo/{filename}", "rb") as handle:
            xml = handle.read()
        return self.sudo().import_junit(xml, branch=branch, commit=commit, name=name, source="upload")

    @api.model
    def _latest_run(self, repo_rec, session_id=None):
        domain = [("repo_id", "=", repo_rec.id)]
        if session_id:
            domain.append(("session_id", "=", session_id))
        return self.search(domain, order="received_at desc, id desc", limit=1)

    @api.model
    def latest(self, repo=None):
        """RPC: the latest run of the repository (default: the default repository) or False:
        the last one the server received, whatever time its report claims."""
        run = self._latest_run(self.env["practice.repo"]._resolve(repo))
        return run._as_dict() if run else False

    @api.model
    def suite_state(self, repo=None, commit=None, tree_hash="", since=None):
        """RPC: the latest run (last received) of the repository pushed on exactly this work
        tree: ``commit`` (None: a repository without commits) and ``tree_hash`` (the hash of the
        uncommitted changes, "" when clean), received at or after ``since`` (an ISO datetime,
        UTC unless it names its offset: the session's start) when given. Only runs whose push
        recorded the work tree count.

        Answers ``{"found", "green", "run_id", "failing" (at most 20 test names), "failing_count",
        "tests", "commit", "tree_hash", "repo", "date", "suite_gate", "test_command"}``;
        ``suite_gate`` and ``test_command`` are the repository's (the stop hook's switch and
        the command it asks for). For whoever may read runs."""
        self.browse().check_access("read")
        commit = self._check_text(commit, _("commit"), 100)
        _recorded, tree_hash = self._check_tree_hash(tree_hash or "")
        moment = None
        if since not in (None, False, ""):
            moment = when.to_datetime(since) if isinstance(since, str) and len(since) <= 64 else None
            if moment is None:
                raise UserError(
                    _(
                        "since must be an ISO date and time (e.g. 2026-03-02T10:00:00Z), got %(value)s.",
                        value=guard.excerpt(since),
                    )
                )
        repo_rec = self.env["practice.repo"]._resolve(repo)
        domain = [
            ("repo_id", "=", repo_rec.id),
            ("tree_recorded", "=", True),
            ("commit", "=", commit),
            ("tree_hash", "=", tree_hash),
        ]
        if moment:
            domain.append(("received_at", ">=", moment))
        run = self.search(domain, order="received_at desc, id desc", limit=1)
        answer = {
            "found": bool(run),
            "green": run.state == "green" if run else False,
            "run_id": run.id or False,
            "failing": [],
            "failing_count": 0,
            "tests": run.tests if run else 0,
            "commit": commit,
            "tree_hash": tree_hash or "",
            "repo": repo_rec.name,
            "date": fields.Datetime.to_string(run.received_at) if run else False,
            "suite_gate": repo_rec.suite_gate,
            "test_command": repo_rec.test_command or False,
        }
        if run and run.state != "green":
            answer["failing"] = [case._key() for case in run._failing_cases()]
            answer["failing_count"] = run.failed + run.errors
        return answer

    @api.model
    def trend(self, repo=None, limit=20):
        """RPC: the last ``limit`` runs of the repository received, oldest first (``date`` is
        the report's time; ``pass_rate`` is False when nothing ran):
        ``[{"id", "date", "name", "branch", "commit", "tests", "ran", "pass_rate", "green"}]``."""
        try:
            limit = guard.parse_int(limit, "limit", 1, MAX_TREND)
        except guard.InputError as err:
            raise UserError(str(err)) from err
        repo_rec = self.env["practice.repo"]._resolve(repo)
        runs = self.search([("repo_id", "=", repo_rec.id)], order="received_at desc, id desc", limit=limit)
        return [
            {
                "id": run.id,
                "date": fields.Datetime.to_string(run.started_at),
                "name": run.name,
                "branch": run.branch or False,
                "commit": run.commit or False,
                "tests": run.tests,
                "ran": run.ran,
                "pass_rate": passrate.rate_shown(run.pass_rate, run.ran),
                "green": run.state == "green",
            }
            for run in reversed(runs)
        ]

    # ------------------------------------------------------------------ backend
    def action_view_cases_by_category(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cases of %(run)s", run=self.display_name),
            "res_model": "practice.eval.case",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
            "context": {"group_by": ["category"]},
        }

    def action_view_failing(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Failing cases of %(run)s", run=self.display_name),
            "res_model": "practice.eval.case",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id), ("status", "in", ("failed", "error"))],
        }

    @api.depends("name", "started_at", "state")
    def _compute_display_name(self):
        for run in self:
            when = fields.Datetime.to_string(run.started_at)[:16] if run.started_at else ""
            run.display_name = f"{run.name} {when}".strip()
