# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounded work of the bundle assembler (no database): filling the budget re-measures only
the section an item belongs to, never every section for every item it tries (issue 11)."""

import pytest

from odoo.addons.practice_base.tools import bundle

pytestmark = pytest.mark.domain

N_SECTIONS, N_ITEMS = 40, 25


def _sections():
    return [
        bundle.Section(
            f"s{s:02d}",
            f"Section {s}",
            s,
            [
                bundle.Item(f"- item {s}.{i} " + "x" * (40 + (7 * i + s) % 90), {"id": i}, short=f"- {s}.{i}")
                for i in range(N_ITEMS)
            ],
            hint="fetch with `practice show`",
        )
        for s in range(N_SECTIONS)
    ]


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_fill_measures_sections_per_change_not_per_section(monkeypatch, fmt):
    calls = {"measure": 0, "whole_document": 0}
    measure, section_size, lost_line = (
        bundle._Plan._measure_section,
        bundle._Plan.section_size,
        bundle._Plan.lost_line,
    )

    def counted_measure(plan, s):
        calls["measure"] += 1
        return measure(plan, s)

    def counted_size(plan, s):
        calls["whole_document"] += 1
        return section_size(plan, s)

    def counted_line(plan, s):
        calls["whole_document"] += 1
        return lost_line(plan, s)

    monkeypatch.setattr(bundle._Plan, "_measure_section", counted_measure)
    monkeypatch.setattr(bundle._Plan, "section_size", counted_size)
    monkeypatch.setattr(bundle._Plan, "lost_line", counted_line)
    result = bundle.assemble(_sections(), max_bytes=20000, fmt=fmt)
    assert result["truncated"] and result["bytes"] <= 20000
    items = N_SECTIONS * N_ITEMS
    # each item tried at most twice per pass, each change re-measures its own section; the
    # old assembler summed every section per try (~N_SECTIONS x tries calls)
    assert calls["measure"] <= 4 * items + 4 * N_SECTIONS
    # per-section lines and sizes are only looked up to render the Left out block
    assert calls["whole_document"] <= 2 * N_SECTIONS


def test_incremental_sizes_are_exact():
    """The running totals give exactly the size of what is rendered, at every budget."""
    for max_bytes in (300, 1500, 4000, 9000, 20000, 60000):
        result = bundle.assemble(_sections(), max_bytes=max_bytes)
        assert result["bytes"] == len(result["markdown"].encode("utf-8")) <= max_bytes
        as_json = bundle.assemble(_sections(), max_bytes=max_bytes, fmt="json")
        assert as_json["bytes"] <= max_bytes
