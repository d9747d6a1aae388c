# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the guard helpers: the grant and the input bounds (no database)."""

import math

import pytest

from odoo.addons.practice_base.tools import guard

pytestmark = pytest.mark.rules


def test_grant_is_not_forgeable_by_equal_text():
    assert guard.is_grant(guard.GRANT)
    # what an RPC caller can send: the same text, a plain str
    assert not guard.is_grant(str(guard.GRANT))
    assert not guard.is_grant("granted")
    assert not guard.is_grant(True)
    assert not guard.is_grant(None)


@pytest.mark.parametrize(
    ("vals", "expected"),
    [
        ({"name": "x" * 256, "body": "y" * 100_000}, []),
        ({"name": "x" * 257}, [("name", 257, 256)]),
        ({"body": "y" * 100_001}, [("body", 100_001, 100_000)]),
        ({"url": "u" * 2000}, []),
        ({"url": "u" * 2049}, [("url", 2049, 2048)]),
        ({"count": 10**9, "name": None, "other": "z" * 10**6}, []),
    ],
)
def test_oversized(vals, expected):
    types = {"name": "char", "body": "text", "url": "char", "count": "integer"}
    assert guard.oversized(vals, types, {"url": 2048}) == expected


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, -1, -0.5, "cheap", "nan", [1], {"a": 1}, None, True, 1e13, 10**400],
)
def test_parse_number_refuses(value):
    with pytest.raises(guard.InputError):
        guard.parse_number(value, "cost", 0.0, 1e12)


@pytest.mark.parametrize(("value", "expected"), [(0, 0.0), (2.75, 2.75), ("3.5", 3.5), (10**6, 1e6)])
def test_parse_number_accepts(value, expected):
    assert guard.parse_number(value, "cost") == expected


@pytest.mark.parametrize("value", [-1, 1.5, math.nan, math.inf, "many", [3], None, True, 2**31, "9" * 40])
def test_parse_int_refuses(value):
    with pytest.raises(guard.InputError):
        guard.parse_int(value, "tokens")


def test_parse_int_accepts():
    assert guard.parse_int(3.0, "n") == 3
    assert guard.parse_int(" 12 ", "n") == 12
    with pytest.raises(guard.InputError, match="must be at least 256"):
        guard.parse_int(10, "max_bytes", 256)


def test_parse_name_list():
    assert guard.parse_name_list(None) == []
    assert guard.parse_name_list("sale") == ["sale"]
    assert guard.parse_name_list(("a", "b")) == ["a", "b"]
    assert len(guard.parse_name_list(["m"] * 50)) == 50
    for bad in (["m"] * 51, 5, {"a": 1}, 1.5, object()):
        with pytest.raises(guard.InputError):
            guard.parse_name_list(bad)


def test_parse_optional_text_and_excerpt():
    assert guard.parse_optional_text(None, "model_name") == ""
    assert guard.parse_optional_text("  gpt  ", "model_name") == "gpt"
    for bad in (5, ["x"], "x" * 257):
        with pytest.raises(guard.InputError):
            guard.parse_optional_text(bad, "model_name")
    assert len(guard.excerpt("x" * 10**6)) == 60


def test_excerpt_is_bounded_work_for_huge_containers():
    """A huge list or dict is not repr()'d whole to quote sixty characters of it."""
    huge = list(range(10**6))
    assert guard.excerpt(huge) == "[0, 1, 2, 3, 4, 5, ...]"
    assert guard.excerpt({"k": "v" * 10**6}).startswith("{'k': 'vvv")
    assert len(guard.excerpt({"k": "v" * 10**6})) <= 60
    assert guard.excerpt(b"\xff" * 100).startswith("b'\\xff")
    assert guard.excerpt("short") == "'short'"
