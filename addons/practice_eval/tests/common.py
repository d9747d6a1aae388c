# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures for eval tests: the practice users, a report of a real pytest run, helpers."""

import tempfile

from odoo.addons.practice_base.tests.common import PracticeCase

from . import sample_project
from .sample_project import GREEN_TESTS


def junit_case(name, status="passed", classname="pkg.TestThing", message="boom"):
    body = {
        "passed": "",
        "failed": f'<failure message="{message}">AssertionError: {message}</failure>',
        "error": f'<error message="{message}">RuntimeError: {message}</error>',
        "skipped": '<skipped message="later"/>',
    }[status]
    return f'<testcase classname="{classname}" name="{name}" time="0.01">{body}</testcase>'


def junit_doc(*cases, timestamp="2026-03-02T10:00:00"):
    return f'<testsuite name="pytest" timestamp="{timestamp}" time="1.0">{"".join(cases)}</testsuite>'


_REPORTS = []


def sample_reports():
    """(red, green) reports of real pytest runs of the sample project, made once per process."""
    if not _REPORTS:
        with tempfile.TemporaryDirectory() as red, tempfile.TemporaryDirectory() as green:
            _REPORTS.append(sample_project.run_sample(red))
            _REPORTS.append(sample_project.run_sample(green, tests=GREEN_TESTS, expect_rc=0))
    return tuple(_REPORTS)


class EvalCase(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["practice.eval.run"]
        cls.Case = cls.env["practice.eval.case"]
        cls.Scenario = cls.env["practice.eval.scenario"]
        cls.red_report, cls.green_report = sample_reports()

    def push(self, user, xml, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        return self.Run.with_user(user).import_junit(xml, **kwargs)

    def counts(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT (SELECT count(*) FROM practice_eval_run), (SELECT count(*) FROM practice_eval_case), "
            "(SELECT count(*) FROM practice_eval_scenario), (SELECT count(*) FROM practice_eval_run_category)"
        )
        return self.env.cr.fetchone()
