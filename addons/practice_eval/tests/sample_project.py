# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A small sample project, run by real pytest (``python -m pytest --junitxml``): the source of
the reports the tests import. Passes, a failure with captured output, a fixture error, a skip,
category markers recorded as JUnit properties, and an unmarked file for the mapping."""

import os
import subprocess
import sys
from pathlib import Path

CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")

SAMPLE_CONFTEST = """
import pytest

CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")


def pytest_collection_modifyitems(items):
    # as the project's own conftest does: the category marker becomes a JUnit property
    for item in items:
        for mark in item.iter_markers():
            if mark.name in CATEGORIES:
                item.user_properties.append(("category", mark.name))
"""

SAMPLE_TESTS = """
import pytest


@pytest.mark.security
def test_refuses_outsider():
    assert "outsider" != "admin"


@pytest.mark.security
def test_leaks_secret():
    print("captured output of the failing test")
    assert 1 + 1 == 3, "secret leaked into the log"


@pytest.mark.rules
def test_not_today():
    pytest.skip("waiting for the new rule engine")


@pytest.fixture
def broken_database():
    raise RuntimeError("fixture could not connect")


@pytest.mark.lifecycle
def test_needs_database(broken_database):
    assert broken_database


def test_without_marker():
    assert True


class TestDomainThings:
    pytestmark = pytest.mark.domain

    def test_one(self):
        assert [1, 2] == [1, 2]

    def test_two(self):
        assert {"a": 1}["a"] == 1
"""

SAMPLE_MAPPED = """
def test_totals_match():
    assert sum([1, 2]) == 3
"""


# an all-green variant of the sample tests
GREEN_TESTS = """
import pytest


@pytest.mark.security
def test_refuses_outsider():
    assert True


@pytest.mark.domain
def test_totals():
    assert 1 + 1 == 2
"""


def run_sample(root, tests=None, expect_rc=1):
    """Write the sample project into ``root``, run pytest on it, return the JUnit XML text."""
    root = Path(root)
    (root / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n"
        + "".join(f"    {cat}: category\n" for cat in CATEGORIES)
        + "junit_family = xunit2\njunit_logging = system-out\n"
    )
    (root / "conftest.py").write_text(SAMPLE_CONFTEST)
    (root / "test_sample.py").write_text(tests or SAMPLE_TESTS)
    (root / "test_integrity_checks.py").write_text(SAMPLE_MAPPED)
    report = root / "report.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:odoo",  # pytest-odoo of this venv: the sample project is plain Python
            f"--junitxml={report}",
            str(root),
        ],
        cwd=root,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"},
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != expect_rc:
        raise AssertionError(f"sample pytest exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return report.read_text()
