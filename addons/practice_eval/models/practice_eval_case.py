# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..tools import bulk

STATUSES = [("error", "Error"), ("failed", "Failed"), ("skipped", "Skipped"), ("passed", "Passed")]
# failures first wherever cases are listed
STATUS_RANK = {"error": 0, "failed": 1, "skipped": 2, "passed": 3}


def key_of(vals):
    """A case's scenario key (class name::test name) from its values."""
    return f"{vals['classname']}::{vals['name']}" if vals.get("classname") else vals["name"]


class PracticeEvalCase(models.Model):
    """One test case of a run, as the report gave it. Written only by the run's import."""

    _name = "practice.eval.case"
    _description = "Eval Case"
    _inherit = ["practice.guarded.mixin"]
    _order = "run_id desc, status_rank, category, classname, name, id"
    # a case is a result the import writes once, never edited: who and when are its run's
    # (create_uid/create_date of the run), not four more columns and two more foreign-key
    # checks on each of 10,000 rows
    _log_access = False
    _guarded_immutable = (
        "run_id",
        "name",
        "classname",
        "file",
        "duration",
        "status",
        "message",
        "failure_text",
        "system_out",
        "category",
        "scenario_id",
    )
    _guarded_actions = "practice.eval.run.import_junit()"

    run_id = fields.Many2one(
        "practice.eval.run", required=True, index=True, ondelete="cascade", readonly=True
    )
    name = fields.Char(required=True, readonly=True, help="Test name.")
    # no index on class name, category or status: every read goes through the run or the
    # scenario, and three more indexes made an import of 10,000 cases about 40 % slower;
    # failing cases have their own partial index (init)
    classname = fields.Char(string="Class", readonly=True, help="Class name (pytest: module.Class).")
    file = fields.Char(readonly=True, help="Test file, when the report names it.")
    duration = fields.Float(readonly=True, help="Seconds.")
    status = fields.Selection(STATUSES, required=True, readonly=True)
    status_rank = fields.Integer(compute="_compute_status_rank", store=True, help="Failures first.")
    message = fields.Char(readonly=True, help="The failure, error or skip message.")
    failure_text = fields.Text(readonly=True, help="Traceback or failure details.")
    system_out = fields.Text(string="Output", readonly=True, help="Captured output.")
    category = fields.Char(readonly=True, help="Marker/tag, mapping, or 'uncategorized'.")
    scenario_id = fields.Many2one("practice.eval.scenario", readonly=True, index=True)
    # the run's, read through it: stored copies cost each of 10,000 rows two more columns, an
    # index and a foreign-key check (the multi-company rule goes through the run too)
    repo_id = fields.Many2one(related="run_id.repo_id")
    commit = fields.Char(related="run_id.commit")
    started_at = fields.Datetime(related="run_id.started_at", string="Run Date")
    run_state = fields.Selection(related="run_id.state", string="Run State")

    def init(self):
        # a run's failing cases (answers, the gate's refusal, the Failing filter): a few rows
        # among thousands, indexed without paying for the passing ones
        create_index(
            self.env.cr,
            "practice_eval_case_failing_index",
            self._table,
            ["run_id"],
            where="status IN ('failed', 'error')",
        )

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "message": 2000}

    @api.depends("status")
    def _compute_status_rank(self):
        for case in self:
            case.status_rank = STATUS_RANK.get(case.status, 9)

    @api.model
    def _insert_for_run(self, run, case_vals, scenarios):
        """Insert the run's cases (``case_vals``: the import's dicts, in report order) in one
        ``COPY``, each linked to its scenario (``scenarios``: ``{key: id}``).

        Every stored column the ORM would write is written here: ``status_rank`` (computed);
        cases have no access-log columns (the run's say who imported them and when) and read
        their repository, commit and date through the run. The values are the parser's,
        bounded below the fields' limits (:mod:`..tools.junit`)."""
        if not case_vals:
            return
        run.flush_recordset()
        rows = [
            (
                vals["name"],
                vals["classname"],
                vals["file"],
                vals["duration"],
                vals["status"],
                STATUS_RANK.get(vals["status"], 9),
                vals["message"],
                vals["failure_text"],
                vals["system_out"],
                vals["category"],
                scenarios[vals["key"]],
            )
            for vals in case_vals
        ]
        statement, data = bulk.copy(
            self._table,
            {"run_id": run.id},
            [
                ("name", "varchar"),
                ("classname", "varchar"),
                ("file", "varchar"),
                ("duration", "float"),
                ("status", "varchar"),
                ("status_rank", "int"),
                ("message", "varchar"),
                ("failure_text", "text"),
                ("system_out", "text"),
                ("category", "varchar"),
                ("scenario_id", "int"),
            ],
            rows,
        )
        self.env.cr.copy_expert(statement, io.StringIO(data))
        self.invalidate_model()
        run.invalidate_recordset(["case_ids", "failing_case_ids"])

    def _key(self):
        self.ensure_one()
        return key_of({"classname": self.classname, "name": self.name})

    def _label(self):
        """``{"name", "category", "status", "message"}`` of a failing case for answers."""
        self.ensure_one()
        return {
            "name": self._key(),
            "category": self.category,
            "status": self.status,
            "message": (self.message or "")[:300],
        }

    @api.depends("name", "classname")
    def _compute_display_name(self):
        for case in self:
            case.display_name = case._key()
