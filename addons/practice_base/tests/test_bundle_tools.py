# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the bundle assembler (no database)."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_keep_empty_sections_are_kept_when_they_fit():
    result = bundle.assemble(
        [bundle.Section("scope", "Scope", 0, [], intro="Repository x.", keep_empty=True)], max_bytes=500
    )
    assert "## Scope\n\nRepository x." in result["markdown"]
    assert result["sections"]["scope"]["count"] == 0 and not result["truncated"]


# --- issue 11: whole items first, budget by priority, no noise ----------------------------


def _rule(n, tier=None, size=120):
    return bundle.Item(
        f"- **Rule {n}** (high)\n  " + "r" * size + "\n  Fix: do it right.",
        {"id": n, "text": "r" * size},
        short=f"- [high] Rule {n} (rule #{n})",
        tier=tier,
    )


def _headings(markdown):
    return re.findall(r"^## (.+)$", markdown, flags=re.M)


def _forms(result, key):
    return [item.get("form") for item in result["sections"][key]["items"]]


def test_old_style_items_keep_their_data_and_order():
    """Backward compatibility: positional Section/Item without the new fields."""
    result = bundle.assemble(_sections(), max_bytes=10000, fmt="json")
    assert list(result["sections"]) == ["alerts", "rules", "memory"]
    assert result["sections"]["rules"]["items"] == [{"id": 1}, {"id": 2}]
    assert result["left_out"] == {} and result["truncated"] is False
    section = result["sections"]["rules"]
    assert (section["count"], section["total"], section["shortened"], section["left_out"]) == (2, 2, 0, 0)


def test_empty_section_is_not_printed():
    sections = [
        bundle.Section("glossary", "Glossary", 30, [], intro="Terms."),
        bundle.Section("alerts", "Alerts", 60, [], intro="No open watchdog alert."),
        bundle.Section("rules", "Rules", 10, [bundle.Item("- r1", {"id": 1})]),
    ]
    for fmt in ("markdown", "json"):
        result = bundle.assemble(sections, max_bytes=5000, fmt=fmt)
        assert list(result["sections"]) == ["rules"]
        assert "Glossary" not in result["markdown"] and "watchdog" not in result["markdown"]
    assert bundle.assemble(sections)["markdown"] == "# Practice context\n\n## Rules\n\n- r1\n"


def test_section_whose_items_are_all_left_out_is_not_printed():
    sections = [
        bundle.Section("rules", "Rules", 10, [bundle.Item("- r1", {"id": 1})]),
        bundle.Section("memory", "Memory", 20, [bundle.Item("- " + "m" * 400, {"id": 1})], intro="Memo."),
    ]
    result = bundle.assemble(sections, max_bytes=300)
    assert _headings(result["markdown"]) == ["Rules", "Left out"]
    assert "Memo." not in result["markdown"]
    assert list(result["sections"]) == ["rules"]
    assert result["left_out"] == {"memory": {"left_out": 1, "shortened": 0, "hint": ""}}


def test_whole_before_short_before_left_out():
    items = [_rule(n) for n in range(1, 31)]
    section = bundle.Section("rules", "Rules", 10, items, hint="`practice rule show <id>`")
    seen = set()
    for budget in (600, 1200, 2500, 4000):
        for fmt in ("markdown", "json"):
            result = bundle.assemble([section], max_bytes=budget, fmt=fmt)
            forms = _forms(result, "rules") + [None] * result["left_out"]["rules"]["left_out"]
            # in budget order: a run of whole items, then short ones, then the left-out ones
            rank = {"whole": 0, "short": 1, None: 2}
            assert [rank[f] for f in forms] == sorted(rank[f] for f in forms), (budget, fmt)
            assert forms[0] == "whole" and forms[-1] is None, (budget, fmt)
            seen.update(forms)
            ids = [item["id"] for item in result["sections"]["rules"]["items"]]
            assert ids == list(range(1, len(ids) + 1))
    assert seen == {"whole", "short", None}


def test_short_item_json_carries_id_line_and_form():
    item = _rule(7)
    result = bundle.assemble([bundle.Section("rules", "Rules", 10, [item])], max_bytes=256, fmt="json")
    assert result["sections"]["rules"]["items"] == [
        {"id": 7, "short": "- [high] Rule 7 (rule #7)", "form": "short"}
    ]
    custom = bundle.Item("- " + "x" * 400, {"id": 1}, short="- x", short_data={"id": 1, "title": "X"})
    result = bundle.assemble([bundle.Section("s", "S", 1, [custom])], max_bytes=300)
    assert result["sections"]["s"]["items"] == [{"id": 1, "title": "X", "short": "- x", "form": "short"}]
    assert "- x\n" in result["markdown"] and "xxxx" not in result["markdown"]


def _locks(n=3):
    return bundle.Section(
        "locks",
        "Locks",
        50,
        [
            bundle.Item(f"- **mod_{i}** locked by session s{i} until 12:00 UTC", {"module": f"mod_{i}"})
            for i in range(n)
        ],
        intro="Do not edit modules held by another session.",
        pinned=True,
    )


def test_pinned_section_is_never_cut_for_budget():
    rules = bundle.Section("rules", "Rules", 10, [_rule(n) for n in range(1, 50)])
    for budget in range(400, 6000, 173):
        result = bundle.assemble([rules, _locks()], max_bytes=budget)
        assert result["bytes"] <= budget
        assert result["sections"]["locks"]["count"] == 3
        assert "locks" not in result["left_out"]
        for i in range(3):
            assert f"- **mod_{i}** locked by session s{i}" in result["markdown"]
        # displayed by priority: the rules (10) above the locks (50)
        assert _headings(result["markdown"])[-1] == "Left out"


def test_pinned_items_shrink_then_exceed_only_as_last_resort():
    big = [bundle.Item("- **lock** " + "L" * 300, {"id": i}, short=f"- lock {i}") for i in range(3)]
    pinned = bundle.Section("locks", "Locks", 50, big, pinned=True)
    # whole they need ~950 bytes: the lowest-ranked shrink first, until it fits
    result = bundle.assemble([pinned], max_bytes=500)
    assert result["bytes"] <= 500
    assert _forms(result, "locks") == ["whole", "short", "short"]
    assert result["left_out"] == {"locks": {"left_out": 0, "shortened": 2, "hint": ""}}
    # short forms that still do not fit: the only case where the budget is exceeded
    huge = [bundle.Item("- " + "H" * 300, {"id": i}, short="- " + "h" * 200) for i in range(3)]
    result = bundle.assemble([bundle.Section("locks", "Locks", 50, huge, pinned=True)], max_bytes=256)
    assert result["bytes"] > 256
    assert _forms(result, "locks") == ["short", "short", "short"]
    assert result["truncated"] and result["markdown"].endswith("## Left out\n\n- 3 shortened.\n")


def test_budget_rank_is_independent_of_display_order():
    """A section displayed first can still be the first to lose items."""
    tail = bundle.Section(
        "sessions", "Sessions", 5, [bundle.Item("- " + "s" * 80, {"n": i}) for i in range(5)], budget=90
    )
    head = bundle.Section("rules", "Rules", 10, [bundle.Item("- " + "r" * 80, {"n": i}) for i in range(5)])
    result = bundle.assemble([tail, head], max_bytes=700)
    assert _headings(result["markdown"])[:2] == ["Sessions", "Rules"]
    assert result["sections"]["rules"]["count"] == 5
    assert result["sections"]["sessions"]["count"] < 5


def _tiered_sections():
    rules = [_rule(n, tier=10 if n <= 2 else 60, size=60) for n in range(1, 6)]
    return [
        bundle.Section("rules", "Rules", 10, rules, hint="`practice rule show <id>`"),
        bundle.Section("memory", "Memory", 20, [bundle.Item("- memory " + "m" * 150, {"id": 1})]),
        bundle.Section(
            "glossary",
            "Glossary",
            30,
            [bundle.Item("- **FBM**: Fulfilled-By-Merchant", {"id": 1})],
            budget=30,
        ),
    ]


def test_tiers_interleave_sections():
    sections = _tiered_sections()
    everything = bundle.assemble(sections, max_bytes=100000)["bytes"]
    for budget in range(256, everything, 23):
        result = bundle.assemble(sections, max_bytes=budget)
        kept = {key: s["items"] for key, s in result["sections"].items()}
        forms = {item["id"]: item["form"] for item in kept.get("rules", [])}
        memory, glossary = bool(kept.get("memory")), bool(kept.get("glossary"))
        # a top-tier rule beats a memory: no memory unless rules 1 and 2 are whole
        if memory:
            assert forms.get(1) == forms.get(2) == "whole", budget
        # a low-tier rule loses to the (smaller) glossary: none kept whole unless the glossary is
        if any(n > 2 and form == "whole" for n, form in forms.items()):
            assert glossary, budget
    # with room for the top rules, the memory and the glossary only: exactly those
    top_only = [_tiered_sections()[0]]
    top_only[0].items = top_only[0].items[:2]
    room = bundle.assemble(top_only + _tiered_sections()[1:], max_bytes=100000)["bytes"] + 120
    result = bundle.assemble(sections, max_bytes=room)
    assert _forms(result, "rules")[:2] == ["whole", "whole"]
    assert result["sections"]["memory"]["count"] == result["sections"]["glossary"]["count"] == 1
    assert result["left_out"]["rules"]["left_out"] + result["left_out"]["rules"]["shortened"] == 3
    # display order stays the sections' priority
    assert _headings(result["markdown"]) == ["Rules", "Memory", "Glossary", "Left out"]


def test_left_out_summary_is_exact():
    hint = "`practice rule show <id>` or the MCP tool `practice_get`"
    rules = [bundle.Item("- " + "a" * 97, {"id": n}) for n in range(3)] + [
        bundle.Item("- " + "b" * 300, {"id": 3}, short="- [low] b (rule #3)")
    ]
    sections = [
        bundle.Section("rules", "Hard rules", 10, rules, hint=hint),
        bundle.Section("memory", "Memory", 20, [bundle.Item("- " + "m" * 300, {"id": 9})], intro="1 memory."),
        bundle.Section(
            "glossary", "Glossary", 30, [bundle.Item("- **FBM**: Fulfilled-By-Merchant", {"id": 1})]
        ),
    ]
    expected = (
        "# Practice context\n\n"
        "## Hard rules\n\n" + ("- " + "a" * 97 + "\n") * 3 + "- [low] b (rule #3)\n\n"
        "## Glossary\n\n- **FBM**: Fulfilled-By-Merchant\n\n"
        "## Left out\n\n"
        f"- Hard rules: 1 shortened — {hint}\n"
        "- Memory: 1 left out\n"
    )
    budget = len(expected.encode())
    result = bundle.assemble(sections, max_bytes=budget)
    assert result["markdown"] == expected
    assert result["bytes"] == budget
    assert result["left_out"] == {
        "rules": {"left_out": 0, "shortened": 1, "hint": hint},
        "memory": {"left_out": 1, "shortened": 0, "hint": ""},
    }
    assert result["truncated"] is True
    assert [result["sections"][k]["truncated"] for k in result["sections"]] == [True, False]
    # one byte less: the lowest-ranked item (the glossary's) goes; the hints stay
    tighter = bundle.assemble(sections, max_bytes=budget - 1)
    assert tighter["bytes"] <= budget - 1
    assert list(tighter["sections"]) == ["rules"]
    assert tighter["markdown"].endswith(
        f"- Hard rules: 1 shortened — {hint}\n- Memory: 1 left out\n- Glossary: 1 left out\n"
    )


def test_left_out_block_is_absent_when_nothing_is_lost():
    result = bundle.assemble(_tiered_sections(), max_bytes=100000)
    assert "Left out" not in result["markdown"]
    assert result["left_out"] == {} and result["truncated"] is False


def test_json_sections_follow_the_markdown_order():
    sections = _tiered_sections() + [
        _locks(),
        bundle.Section("scope", "Scope", 0, [], intro="Repo.", keep_empty=True),
    ]
    for budget in (256, 700, 1500, 100000):
        result = bundle.assemble(sections, max_bytes=budget)
        titles = [result["sections"][key]["title"] for key in result["sections"]]
        assert titles == [h for h in _headings(result["markdown"]) if h != "Left out"]
        assert list(bundle.assemble(sections, max_bytes=100000, fmt="json")["sections"]) == [
            "scope",
            "rules",
            "memory",
            "glossary",
            "locks",
        ]


def test_same_input_same_output():
    sections = _tiered_sections() + [_locks()]
    for fmt in ("markdown", "json"):
        for budget in (256, 900, 3000):
            assert bundle.assemble(sections, budget, fmt) == bundle.assemble(sections, budget, fmt)


FUZZ = settings(max_examples=200)  # the rest: the suite's profile (conftest.py)

_items = st.lists(
    st.builds(
        lambda size, short, tier, n: bundle.Item(
            "- " + "é" * (size // 2) + "x" * size, {"n": n, "pad": "p" * size}, short=short, tier=tier
        ),
        st.integers(0, 300),
        st.sampled_from(["", "- one line", "- " + "s" * 90]),
        st.one_of(st.none(), st.integers(0, 100)),
        st.integers(0, 1000),
    ),
    max_size=12,
)
_sections_strategy = st.lists(
    st.builds(
        lambda key, priority, items, intro, budget, hint, keep_empty: bundle.Section(
            key, key.upper(), priority, items, intro, budget=budget, hint=hint, keep_empty=keep_empty
        ),
        st.sampled_from(["scope", "rules", "memory", "glossary", "runbooks", "sessions", "alerts"]),
        st.integers(0, 80),
        _items,
        st.sampled_from(["", "Intro line."]),
        st.one_of(st.none(), st.integers(0, 100)),
        st.sampled_from(["", "`practice get <id>` or the MCP tool `practice_get`"]),
        st.booleans(),
    ),
    max_size=7,
    unique_by=lambda s: s.key,
)


@FUZZ
@given(
    sections=_sections_strategy,
    small_lock=st.booleans(),
    budget=st.integers(256, 6000),
    fmt=st.sampled_from(["markdown", "json"]),
)
def test_budget_is_never_exceeded(sections, small_lock, budget, fmt):
    if small_lock:
        sections = [*sections, _locks(2)]
    result = bundle.assemble(sections, max_bytes=budget, fmt=fmt)
    assert result["bytes"] <= budget
    if fmt == "markdown":
        assert result["bytes"] == len(result["markdown"].encode())
        titles = [result["sections"][key]["title"] for key in result["sections"]]
        assert titles == [h for h in _headings(result["markdown"]) if h != "Left out"]
        assert ("## Left out" in result["markdown"]) == result["truncated"]
    else:
        assert result["bytes"] == len(json.dumps(result["sections"], sort_keys=True).encode())
    if small_lock:
        assert result["sections"]["locks"]["count"] == 2
    # the summary accounts for every item exactly once
    assert result["truncated"] == bool(result["left_out"])
    for section in sections:
        shown = result["sections"].get(section.key, {"count": 0, "shortened": 0})
        lost = result["left_out"].get(section.key, {"left_out": 0, "shortened": 0})
        assert shown["count"] + lost["left_out"] == len(section.items)
        assert shown["shortened"] == lost["shortened"]
        if section.key not in result["sections"]:
            assert not section.keep_empty or budget < 1000 or fmt == "json"
    assert result == bundle.assemble(sections, max_bytes=budget, fmt=fmt)
