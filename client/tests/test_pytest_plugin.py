"""The client's pytest plugin (practice_client/pytest_plugin.py): each test's category, from its
markers or its class's Odoo tags, as the JUnit property the server reads; off with
``-p no:practice``; deferring to a project that records categories itself.

The client is not pip-installed here, so its ``pytest11`` entry point is not active: the runs
below load the plugin with ``-p practice_client.pytest_plugin``, or through a stand-in
distribution whose entry point is the one pyproject.toml declares (to test ``-p no:practice``)."""

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.integration

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PLUGIN = ("-p", "practice_client.pytest_plugin")
# pytest-odoo (installed beside) has nothing to do in these runs
QUIET = ("-p", "no:odoo", "-p", "no:cacheprovider")

SAMPLE = """
import unittest

import pytest


@pytest.mark.security
def test_marked():
    pass


@pytest.mark.rules
def test_failing():
    assert False


def test_plain():
    pass


class TestOdooStyle(unittest.TestCase):
    # what odoo.tests.tagged("post_install", "-at_install", "practice_integrity") leaves
    test_tags = {"standard", "post_install", "practice_integrity"}

    def test_tagged(self):
        pass


class TestPlainTag(unittest.TestCase):
    test_tags = {"post_install", "domain"}

    def test_plain_tag(self):
        pass
"""


def categories(report):
    """``{test name: [category property values]}`` of a JUnit report."""
    root = ET.parse(report).getroot()
    return {
        case.get("name"): [
            prop.get("value") for prop in case.iter("property") if prop.get("name") == "category"
        ]
        for case in root.iter("testcase")
    }


def test_markers_and_odoo_tags_become_category_properties(pytester):
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest(*PLUGIN, *QUIET, "--strict-markers", "--junitxml=r.xml")
    result.assert_outcomes(passed=4, failed=1)
    assert categories(pytester.path / "r.xml") == {
        "test_marked": ["security"],
        "test_failing": ["rules"],
        "test_plain": [],
        "test_tagged": ["integrity"],
        "test_plain_tag": ["domain"],
    }


def test_the_category_marker_selects_tagged_tests(pytester):
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest(*PLUGIN, *QUIET, "-m", "integrity or domain")
    result.assert_outcomes(passed=2, deselected=3)


def test_ini_option_maps_markers_to_categories(pytester):
    pytester.makeini("[pytest]\npractice_categories =\n    security:sec,auth\n    rules\n")
    pytester.makepyfile(
        test_alias="""
        import pytest

        @pytest.mark.auth
        def test_auth():
            pass

        @pytest.mark.rules
        @pytest.mark.sec
        def test_both():
            pass

        @pytest.mark.domain
        def test_not_listed():
            pass
        """
    )
    result = pytester.runpytest(*PLUGIN, *QUIET, "--junitxml=r.xml")
    result.assert_outcomes(passed=3)
    assert categories(pytester.path / "r.xml") == {
        "test_auth": ["security"],
        "test_both": ["security"],  # several: the first listed
        "test_not_listed": [],
    }
    # the aliases are registered markers; domain is no category here, so not registered
    markers = pytester.runpytest(*PLUGIN, *QUIET, "--markers").stdout.str()
    assert "@pytest.mark.auth: test category security (as auth)" in markers
    assert "@pytest.mark.sec:" in markers and "@pytest.mark.domain:" not in markers


def test_a_bad_ini_entry_is_a_usage_error(pytester):
    pytester.makeini("[pytest]\npractice_categories = security:sec rules:sec\n")
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    result = pytester.runpytest(*PLUGIN, *QUIET)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*practice_categories: marker 'sec' is given to both 'security' and 'rules'*"]
    )


def test_without_junitxml_nothing_changes(pytester):
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest(*PLUGIN, *QUIET)
    result.assert_outcomes(passed=4, failed=1)


def test_defers_to_a_project_recording_categories(pytester):
    """A conftest that registers the markers and records the property itself (as this
    project's does): one property per test, the conftest's; each marker registered once."""
    pytester.makeconftest(
        """
        import pytest

        def pytest_configure(config):
            for name in ("security", "rules", "integrity", "domain"):
                config.addinivalue_line("markers", f"{name}: the project's own")

        def pytest_collection_modifyitems(items):
            for item in items:
                item.user_properties.append(("category", "domain"))
        """
    )
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest(*PLUGIN, *QUIET, "--strict-markers", "--junitxml=r.xml")
    result.assert_outcomes(passed=4, failed=1)
    assert set(map(tuple, categories(pytester.path / "r.xml").values())) == {("domain",)}
    markers = pytester.runpytest(*PLUGIN, *QUIET, "--markers").stdout.lines
    for name in ("security", "rules", "integrity", "domain"):
        assert sum(line.startswith(f"@pytest.mark.{name}:") for line in markers) == 1, name
    # lifecycle and integration were not the project's: the plugin registered them
    assert any(line.startswith("@pytest.mark.lifecycle:") for line in markers)


def test_record_property_in_the_test_wins(pytester):
    pytester.makepyfile(
        test_own="""
        import pytest

        @pytest.mark.security
        def test_own(record_property):
            record_property("category", "lifecycle")
        """
    )
    pytester.runpytest(*PLUGIN, *QUIET, "--junitxml=r.xml", "-o", "junit_family=xunit1")
    assert categories(pytester.path / "r.xml") == {"test_own": ["lifecycle"]}


def _entry_point():
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]["pytest11"]


def test_pyproject_declares_the_entry_point():
    assert _entry_point() == {"practice": "practice_client.pytest_plugin"}


@pytest.fixture
def installed(pytester, monkeypatch):
    """A stand-in distribution on sys.path with the client's pytest11 entry point: pytest
    loads the plugin by its name ``practice``, as when the client is installed."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    dist = pytester.mkdir("site") / "practice_client_standin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: practice-client-standin\nVersion: 1.0\n")
    lines = "".join(f"{name} = {target}\n" for name, target in _entry_point().items())
    (dist / "entry_points.txt").write_text(f"[pytest11]\n{lines}")
    monkeypatch.syspath_prepend(str(pytester.path / "site"))
    pytester.makepyfile(test_sample=SAMPLE)
    return pytester


def test_on_by_default_once_installed(installed):
    result = installed.runpytest(*QUIET, "--junitxml=r.xml")
    result.assert_outcomes(passed=4, failed=1)
    assert categories(installed.path / "r.xml")["test_marked"] == ["security"]


def test_no_practice_turns_it_off(installed):
    result = installed.runpytest(*QUIET, "-p", "no:practice", "--junitxml=r.xml")
    result.assert_outcomes(passed=4, failed=1)
    assert all(values == [] for values in categories(installed.path / "r.xml").values())
