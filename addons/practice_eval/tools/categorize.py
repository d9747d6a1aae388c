# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which category a test case counts in.

In order: a marker or tag recorded in the report (a JUnit ``<property>`` named category,
marker(s), mark(s) or tag(s); Odoo tags may carry the ``practice_`` prefix), else the first
line of the configured mapping whose pattern matches the class name or file, else
``uncategorized``.
"""

import fnmatch
import re

DEFAULT_CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")
UNCATEGORIZED = "uncategorized"
PROPERTY_NAMES = ("category", "categories", "marker", "markers", "mark", "marks", "tag", "tags")
TAG_PREFIXES = ("practice_",)
MAX_MAPPING_LINES = 200
_SPLIT = re.compile(r"[\s,;]+")
_ENTRIES = re.compile(r"[\r\n;]+")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class CategoryError(ValueError):
    """A bad category list or mapping; the message names the line."""


def parse_categories(text):
    """``"security, lifecycle ..."`` → a tuple of names (the default list when empty)."""
    names = [part.strip().lower() for part in _SPLIT.split(text or "") if part.strip()]
    if not names:
        return DEFAULT_CATEGORIES
    for name in names:
        if not _NAME.match(name):
            raise CategoryError(f"category {name!r}: use lowercase letters, digits and _ (at most 40)")
    return tuple(dict.fromkeys(names))


def parse_mapping(text, categories=DEFAULT_CATEGORIES):
    """Entries ``pattern = category``, one per line or separated by ``;`` (``#`` comments and
    blank entries ignored) → ``[(pattern, category)]``.

    A pattern is a glob (``*test_lock_security*``) or a plain substring, matched case-insensitively
    on the class name and the file of a case."""
    rules = []
    lines = _ENTRIES.split(text or "")
    if len(lines) > MAX_MAPPING_LINES:
        raise CategoryError(f"the mapping has {len(lines)} entries, at most {MAX_MAPPING_LINES}")
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" not in line:
            raise CategoryError(
                f"mapping line {number}: write 'pattern = category', got {raw.strip()[:80]!r}"
            )
        pattern, category = (part.strip() for part in line.rsplit("=", 1))
        category = category.lower()
        if not pattern:
            raise CategoryError(f"mapping line {number}: the pattern is empty")
        if category not in categories and category != UNCATEGORIZED:
            raise CategoryError(
                f"mapping line {number}: unknown category {category!r}; use one of {', '.join(categories)}"
            )
        rules.append((pattern.lower(), category))
    return rules


def _from_properties(properties, categories):
    for name, value in (properties or {}).items():
        if name.lower() not in PROPERTY_NAMES:
            continue
        for word in _SPLIT.split((value or "").lower()):
            for prefix in TAG_PREFIXES:
                if word.startswith(prefix):
                    word = word[len(prefix) :]
            if word in categories:
                return word
    return None


def _matches(pattern, value):
    if not value:
        return False
    value = value.lower()
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(value, pattern)
    return pattern in value


def categorize(case, categories=DEFAULT_CATEGORIES, mapping=()):
    """The category of ``case`` (a dict of :func:`..junit.parse`)."""
    found = _from_properties(case.get("properties"), categories)
    if found:
        return found
    for pattern, category in mapping:
        if _matches(pattern, case.get("classname")) or _matches(pattern, case.get("file")):
            return category
    return UNCATEGORIZED


def categorizer(categories=DEFAULT_CATEGORIES, mapping=()):
    """:func:`categorize` with a cache for one report: cases with the same properties (and,
    when a mapping is set, the same class name and file) get the same category, computed once."""
    cache = {}

    def category_of(case):
        props = tuple((case.get("properties") or {}).items())
        key = (props, case.get("classname"), case.get("file")) if mapping else props
        found = cache.get(key)
        if found is None:
            found = cache[key] = categorize(case, categories, mapping)
        return found

    return category_of
