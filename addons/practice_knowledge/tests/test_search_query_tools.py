# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from odoo.addons.practice_knowledge.tools import search_query as sq

pytestmark = pytest.mark.domain


def test_query_is_collapsed_and_bounded():
    assert sq.parse_query("  stock   move\n") == "stock move"
    for bad in ("", "   ", None, 12, "x" * (sq.MAX_QUERY + 1)):
        with pytest.raises(sq.SearchInputError):
            sq.parse_query(bad)


def test_kinds_default_order_and_unknown():
    assert sq.parse_kinds(None) == list(sq.KINDS)
    assert sq.parse_kinds(["term", "RULE", "rule"]) == ["rule", "term"]
    assert sq.parse_kinds("adr") == ["adr"]
    with pytest.raises(sq.SearchInputError):
        sq.parse_kinds(["memory"])
    with pytest.raises(sq.SearchInputError):
        sq.parse_kinds([1])


def test_limit_bounds():
    assert sq.parse_limit(None) == 20
    assert sq.parse_limit(5) == 5
    for bad in (0, sq.MAX_LIMIT + 1, True, "5", 2.5):
        with pytest.raises(sq.SearchInputError):
            sq.parse_limit(bad)
