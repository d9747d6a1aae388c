"""Suite-wide pytest wiring: six test categories, counted per run.

Odoo test classes carry their category as an Odoo tag (``@tagged("practice_security")``),
plain pytest tests as a marker (``pytestmark = pytest.mark.security``). Either way the test
gets the pytest marker, so ``setup/test -m security`` runs one category, and every test must
have exactly one category: an untagged test fails collection instead of going uncounted.
"""

import builtins
import sys
import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

# One Hypothesis profile for every fuzz/property test: reproducible (derandomized, no example
# database), and no timing health checks or deadlines (the machine runs Odoo beside the tests,
# and "no wall-clock assertions" holds for generated inputs too). Tests set only max_examples.
settings.register_profile(
    "practice",
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("practice")


def _serialize_compile_on_buggy_pythons():
    """CPython 3.11.0-3.11.7 and 3.12.0 (gh-106905): converting between Python AST objects and
    the C AST in two threads at once may raise ``SystemError: AST constructor recursion depth
    mismatch``. In a tour, Odoo's HTTP server threads compile QWeb and ``safe_eval`` code while
    the test thread does, and the tour failed with it now and then under load. On those
    versions, ``compile()`` (and ``ast.parse``, which calls it) runs one thread at a time in the
    test process; fixed versions are left alone."""
    version = sys.version_info[:3]
    if not ((3, 11, 0) <= version < (3, 11, 8) or (3, 12, 0) <= version < (3, 12, 1)):
        return
    original, lock = builtins.compile, threading.RLock()

    def compile_serialized(*args, **kwargs):
        with lock:
            return original(*args, **kwargs)

    builtins.compile = compile_serialized


_serialize_compile_on_buggy_pythons()

CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")
TAG_PREFIX = "practice_"


def _categories_of(item):
    found = {m.name for m in item.iter_markers() if m.name in CATEGORIES}
    cls = getattr(item, "cls", None)
    for tag in getattr(cls, "test_tags", None) or ():
        if tag.startswith(TAG_PREFIX) and tag[len(TAG_PREFIX) :] in CATEGORIES:
            found.add(tag[len(TAG_PREFIX) :])
    return found


def pytest_collection_modifyitems(session, config, items):
    missing = []
    for item in items:
        cats = _categories_of(item)
        if len(cats) != 1:
            missing.append(f"{item.nodeid}: categories {sorted(cats) or 'none'}")
            continue
        cat = cats.pop()
        item.add_marker(getattr(pytest.mark, cat))
        item.user_properties.append(("category", cat))  # a JUnit <property> (practice_eval reads it)
    if missing:
        raise pytest.UsageError(
            f"Every test needs exactly one category ({', '.join(CATEGORIES)}):\n  " + "\n  ".join(missing)
        )
    # pytest -m filters after this hook, so filtering still works on the added markers.


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    outcome_by_cat = {cat: Counter() for cat in CATEGORIES}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") not in ("call", "setup"):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            keywords = getattr(report, "keywords", {})
            for cat in CATEGORIES:
                if cat in keywords:
                    outcome_by_cat[cat][outcome] += 1
    terminalreporter.section("tests per category")
    total = Counter()
    for cat in CATEGORIES:
        counts = outcome_by_cat[cat]
        total.update(counts)
        terminalreporter.write_line(
            f"{cat:<12} {sum(counts.values()):>4} tests: {counts['passed']} passed, "
            f"{counts['failed'] + counts['error']} failed, {counts['skipped']} skipped"
        )
    terminalreporter.write_line(
        f"{'total':<12} {sum(total.values()):>4} tests: {total['passed']} passed, "
        f"{total['failed'] + total['error']} failed, {total['skipped']} skipped"
    )
