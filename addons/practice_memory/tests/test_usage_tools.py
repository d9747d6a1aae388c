# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the usage arithmetic: price matching, cost, input checks (no database)."""

import datetime

import pytest

from odoo.addons.practice_base.tools import guard
from odoo.addons.practice_memory.tools import usage as u

pytestmark = pytest.mark.rules

PRICES = {"input": 3.0, "output": 15.0, "cache_write": 3.75, "cache_write_1h": 6.0, "cache_read": 0.30}
DAY = datetime.date(2026, 12, 7)


def test_family_matching_ends_at_a_separator():
    assert u.family_matches("claude-opus-4-6", "claude-opus-4-6")
    assert u.family_matches("claude-opus-4-6", "claude-opus-4-6-20260205")
    assert u.family_matches("claude-opus-4-6", "claude-opus-4-6@20260205")
    assert u.family_matches("claude-opus-4-6", "claude-opus-4-6[1m]")
    assert u.family_matches("claude-opus-4-6", "us.anthropic.claude-opus-4-6-v1:0")
    assert u.family_matches("Claude-Opus-4-6", " CLAUDE-opus-4-6 ")
    assert not u.family_matches("claude-fable-5-2", "claude-fable-5-20260301")
    assert not u.family_matches("claude-opus-4-6", "claude-opus-4")
    assert not u.family_matches("", "claude-opus-4")
    assert not u.family_matches("claude-opus-4", None)


def test_family_candidates_are_the_prefixes_at_separators():
    assert u.family_candidates("us.anthropic.claude-opus-4-6-v1:0") == [
        "claude",
        "claude-opus",
        "claude-opus-4",
        "claude-opus-4-6",
        "claude-opus-4-6-v1",
        "claude-opus-4-6-v1:0",
    ]
    assert u.family_candidates("Claude-X") == ["claude", "claude-x"]
    assert u.family_candidates("  ") == []
    assert u.family_candidates(None) == []
    for model in ("claude-opus-4-6-20260205", "claude-fable-5-20260301", "gpt_x-1"):
        for family in u.family_candidates(model):
            assert u.family_matches(family, model)


def test_pick_price_longest_family_then_date():
    rows = [
        ("claude-opus-4", datetime.date(2025, 5, 22), "opus4"),
        ("claude-opus-4-6", datetime.date(2026, 2, 5), "opus46"),
        ("claude-opus-4-6", datetime.date(2026, 11, 1), "opus46-new"),
        ("claude-sonnet-4", None, "sonnet4"),
    ]
    assert u.pick_price("claude-opus-4-20250514", DAY, rows) == "opus4"
    assert u.pick_price("claude-opus-4-6", DAY, rows) == "opus46-new"
    assert u.pick_price("claude-opus-4-6", datetime.date(2026, 6, 1), rows) == "opus46"
    # older than every row of the family: its earliest row, not a shorter family
    assert u.pick_price("claude-opus-4-6", datetime.date(2020, 1, 1), rows) == "opus46"
    assert u.pick_price("claude-sonnet-4-5", DAY, rows) == "sonnet4"
    assert u.pick_price("claude-sonnet-4-5", None, rows) == "sonnet4"
    assert u.pick_price("gpt-x", DAY, rows) is None
    assert u.pick_price("claude-opus-4-6", DAY, []) is None


def test_cost_prices_each_counter_and_both_cache_writes():
    counters = {
        "input_tokens": 1000,
        "output_tokens": 2000,
        "cache_creation_input_tokens": 10_000,
        "cache_creation_1h_input_tokens": 4000,
        "cache_read_input_tokens": 100_000,
    }
    assert u.cost(counters, PRICES) == pytest.approx(0.1095)
    assert u.cost({}, PRICES) == 0.0
    # a 1-hour count above the writes is priced as writes only
    assert u.cost({"cache_creation_input_tokens": 10, "cache_creation_1h_input_tokens": 50}, PRICES) == (
        pytest.approx(10 * 6.0 / 1e6)
    )
    assert u.total_tokens(counters) == 1000 + 2000 + 10_000 + 100_000


def test_main_model_is_the_costliest_then_the_largest():
    assert u.main_model({}) == ""
    assert u.main_model({"a": (1.0, 10), "b": (2.0, 5)}) == "b"
    assert u.main_model({"a": (0.0, 10), "b": (0.0, 50)}) == "b"
    assert u.main_model({"b": (0.0, 10), "a": (0.0, 10)}) == "a"


def test_parse_usage_fills_missing_counters_and_merges_same_ids():
    parsed = u.parse_usage(
        {"claude-x": {"output_tokens": 5}, " claude-x ": {"output_tokens": "2", "messages": 1}}
    )
    assert parsed == {
        "claude-x": {
            "input_tokens": 0,
            "output_tokens": 7,
            "cache_creation_input_tokens": 0,
            "cache_creation_1h_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "messages": 1,
        }
    }
    assert u.parse_usage({}) == {}
    big = {"claude-x": {"output_tokens": guard.MAX_INT}, "claude-x ": {"output_tokens": guard.MAX_INT}}
    assert u.parse_usage(big)["claude-x"]["output_tokens"] == guard.MAX_INT


@pytest.mark.parametrize(
    "usage",
    [
        None,
        [],
        {"claude-x": None},
        {"claude-x": {"bogus": 1}},
        {"claude-x": {"input_tokens": -1}},
        {"claude-x": {"input_tokens": 2**40}},
        {"claude-x": {"cache_creation_1h_input_tokens": 1}},
        {"": {}},
        {"a" * 129: {}},
        {"claude x": {}},
        {None: {}},
        {f"m{i}": {} for i in range(u.MAX_MODELS + 1)},
    ],
)
def test_parse_usage_refuses_bad_input(usage):
    with pytest.raises(guard.InputError):
        u.parse_usage(usage)
