# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import passrate

MAX_COMMITS_SHOWN = 5


class PracticeEvalScenario(models.Model):
    """A test case across runs of one repository (class name + test name): its last status,
    the run since which it fails, and whether it is flaky (passed and failed on one commit).
    Maintained by each import (:meth:`_record_run`)."""

    _name = "practice.eval.scenario"
    _description = "Eval Scenario"
    _inherit = ["practice.guarded.mixin"]
    _order = "failing desc, failing_since, repo_id, name"
    _guarded_fields = (
        "last_status",
        "last_run_id",
        "last_date",
        "failing",
        "failing_since_run_id",
        "failing_since",
        "flaky",
        "flaky_commits",
        "category",
    )
    _guarded_immutable = ("repo_id", "name", "classname", "test_name")
    _guarded_actions = "practice.eval.run.import_junit()"

    name = fields.Char(required=True, readonly=True, help="class name::test name")
    repo_id = fields.Many2one("practice.repo", string="Repository", required=True, index=True, readonly=True)
    classname = fields.Char(string="Class", readonly=True)
    test_name = fields.Char(readonly=True)
    category = fields.Char(readonly=True, index=True, help="Category of its last run.")
    last_status = fields.Selection(
        [("error", "Error"), ("failed", "Failed"), ("skipped", "Skipped"), ("passed", "Passed")],
        readonly=True,
    )
    last_run_id = fields.Many2one("practice.eval.run", readonly=True, ondelete="set null")
    last_date = fields.Datetime(readonly=True)
    failing = fields.Boolean(readonly=True, index=True)
    failing_since_run_id = fields.Many2one("practice.eval.run", readonly=True, ondelete="set null")
    failing_since = fields.Datetime(
        readonly=True, help="Date of the first run of the current failing streak."
    )
    flaky = fields.Boolean(readonly=True, index=True, help="Passed and failed on the same commit.")
    flaky_commits = fields.Char(readonly=True, help="Commits where it both passed and failed.")
    case_ids = fields.One2many("practice.eval.case", "scenario_id", string="History", readonly=True)

    _sql_constraints = [
        ("repo_name_unique", "unique(repo_id, name)", "One scenario per test and repository.")
    ]

    @api.model
    def _record_run(self, run):
        """Link the run's cases to their scenarios and bring the scenarios up to date (the
        run's history is read again, so imports out of date order still give the right streak)."""
        cases = run.sudo().case_ids
        keys = {case._key(): case for case in cases}
        existing = {
            s.name: s for s in self.search([("repo_id", "=", run.repo_id.id), ("name", "in", list(keys))])
        }
        missing = [key for key in keys if key not in existing]
        if missing:
            created = self._guarded().create(
                [
                    {
                        "name": key,
                        "repo_id": run.repo_id.id,
                        "classname": keys[key].classname,
                        "test_name": keys[key].name,
                    }
                    for key in missing
                ]
            )
            existing.update({s.name: s for s in created})
        for key, case in keys.items():
            case._guarded().write({"scenario_id": existing[key].id})
        scenarios = self.browse([s.id for s in existing.values()])
        scenarios._refresh()

    def _refresh(self):
        Case = self.env["practice.eval.case"]
        for scenario in self:
            history = Case.search([("scenario_id", "=", scenario.id)], order="started_at, run_id, id")
            if not history:
                continue
            last = history[-1]
            since_run = passrate.failing_since([(case.run_id, case.status) for case in history])
            flaky = passrate.flaky([(case.commit, scenario.name, case.status) for case in history])
            commits = flaky.get(scenario.name, [])
            scenario._guarded().write(
                {
                    "category": last.category,
                    "last_status": last.status,
                    "last_run_id": last.run_id.id,
                    "last_date": last.started_at,
                    "failing": bool(since_run),
                    "failing_since_run_id": since_run.id if since_run else False,
                    "failing_since": since_run.started_at if since_run else False,
                    "flaky": bool(commits),
                    "flaky_commits": ", ".join(c[:12] for c in commits[:MAX_COMMITS_SHOWN]) or False,
                }
            )
