# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the similarity and memory-index helpers (no database)."""

import pytest

from odoo.addons.practice_memory.tools import memory_index as mi
from odoo.addons.practice_memory.tools import similarity as sim

pytestmark = pytest.mark.domain


def test_trigrams_follow_pg_trgm_padding():
    assert sim.trigrams("cat") == {"  c", " ca", "cat", "at "}
    assert sim.trigrams("A-b") == {"  a", " a ", "  b", " b "}
    assert sim.trigram_similarity("", "x") == 0.0
    assert sim.trigram_similarity("Same Words", "same words") == 1.0


def test_difflib_and_short_text_boost():
    assert sim.difflib_similarity("abc", "abd") == pytest.approx(2 / 3)
    # short texts: trigram sets are tiny, difflib lifts the score
    assert sim.trigram_similarity("cron", "crons") < sim.similarity("cron", "crons")
    # long texts: pure trigram
    long_a, long_b = "a long enough sentence here", "a long enough sentence there"
    assert sim.similarity(long_a, long_b) == sim.trigram_similarity(long_a, long_b)


def test_best_match_thresholds_and_ties():
    cands = [
        (1, "Image writes time out", "Commit in batches of 500 records."),
        (2, "Image writes time out", "Commit in batches of 500 records."),
        (3, "Unrelated", "Nothing to see."),
    ]
    match = sim.best_match("image writes time out", "Commit in batches of 500 records!", cands)
    assert match[0] == 1  # first of equal candidates wins
    assert sim.best_match("Image writes time out", "Completely different advice here.", cands) is None
    assert sim.best_match("Unrelated topic entirely new", "Nothing to see.", cands) is None


def test_best_match_uses_database_scores_when_given():
    cands = [(7, "x", "y", 0.95, 0.9)]
    assert sim.best_match("a much longer topic", "a much longer summary", cands)[0] == 7
    assert sim.best_match("a much longer topic", "a much longer summary", [(7, "x", "y", 0.95, 0.2)]) is None


def test_is_duplicate_needs_both():
    assert sim.is_duplicate(0.6, 0.6)
    assert not sim.is_duplicate(0.9, 0.59)
    assert not sim.is_duplicate(0.59, 0.9)


def _mem(i, **kw):
    base = {
        "id": i,
        "topic": f"T{i}",
        "summary": f"S{i}",
        "date": "2026-01-01",
        "times_seen": 1,
        "pinned": False,
    }
    base.update(kw)
    return base


def test_mentions_whole_words_and_tagged_modules():
    memory = _mem(1, summary="Touches sale_ext only.", modules=["stock_ext"])
    assert mi.mentions(memory, ["sale_ext"])
    assert mi.mentions(memory, ["STOCK_EXT"])
    assert not mi.mentions(memory, ["sale"])  # part of a word
    assert not mi.mentions(memory, ["sale_ext_v2"])
    assert not mi.mentions(memory, [])


def test_rank_relevant_then_pinned_then_seen_then_date_then_id():
    memories = [
        _mem(1, times_seen=9),
        _mem(2, pinned=True),
        _mem(3, summary="about sale_ext"),
        _mem(4, date="2026-02-01"),
        _mem(5),
    ]
    assert [m["id"] for m in mi.rank(memories, ["sale_ext"])] == [3, 2, 1, 4, 5]
    assert [m["id"] for m in mi.rank(memories)] == [2, 1, 4, 3, 5]


def test_render_index_budget_lines():
    memories = [_mem(i) for i in range(1, 11)]
    full = mi.render_index(memories, max_lines=50)
    assert full["lines"] == 12 and not full["truncated"]
    cut = mi.render_index(memories, max_lines=6)
    assert cut["markdown"].count("\n") == 6
    assert cut["shown"] == 3 and cut["truncated"]
    assert cut["markdown"].splitlines()[-1] == "- … 7 more entries not shown"
    empty = mi.render_index([], max_lines=3)
    assert empty["markdown"] == "# Memory\n\n_No memory yet._\n"
    with pytest.raises(ValueError):
        mi.render_index(memories, max_lines=2)


def test_index_line_is_one_line():
    line = mi.index_line(
        _mem(1, topic="Multi\nline", summary="a\n\nb " + "z" * 400, times_seen=3, pinned=True)
    )
    assert "\n" not in line
    assert line.startswith("- 📌 **Multi line** · 2026-01-01 · a b ")
    assert line.endswith("… (seen 3×)")
