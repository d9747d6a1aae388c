# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import bulk, junit, passrate

MAX_COMMITS_SHOWN = 5
# what an import reads of each scenario and writes back when it changed
STATE_COLUMNS = (
    "category",
    "last_status",
    "failing",
    "failing_since_run_id",
    "failing_since",
    "flaky",
    "flaky_commits",
)
NEW_STATE = (None, None, False, None, None, False, None)


class PracticeEvalScenario(models.Model):
    """A test case across runs of one repository (class name + test name): its last status,
    the run since which it fails, and whether it is flaky (passed and failed on one commit).
    Maintained by each import (:meth:`_record_run`), in the order the server received the runs."""

    _name = "practice.eval.scenario"
    _description = "Eval Scenario"
    _inherit = ["practice.guarded.mixin"]
    _order = "failing desc, failing_since, repo_id, name"
    _guarded_fields = (
        "last_status",
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
    last_run_id = fields.Many2one(
        "practice.eval.run",
        compute="_compute_last_run",
        help="The last run received that included this test (read from its history, not stored: "
        "an import writes only the scenarios whose state changed).",
    )
    last_date = fields.Datetime(compute="_compute_last_run", help="Report time of the last run.")
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

    def _compute_last_run(self):
        ids = [sid for sid in self.ids if isinstance(sid, int)]
        last = {}
        if ids:
            self.env["practice.eval.case"].flush_model(["scenario_id", "run_id"])
            self.env["practice.eval.run"].flush_model(["received_at"])
            self.env.cr.execute(
                SQL(
                    "SELECT DISTINCT ON (c.scenario_id) c.scenario_id, c.run_id "
                    "FROM practice_eval_case c JOIN practice_eval_run r ON r.id = c.run_id "
                    "WHERE c.scenario_id = ANY(%s) "
                    "ORDER BY c.scenario_id, r.received_at DESC, r.id DESC, c.id DESC",
                    ids,
                )
            )
            last = dict(self.env.cr.fetchall())
        Run = self.env["practice.eval.run"]
        for scenario in self:
            run = Run.browse(last.get(scenario.id))
            scenario.last_run_id = run
            scenario.last_date = run.sudo().started_at if run else False

    @api.model
    def _guard_size_limits(self):
        # the key joins a class name and a test name, each at most junit.MAX_NAME characters
        return {**super()._guard_size_limits(), "name": 2 * junit.MAX_NAME + 2}

    @api.model
    def _ensure_for_run(self, run, case_vals):
        """``{key: (scenario id, state)}`` of the run's cases (``case_vals`` carry their
        ``key``), the missing scenarios created in one statement (with the access-log columns
        the ORM would write). ``state`` is the :data:`STATE_COLUMNS` values, read in the same
        statement for :meth:`_record_run`.

        Concurrent imports of the same new test: PostgreSQL answers ``ON CONFLICT DO NOTHING``
        on a row this transaction cannot see with a serialization failure, and the request is
        retried; so every key is found or created here."""
        keys = {}
        for vals in case_vals:
            keys.setdefault(vals["key"], vals)
        if not keys:
            return {}
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT name, id, %s FROM practice_eval_scenario WHERE repo_id = %s%s",
                SQL(", ").join(SQL.identifier(column) for column in STATE_COLUMNS),
                run.repo_id.id,
                self._keys_filter(run.repo_id, keys),
            )
        )
        found = {
            name: (scenario_id, tuple(state))
            for name, scenario_id, *state in self.env.cr.fetchall()
            if name in keys
        }
        missing = [key for key in keys if key not in found]
        if missing:
            self._guard_check_sizes([{"name": key} for key in missing])
            now = self.env.cr.now()
            self.env.cr.execute(
                bulk.insert(
                    self._table,
                    {
                        "repo_id": run.repo_id.id,
                        "failing": False,
                        "flaky": False,
                        "create_uid": self.env.uid,
                        "create_date": now,
                        "write_uid": self.env.uid,
                        "write_date": now,
                    },
                    [("name", "varchar"), ("classname", "varchar"), ("test_name", "varchar")],
                    [(key, keys[key]["classname"], keys[key]["name"]) for key in missing],
                    returning=("name", "id"),
                    on_conflict=SQL("(repo_id, name) DO NOTHING"),
                )
            )
            found.update((name, (scenario_id, NEW_STATE)) for name, scenario_id in self.env.cr.fetchall())
            if len(found) != len(keys):  # cannot happen (see above): refuse rather than half-link
                raise UserError(_("Eval scenarios changed during the import; push the report again."))
        return found

    @api.model
    def _keys_filter(self, repo, keys):
        """The condition on scenario names of :meth:`_ensure_for_run`: none when the
        repository holds at most twice as many scenarios as the run has keys (the usual case,
        one suite pushed again: reading them all is three times faster than sending 10,000
        names to compare), else ``name = ANY(keys)``."""
        self.env.cr.execute(SQL("SELECT count(*) FROM practice_eval_scenario WHERE repo_id = %s", repo.id))
        if self.env.cr.fetchone()[0] <= 2 * len(keys):
            return SQL()
        return SQL(" AND name = ANY(%s)", list(keys))

    @api.model
    def _record_run(self, run, case_vals, scenarios):
        """Bring the run's scenarios up to date with its cases (``case_vals`` in report order,
        ``scenarios``: ``{key: (id, state)}`` from :meth:`_ensure_for_run`), in one statement.

        Runs are ordered by when the server received them, so the run imported now is every
        scenario's latest: its state follows from the stored one (the failing streak, the
        flaky commits) without reading the history again. Flaky: the scenario both passed and
        failed on the run's commit, looked up in the earlier runs of the same commit."""
        if not scenarios:
            return
        statuses = defaultdict(list)
        last = {}
        for vals in case_vals:
            statuses[vals["key"]].append(vals["status"])
            last[vals["key"]] = vals
        before = self._commit_statuses(run)
        rows = []
        run_key, commit = (run.id, run.started_at), run.commit
        for key, (scenario_id, old) in scenarios.items():
            _category, _status, failing, since_id, since_date, flaky, shown = old
            failing, since = passrate.advance(
                bool(failing), since_id and (since_id, since_date), run_key, statuses[key]
            )
            if commit:
                seen = {("bad" if s in ("failed", "error") else s) for s in statuses[key]}
                seen |= before.get(scenario_id, set())
                if {"passed", "bad"} <= seen:
                    flaky, shown = True, passrate.merge_flaky_commits(shown, commit, MAX_COMMITS_SHOWN)
            new = (
                last[key]["category"],
                last[key]["status"],
                failing,
                since[0] if since else None,
                since[1] if since else None,
                bool(flaky),
                shown or None,
            )
            if new != (old[0], old[1], bool(old[2]), *old[3:5], bool(old[5]), old[6] or None):
                rows.append((scenario_id, *new))
        if rows:  # a suite that did the same as last time changes no scenario
            self.env.cr.execute(
                bulk.update(
                    self._table,
                    {"write_uid": self.env.uid, "write_date": self.env.cr.now()},
                    [
                        ("id", "int"),
                        ("category", "varchar"),
                        ("last_status", "varchar"),
                        ("failing", "bool"),
                        ("failing_since_run_id", "int"),
                        ("failing_since", "timestamp"),
                        ("flaky", "bool"),
                        ("flaky_commits", "varchar"),
                    ],
                    rows,
                )
            )
        self.invalidate_model()

    @api.model
    def _commit_statuses(self, run):
        """``{scenario id: {"passed", "bad", "skipped"}}``: what the scenarios did in the
        repository's earlier runs of the run's commit (read through those runs' cases: none
        when the commit is new, the usual case)."""
        if not run.commit:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT c.scenario_id, c.status FROM practice_eval_case c WHERE c.run_id IN "
                "(SELECT r.id FROM practice_eval_run r WHERE r.repo_id = %s AND r.commit = %s AND r.id != %s)",
                run.repo_id.id,
                run.commit,
                run.id,
            )
        )
        seen = defaultdict(set)
        for scenario_id, status in self.env.cr.fetchall():
            seen[scenario_id].add("bad" if status in ("failed", "error") else status)
        return seen

    def _refresh(self):
        """Recompute these scenarios from their whole history, in the order the runs were
        received (the migration to ``received_at`` ordering; imports use :meth:`_record_run`)."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT c.scenario_id, c.run_id, r.started_at, c.status, c.category, r.commit "
                "FROM practice_eval_case c JOIN practice_eval_run r ON r.id = c.run_id "
                "WHERE c.scenario_id = ANY(%s) ORDER BY c.scenario_id, r.received_at, r.id, c.id",
                self.ids,
            )
        )
        history = defaultdict(list)
        for scenario_id, *row in self.env.cr.fetchall():
            history[scenario_id].append(row)
        for scenario in self:
            rows = history.get(scenario.id)
            if not rows:
                continue
            _run_id, _started_at, status, category, _commit = rows[-1]
            since = passrate.failing_since([((r[0], r[1]), r[2]) for r in rows])
            commits = passrate.flaky([(r[4], scenario.name, r[2]) for r in rows]).get(scenario.name, [])
            scenario._guarded().write(
                {
                    "category": category,
                    "last_status": status,
                    "failing": bool(since),
                    "failing_since_run_id": since[0] if since else False,
                    "failing_since": since[1] if since else False,
                    "flaky": bool(commits),
                    "flaky_commits": ", ".join(c[:12] for c in commits[:MAX_COMMITS_SHOWN]) or False,
                }
            )
