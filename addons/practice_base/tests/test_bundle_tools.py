# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the bundle assembler (no database)."""

import json

import pytest

from odoo.addons.practice_base.tools import bundle
from odoo.addons.practice_base.tools import markdown as md

pytestmark = pytest.mark.domain


def _sections():
    return [
        bundle.Section("memory", "Memory", 30, [bundle.Item("- m1", {"id": 1})]),
        bundle.Section(
            "rules", "Rules", 10, [bundle.Item("- r1", {"id": 1}), bundle.Item("- r2", {"id": 2})]
        ),
        bundle.Section("alerts", "Alerts", 10, [bundle.Item("- a1", {"id": 1})]),
    ]


def test_order_is_priority_then_key():
    ordered = [s.key for s in bundle.order_sections(_sections())]
    assert ordered == ["alerts", "rules", "memory"]


def test_markdown_renders_sections_in_order():
    result = bundle.assemble(_sections(), max_bytes=10000)
    text = result["markdown"]
    assert text.index("## Alerts") < text.index("## Rules") < text.index("## Memory")
    assert result["bytes"] == len(text.encode())
    assert not result["truncated"]
    assert result["sections"]["rules"]["items"] == [{"id": 1}, {"id": 2}]


def test_budget_never_exceeded_and_flags_truncation():
    items = [bundle.Item("- " + "x" * 90, {"n": i}) for i in range(100)]
    for budget in (200, 500, 1000, 5000):
        result = bundle.assemble([bundle.Section("big", "Big", 1, items)], max_bytes=budget)
        assert result["bytes"] <= budget
        assert result["truncated"]
        assert 0 < result["sections"]["big"]["count"] < 100 or budget < 300


def test_smaller_later_items_still_fit():
    items = [bundle.Item("- " + "y" * 400, {"n": 0}), bundle.Item("- small", {"n": 1})]
    result = bundle.assemble([bundle.Section("s", "S", 1, items)], max_bytes=300)
    assert result["sections"]["s"]["items"] == [{"n": 1}]
    assert result["truncated"]


def test_json_budget_counts_json_bytes():
    result = bundle.assemble(_sections(), max_bytes=10000, fmt="json")
    assert result["markdown"] == ""
    assert result["bytes"] == len(json.dumps(result["sections"], sort_keys=True).encode())


def test_bad_arguments():
    with pytest.raises(ValueError):
        bundle.assemble([], fmt="xml")
    with pytest.raises(ValueError):
        bundle.assemble([], max_bytes=0)


def test_markdown_render_escapes_html():
    html = md.render("# Title\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h1>Title</h1>" in html
    assert "<script>" not in html
    assert "<table>" in html


def test_json_budget_is_exact_for_many_sections():
    sections = [
        bundle.Section(
            f"s{n:02d}",
            f"Section {n}",
            n,
            [bundle.Item(f"- {i}", {"n": i, "text": "z" * 30}) for i in range(20)],
        )
        for n in range(12)
    ]
    for budget in (150, 400, 1000, 3000, 9000):
        result = bundle.assemble(sections, max_bytes=budget, fmt="json")
        assert result["bytes"] <= budget, budget
        assert result["bytes"] == len(json.dumps(result["sections"], sort_keys=True).encode())
        assert result["truncated"]
        # most relevant first: a kept section is never preceded by a dropped one with room
        keys = list(result["sections"])
        assert keys == sorted(keys)


def test_markdown_budget_is_exact_for_many_sections():
    sections = [
        bundle.Section(f"s{n:02d}", f"Section {n}", n, [bundle.Item("- " + "w" * 40, {}) for _ in range(5)])
        for n in range(30)
    ]
    for budget in range(120, 4000, 97):
        result = bundle.assemble(sections, max_bytes=budget)
        assert result["bytes"] <= budget, budget


def test_empty_sections_are_kept_when_they_fit():
    result = bundle.assemble(
        [bundle.Section("locks", "Locks", 50, [], intro="No locks held.")], max_bytes=500
    )
    assert "No locks held." in result["markdown"]
    assert result["sections"]["locks"]["count"] == 0 and not result["truncated"]
