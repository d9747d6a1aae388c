# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the check parsers (coverage, lint, audit): no database."""

import json

import pytest

from odoo.addons.practice_eval.tools import checks

pytestmark = pytest.mark.domain

COBERTURA = (
    '<?xml version="1.0" ?>\n<coverage version="7.4" timestamp="1" lines-valid="200" '
    'lines-covered="153" line-rate="0.765" branches-covered="0" branches-valid="0" branch-rate="0" '
    'complexity="0"><sources><source>/src</source></sources><packages/></coverage>'
)
AUDIT = {
    "dependencies": [
        {"name": "requests", "version": "2.0.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2.31"]}]},
        {
            "name": "jinja2",
            "version": "2.0",
            "vulns": [
                {"id": "GHSA-1", "fix_versions": [], "severity": "CRITICAL"},
                {"id": "GHSA-2", "fix_versions": [], "severity": "low"},
            ],
        },
        {"name": "click", "version": "8.1.7", "vulns": []},
    ],
    "fixes": [],
}


def test_coverage_line_rate_in_percent():
    values = checks.parse("coverage", COBERTURA)
    assert values == {"line_rate": 76.5, "lines_valid": 200, "lines_covered": 153}
    assert checks.passes("coverage", values)
    assert checks.summary("coverage", values) == "coverage 76.5 %"


@pytest.mark.parametrize(
    "content, message",
    [
        ("<report/>", "root element is <report>"),
        ('<coverage line-rate="1.5"/>', "between 0 and 1"),
        ("<coverage/>", "no numeric line-rate"),
        ("not xml", "not a Cobertura XML report"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><coverage line-rate="1"/>', "not a Cobertura XML report"),
        ("", "empty"),
        ("x" * (checks.MAX_BYTES + 1), "larger than"),
    ],
)
def test_coverage_refuses_bad_reports(content, message):
    with pytest.raises(checks.CheckError, match=message):
        checks.parse("coverage", content)


def test_lint_json_and_key_value_text():
    values = checks.parse("lint", '{"exit_code": 0, "errors": 0, "warnings": 3, "tool": "ruff"}')
    assert values == {"exit_code": 0, "errors": 0, "warnings": 3, "tool": "ruff"}
    assert checks.passes("lint", values)
    values = checks.parse("lint", "# pre-commit\nexit_code=1\nerrors=4\ntool=pylint-odoo\n")
    assert values == {"exit_code": 1, "errors": 4, "warnings": 0, "tool": "pylint-odoo"}
    assert not checks.passes("lint", values)
    assert not checks.passes("lint", checks.parse("lint", '{"exit_code": 0, "errors": 2}'))


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"errors": 1}', "no exit_code"),
        ('{"exit_code": "0"}', "exit_code must be"),
        ('{"exit_code": 0, "errors": -1}', "errors must be"),
        ("exit_code 0", "not key=value"),
        ("[1]", "not key=value"),
        ("{bad json", "not valid JSON"),
    ],
)
def test_lint_refuses_bad_summaries(content, message):
    with pytest.raises(checks.CheckError, match=message):
        checks.parse("lint", content)


def test_audit_counts_by_severity_high_by_default():
    values = checks.parse("audit", json.dumps(AUDIT))
    assert values["dependencies"] == 3
    assert values["vulnerable"] == 2
    assert values["vulns"] == 3
    assert (values["critical"], values["high"], values["medium"], values["low"]) == (1, 1, 0, 1)
    assert not checks.passes("audit", values)
    clean = checks.parse("audit", json.dumps({"dependencies": [{"name": "a", "version": "1", "vulns": []}]}))
    assert checks.passes("audit", clean)
    assert clean["vulns"] == 0
    low = checks.parse("audit", json.dumps([{"name": "a", "vulns": [{"id": "X", "severity": "moderate"}]}]))
    assert (low["medium"], checks.passes("audit", low)) == (1, True)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{}", 'no "dependencies" list'),
        ('{"dependencies": [1]}', "must be an object"),
        ('{"dependencies": [{"name": "a", "vulns": {}}]}', "must be a list"),
        ("nope", "not valid JSON"),
    ],
)
def test_audit_refuses_bad_reports(content, message):
    with pytest.raises(checks.CheckError, match=message):
        checks.parse("audit", content)


def test_audit_is_bounded():
    deps = [{"name": f"p{i}", "vulns": []} for i in range(checks.MAX_DEPENDENCIES + 1)]
    with pytest.raises(checks.CheckError, match="more than"):
        checks.parse("audit", json.dumps({"dependencies": deps}))


def test_unknown_kind():
    with pytest.raises(checks.CheckError, match="unknown check kind"):
        checks.parse("tests", "x")
