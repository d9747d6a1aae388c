"""pytest plugin ``practice``: each test's category as a JUnit property.

Installed with the client (entry point ``pytest11``: ``practice``), so ``pytest
--junitxml=report.xml`` alone writes a report that ``practice eval push`` imports with its
categories: every test case gets ``<property name="category" value="security"/>``, read by
the server as the case's category. ``pytest -p no:practice`` turns it off.

A test's category comes from

* its markers: ``@pytest.mark.security`` (or ``pytestmark = pytest.mark.security`` in a
  module), or a marker the ini option ``practice_categories`` maps to a category;
* its class's Odoo test tags (``@tagged("post_install", "-at_install", "practice_security")``,
  or the plain ``security``), read from the ``test_tags`` attribute of the test class: the
  unittest-style Odoo tests that pytest-odoo collects.

``practice_categories`` (pytest.ini, tox.ini, setup.cfg or ``[tool.pytest.ini_options]``) lists
the categories, separated by spaces or new lines, each optionally followed by ``:`` and the
other markers (comma separated) that count as it; empty: the six categories of Practice Stack,
each its own marker. ``practice_categories = security:sec,auth rules lifecycle`` makes
``@pytest.mark.auth`` a security test. A tag counts as a marker, with or without the
``practice_`` prefix. A test of several categories counts in the first one listed; a test of
none gets no property (the server's category mapping or "uncategorized" applies).

The plugin defers to the project: a test that already has a ``category`` property (a conftest
appending it to ``item.user_properties``, or ``record_property("category", ...)`` in the test
or its fixtures) keeps it and gets no second one, and a marker the project registered already
(pytest.ini ``markers`` or a conftest's ``pytest_configure``) is not registered twice. Without
``--junitxml`` the property is recorded all the same (other reporters may read
``user_properties``) and nothing else changes.
"""

import re

import pytest

PROPERTY = "category"
INI = "practice_categories"
TAG_PREFIX = "practice_"
DEFAULT_CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CATEGORY_KEY = pytest.StashKey[str]()
_ALIASES_KEY = pytest.StashKey[dict]()


def parse_categories(entries):
    """The ini option's entries (``["security:sec,auth", "rules"]``) → ``{marker: category}``
    in the order given, each category its own marker first. Raises :class:`pytest.UsageError`
    naming a bad entry."""
    aliases = {}
    for entry in entries or DEFAULT_CATEGORIES:
        category, _sep, rest = entry.partition(":")
        names = [category.strip()] + [name.strip() for name in rest.split(",") if name.strip()]
        for name in names:
            if not _NAME.match(name):
                raise pytest.UsageError(
                    f"{INI}: {entry!r}: write 'category' or 'category:marker,marker' "
                    f"(names of letters, digits and _)"
                )
            if aliases.get(name, names[0]) != names[0]:
                raise pytest.UsageError(
                    f"{INI}: marker {name!r} is given to both {aliases[name]!r} and {names[0]!r}"
                )
            aliases.setdefault(name, names[0])
    return aliases


def _registered_markers(config):
    """Names of the markers registered so far (ini ``markers`` lines and addinivalue_line)."""
    names = set()
    for line in config.getini("markers"):
        names.add(line.split(":", 1)[0].split("(", 1)[0].strip())
    return names


def category_of(item, aliases):
    """The category of ``item`` from its markers and its class's Odoo tags, or None."""
    found = {aliases[mark.name] for mark in item.iter_markers() if mark.name in aliases}
    cls = getattr(item, "cls", None)
    tags = getattr(cls, "test_tags", None) or ()
    if isinstance(tags, str):
        tags = (tags,)
    for tag in tags:
        if not isinstance(tag, str):
            continue
        name = tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else tag
        if name in aliases:
            found.add(aliases[name])
    for category in dict.fromkeys(aliases.values()):  # the first listed wins
        if category in found:
            return category
    return None


def pytest_addoption(parser):
    parser.addini(
        INI,
        "Test categories recorded as the JUnit property 'category' (practice plugin): "
        "'category' or 'category:marker,marker' entries separated by spaces or lines "
        f"(default: {' '.join(DEFAULT_CATEGORIES)}).",
        type="args",
        default=[],
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """Register each category and marker the project has not registered itself (after the
    conftests' own ``pytest_configure``), so ``--strict-markers`` accepts them."""
    aliases = parse_categories(config.getini(INI))
    config.stash[_ALIASES_KEY] = aliases
    known = _registered_markers(config)
    for name, category in aliases.items():
        if name in known:
            continue
        what = f"test category {category}" + (f" (as {name})" if name != category else "")
        config.addinivalue_line("markers", f"{name}: {what}, recorded as a JUnit property (practice)")
        known.add(name)


def pytest_collection_modifyitems(session, config, items):
    """Note each test's category and give it the category's marker (``-m security`` selects
    the tests tagged ``practice_security`` or marked by an alias). Runs before pytest filters
    on ``-m`` (its own hook is registered earlier, so called later)."""
    aliases = config.stash.get(_ALIASES_KEY, None)
    if aliases is None:
        return
    for item in items:
        category = category_of(item, aliases)
        if category is None:
            continue
        item.stash[_CATEGORY_KEY] = category
        if item.get_closest_marker(category) is None:
            item.add_marker(getattr(pytest.mark, category))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Record the category as a user property, unless the project recorded one: the teardown
    report, made after this, carries the item's properties into the JUnit report. Done at
    teardown (before the fixtures are torn down) so a property a conftest, a fixture or the
    test added meanwhile wins."""
    category = item.stash.get(_CATEGORY_KEY, None)
    if category is None:
        return
    if any(name == PROPERTY for name, _value in item.user_properties):
        return
    item.user_properties.append((PROPERTY, category))
