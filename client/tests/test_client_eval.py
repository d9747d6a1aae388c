"""`practice eval latest|trend` printing, without a server: a rate where nothing ran is n/a."""

import pytest
from click.testing import CliRunner
from practice_client import cli as cli_module

pytestmark = pytest.mark.integration

# a run as practice.eval.run.latest() answers it: "rules" only skipped (no rate: false)
RUN = {
    "id": 7,
    "name": "pytest",
    "repo": "shop",
    "branch": "main",
    "commit": "c0ffee",
    "session_id": False,
    "date": "2026-03-02 10:00:00",
    "state": "red",
    "green": False,
    "tests": 4,
    "passed": 2,
    "failed": 1,
    "errors": 0,
    "skipped": 1,
    "ran": 3,
    "pass_rate": 66.67,
    "by_category": {
        "domain": {"tests": 2, "passed": 2, "failed": 0, "skipped": 0, "ran": 2, "pass_rate": 100.0},
        "rules": {"tests": 1, "passed": 0, "failed": 0, "skipped": 1, "ran": 1 - 1, "pass_rate": False},
        "security": {"tests": 1, "passed": 0, "failed": 1, "skipped": 0, "ran": 1, "pass_rate": 0.0},
    },
    "failing": [],
}
ONLY_SKIPS = dict(RUN, id=8, tests=1, passed=0, failed=0, skipped=1, ran=0, pass_rate=False, by_category={})
TREND = [
    {"id": 7, "date": "2026-03-02 10:00:00", "name": "pytest", "branch": "main", "commit": "c0ffee",
     "tests": 4, "ran": 3, "pass_rate": 66.67, "green": False},
    {"id": 8, "date": "2026-03-03 10:00:00", "name": "pytest", "branch": "main", "commit": "c0ffee",
     "tests": 1, "ran": 0, "pass_rate": False, "green": False},
]  # fmt: skip


class _Server:
    """Stands in for PracticeRPC: answers eval calls with the run given."""

    answers = {}

    def __init__(self, settings):
        self.settings = settings

    def call(self, model, method, *args, **kwargs):
        return _Server.answers[method]


def _run(monkeypatch, answers, *args):
    _Server.answers = answers
    monkeypatch.setattr("practice_client.cli_common.PracticeRPC", _Server)
    return CliRunner().invoke(
        cli_module.cli, list(args), env={"PRACTICE_API_KEY": "k"}, catch_exceptions=False
    )


def _table(output):
    """The tab-separated category table of `eval latest` (not a terminal: plain lines)."""
    lines = output.splitlines()
    start = lines.index("category\ttests\tpassed\tfailed\tpass rate")
    return [line.split("\t") for line in lines[start + 1 : start + 4]]


def test_eval_latest_prints_na_for_a_category_that_only_skipped(monkeypatch):
    """Issue 24 item 5: a category whose tests were all skipped shows n/a, not 0 %; a category
    that ran and failed everything still shows 0.00%."""
    result = _run(monkeypatch, {"latest": RUN}, "eval", "latest")
    assert result.exit_code == 0, result.output
    assert "2/3 passed (66.67%)" in result.output
    assert _table(result.output) == [
        ["domain", "2", "2", "0", "100.00%"],
        ["rules", "1", "0", "0", "n/a"],
        ["security", "1", "0", "1", "0.00%"],
    ]


def test_eval_latest_and_trend_print_na_for_a_run_that_only_skipped(monkeypatch):
    result = _run(monkeypatch, {"latest": ONLY_SKIPS}, "eval", "latest")
    assert result.exit_code == 0, result.output
    assert "RED" in result.output and "0/0 passed (n/a), 0 failed, 0 errors, 1 skipped" in result.output
    trend = _run(monkeypatch, {"trend": TREND}, "eval", "trend")
    assert trend.exit_code == 0, trend.output
    rows = [line.split("\t") for line in trend.output.splitlines()[1:]]
    assert [(row[0], row[5]) for row in rows] == [("7", "66.67%"), ("8", "n/a")]


def test_an_older_server_answering_zero_without_ran_is_still_na_for_the_run(monkeypatch):
    """Servers before the fix answered 0.0 where nothing ran: the run line counts what ran."""
    older = dict(ONLY_SKIPS, pass_rate=0.0)
    del older["ran"]
    result = _run(monkeypatch, {"latest": older}, "eval", "latest")
    assert "0/0 passed (n/a)" in result.output
