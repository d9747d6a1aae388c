# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeRepo(models.Model):
    _inherit = "practice.repo"

    suite_gate = fields.Boolean(
        string="Stop Asks for a Green Suite",
        default=True,
        help="When an agent session changed files in modules of this repository, the agent's stop "
        "hook asks for a green eval run pushed on the work tree as it is (commit plus uncommitted "
        "changes) before the agent stops, naming the failing tests of a red one. Off: stopping "
        "never asks for the suite.",
    )
    eval_target_ids = fields.One2many(
        "practice.eval.target",
        "repo_id",
        string="Pass-Rate Targets",
        help="A run or category with failures is green all the same when its pass rate reaches "
        "its target: one for a category, or (no category) for the whole run and every category "
        "without its own. None: green means no failure. Applies to runs imported afterwards.",
    )
    test_command = fields.Char(
        help="The command that runs this repository's test suite and writes a JUnit report, e.g. "
        "'setup/test' or 'pytest --junitxml=report.xml'. The stop hook tells the agent to run it "
        "(the PRACTICE_TEST_CMD environment variable of the agent overrides it).",
    )
