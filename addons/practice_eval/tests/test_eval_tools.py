# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the JUnit parser, categorisation and pass-rate arithmetic (no database).

The reports are produced by really running pytest (``python -m pytest --junitxml``) on a
small sample project written into a temporary folder: passes, a failure, a fixture error, a
skip, markers recorded as properties, captured output.
"""

import pytest

from odoo.addons.practice_eval.tools import categorize, junit, passrate

from . import sample_project


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    """The JUnit report of a real pytest run on the sample project (exit code 1: a test fails)."""
    return sample_project.run_sample(tmp_path_factory.mktemp("sample_project"))


def _by_name(parsed):
    return {case["name"]: case for case in parsed["cases"]}


@pytest.mark.integration
def test_parses_a_real_pytest_report(sample_report):
    parsed = junit.parse(sample_report)
    cases = _by_name(parsed)
    assert parsed["suites"] == 1 and parsed["name"] == "pytest"
    assert parsed["timestamp"] is not None
    assert len(cases) == 8
    assert cases["test_refuses_outsider"]["status"] == "passed"
    failed = cases["test_leaks_secret"]
    assert failed["status"] == "failed"
    assert "secret leaked into the log" in failed["message"]
    assert "assert 2 == 3" in failed["text"] or "1 + 1 == 3" in failed["text"]
    assert "captured output of the failing test" in failed["system_out"]
    assert cases["test_not_today"]["status"] == "skipped"
    assert "waiting for the new rule engine" in cases["test_not_today"]["message"]
    error = cases["test_needs_database"]
    assert error["status"] == "error" and "fixture could not connect" in error["text"]
    assert cases["test_one"]["classname"] == "test_sample.TestDomainThings"
    assert cases["test_refuses_outsider"]["properties"] == {"category": "security"}


@pytest.mark.integration
def test_categories_of_a_real_report(sample_report):
    mapping = categorize.parse_mapping("test_integrity_* = integrity")
    cases = {
        case["name"]: categorize.categorize(case, mapping=mapping)
        for case in junit.parse(sample_report)["cases"]
    }
    assert cases == {
        "test_refuses_outsider": "security",
        "test_leaks_secret": "security",
        "test_not_today": "rules",
        "test_needs_database": "lifecycle",
        "test_without_marker": "uncategorized",
        "test_one": "domain",
        "test_two": "domain",
        "test_totals_match": "integrity",
    }


@pytest.mark.integration
def test_pass_rates_of_a_real_report(sample_report):
    cases = junit.parse(sample_report)["cases"]
    total = passrate.summary([case["status"] for case in cases])
    assert (total["tests"], total["passed"], total["failed"], total["errors"], total["skipped"]) == (
        8,
        5,
        1,
        1,
        1,
    )
    assert total["pass_rate"] == round(100 * 5 / 7, 2) and total["green"] is False
    rates = passrate.by_category([(categorize.categorize(case), case["status"]) for case in cases])
    assert rates["security"]["pass_rate"] == 50.0
    assert rates["domain"]["pass_rate"] == 100.0 and rates["domain"]["green"]
    # nothing ran: no rate (None), not 0 %
    assert rates["rules"]["pass_rate"] is None and not rates["rules"]["green"]
    assert (rates["rules"]["ran"], rates["security"]["ran"]) == (0, 2)


TESTSUITES = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="odoo" time="3.5">
  <testsuite name="a" tests="2" timestamp="2026-03-01T10:00:00+01:00" time="1.5">
    <properties><property name="tags" value="post_install,practice_integrity"/></properties>
    <testcase classname="odoo.addons.x.tests.TestA" name="test_1" time="0.5"/>
    <testcase classname="odoo.addons.x.tests.TestA" name="test_2" time="1">
      <error message="boom" type="RuntimeError">Traceback...</error>
    </testcase>
  </testsuite>
  <testsuite name="b" timestamp="2026-03-01T08:30:00Z">
    <testcase classname="b.TestB" name="test_3" file="tests/test_b.py">
      <properties><property name="marker" value="security"/></properties>
      <failure message="nope">AssertionError</failure>
      <system-out>out</system-out>
    </testcase>
    <testcase classname="b.TestB" name="test_4"><skipped/></testcase>
  </testsuite>
</testsuites>"""


@pytest.mark.domain
def test_testsuites_root_with_several_suites_and_suite_properties():
    parsed = junit.parse(TESTSUITES.encode())
    cases = _by_name(parsed)
    assert parsed["suites"] == 2 and parsed["duration"] == 3.5 and parsed["name"] == "a"
    assert str(parsed["timestamp"]) == "2026-03-01 08:30:00"  # earliest, in UTC
    assert [cases[n]["status"] for n in ("test_1", "test_2", "test_3", "test_4")] == [
        "passed",
        "error",
        "failed",
        "skipped",
    ]
    assert categorize.categorize(cases["test_1"]) == "integrity"  # Odoo tag with the practice_ prefix
    assert categorize.categorize(cases["test_3"]) == "security"
    assert cases["test_3"]["file"] == "tests/test_b.py" and cases["test_3"]["system_out"] == "out"


@pytest.mark.security
@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("", "empty"),
        ("<testsuite><testcase name='x'>", "malformed XML"),
        ("<html><body>hi</body></html>", "not a JUnit report"),
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<testsuite><testcase name='&lol2;'/></testsuite>",
            "DTD, entities",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            "<testsuite><testcase name='&xxe;'/></testsuite>",
            "DTD, entities",
        ),
        ("<testsuite><testcase classname='a'/></testsuite>", "name attribute is missing"),
        ("<testsuite><testcase name='a' time='soon'/></testsuite>", "is not a number"),
        ("<testsuite><testcase name='a' time='-1'/></testsuite>", "out of range"),
        (42, "must be XML text"),
    ],
)
def test_bad_and_hostile_documents_are_clear_errors(document, expected):
    with pytest.raises(junit.JUnitError, match=expected):
        junit.parse(document)


@pytest.mark.security
def test_sizes_are_bounded():
    with pytest.raises(junit.JUnitError, match="more than the 100 allowed"):
        junit.parse("<testsuite>" + " " * 200 + "</testsuite>", max_bytes=100)
    many = "<testsuite>" + "<testcase name='t'/>" * 4 + "</testsuite>"
    with pytest.raises(junit.JUnitError, match="more than 3 test cases"):
        junit.parse(many, max_cases=3)
    long_failure = f"<testsuite><testcase name='t'><failure>{'x' * 50000}</failure></testcase></testsuite>"
    text = junit.parse(long_failure)["cases"][0]["text"]
    assert len(text) == junit.MAX_TEXT and text.endswith("[cut]")


@pytest.mark.rules
def test_pass_rate_arithmetic():
    assert passrate.pass_rate(0, 0) is None
    assert passrate.pass_rate(0, 2, skipped=2) is None
    assert passrate.summary(["skipped"])["pass_rate"] is None
    # over RPC (no null in XML-RPC): False, which is not the float 0.0 of a run that all failed
    assert passrate.rate_shown(0.0, 0) is False
    assert isinstance(passrate.rate_shown(0.0, 3), float) and passrate.rate_shown(50.0, 2) == 50.0
    assert passrate.pass_rate(3, 4) == 75.0
    assert passrate.pass_rate(2, 3) == 66.67
    assert passrate.pass_rate(2, 4, skipped=2) == 100.0
    with pytest.raises(ValueError, match="inconsistent"):
        passrate.pass_rate(5, 4)
    assert passrate.summary(["skipped"])["green"] is False
    assert passrate.summary(["passed", "skipped"])["green"] is True
    assert passrate.summary(["passed", "error"])["green"] is False
    with pytest.raises(ValueError, match="unknown case status"):
        passrate.totals(["passed", "maybe"])


@pytest.mark.rules
def test_failing_since_and_flaky():
    assert passrate.failing_since([(1, "passed"), (2, "failed"), (3, "skipped"), (4, "error")]) == 2
    assert passrate.failing_since([(1, "failed"), (2, "passed")]) is None
    assert passrate.failing_since([]) is None
    rows = [("c1", "t1", "passed"), ("c1", "t1", "failed"), ("c2", "t1", "passed"), ("c1", "t2", "passed")]
    rows += [(False, "t3", "passed"), (False, "t3", "failed"), ("c2", "t2", "error"), ("c2", "t2", "passed")]
    assert passrate.flaky(rows) == {"t1": ["c1"], "t2": ["c2"]}


@pytest.mark.rules
def test_category_settings_parse_and_refuse():
    assert categorize.parse_categories("") == categorize.DEFAULT_CATEGORIES
    assert categorize.parse_categories("Security, perf perf") == ("security", "perf")
    with pytest.raises(categorize.CategoryError, match="lowercase"):
        categorize.parse_categories("bad-name!")
    rules = categorize.parse_mapping("# comment\n*lock_security* = security\nvault = integrity\n")
    assert rules == [("*lock_security*", "security"), ("vault", "integrity")]
    case = {"classname": "tests.test_vault_sync", "properties": {}}
    assert categorize.categorize(case, mapping=rules) == "integrity"
    assert categorize.categorize({"classname": "odoo.TestLockSecurity"}, mapping=rules) == "uncategorized"
    with pytest.raises(categorize.CategoryError, match="line 2: unknown category 'speed'"):
        categorize.parse_mapping("a = security; b = speed")
    with pytest.raises(categorize.CategoryError, match="line 1: write 'pattern = category'"):
        categorize.parse_mapping("just words")
