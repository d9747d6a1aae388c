# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the bundle's relevance scoring (no database)."""

import re
from datetime import date, datetime

import pytest

from odoo.addons.practice_knowledge.tests import recall_fixture
from odoo.addons.practice_knowledge.tools import ranking

pytestmark = pytest.mark.domain

NOW = datetime(2026, 11, 29, 19, 0, 0)


def test_idf_rare_words_weigh_more_and_stay_positive():
    assert ranking.idf(1, 1000) > ranking.idf(50, 1000) > ranking.idf(900, 1000) > 0
    assert ranking.idf(1000, 1000) > 0  # a word in every item still counts a little
    assert ranking.idf(5, 0) > 0  # no division by zero on an empty scope


def test_saturation_prefers_covering_more_words_to_repeating_one():
    # a rule with two task words once each beats a rule with one word three times
    assert 2 * ranking.saturate(1.0) > ranking.saturate(3.0)
    assert ranking.saturate(0.0) == 0.0 and ranking.saturate(100.0) < 1.0


def test_weights_drop_words_that_occur_nowhere():
    assert set(ranking.weights({"thumbnail": 1, "product": 900, "zzz": 0}, 1000)) == {"thumbnail", "product"}


@pytest.mark.parametrize(
    "lexeme,expected",
    [("thumbnail", "'thumbnail'"), ("it's", "'it''s'"), ("a\\b", "'a\\\\b'"), ("x:*&!|", "'x:*&!|'")],
)
def test_quote_lexeme_makes_one_literal_lexeme(lexeme, expected):
    assert ranking.quote_lexeme(lexeme) == expected


def test_pick_lexemes_keeps_task_order_distinct_and_bounded():
    rows = [("product", 3), ("bulk", 1), ("thumbnail", 4), ("product", 7), ("regener", 2)]
    assert ranking.pick_lexemes(rows) == ["bulk", "regener", "product", "thumbnail"]
    many = [(f"w{i}", i) for i in range(500)]
    assert len(ranking.pick_lexemes(many)) == ranking.MAX_LEXEMES


def test_recency_halves_per_half_life():
    assert ranking.recency(date(2026, 11, 29), NOW) == 1.0
    assert ranking.recency(date(2025, 11, 29), NOW) == pytest.approx(0.5, rel=0.01)
    assert ranking.recency(date(2027, 1, 1), NOW) == 1.0  # future counts as today
    assert ranking.recency(None, NOW) == 0.0


def _cand(id_, relevance=0.0, matched=False, severity="medium", day=date(2026, 1, 1)):
    return {"id": id_, "relevance": relevance, "matched": matched, "severity": severity, "date": day}


def test_rank_without_task_keeps_module_severity_date_order():
    cands = [
        _cand(1, severity="low", matched=True),
        _cand(2, severity="critical"),
        _cand(3, severity="critical", day=date(2026, 5, 1)),
        _cand(4, severity="critical", matched=True),
    ]
    assert [c["id"] for c in ranking.rank(cands, NOW, task=False)] == [4, 1, 3, 2]


def test_rank_with_task_lets_the_text_decide_then_ties_on_id():
    cands = [
        _cand(5, relevance=0.1, matched=True, severity="critical"),
        _cand(2, relevance=3.0, severity="low"),
        _cand(9, relevance=0.0, severity="critical", matched=True),
        _cand(7, relevance=3.0, severity="low"),
    ]
    assert [c["id"] for c in ranking.rank(cands, NOW, task=True)] == [2, 7, 5, 9]
    assert all(0.0 <= c["score"] <= 1.0 for c in cands)


def test_rank_module_match_breaks_near_ties_in_text():
    cands = [_cand(1, relevance=1.0), _cand(2, relevance=0.95, matched=True)]
    assert [c["id"] for c in ranking.rank(cands, NOW, task=True)] == [2, 1]


def test_one_line_and_clip_cut_at_word_boundaries():
    assert ranking.one_line("a\n  b\tc") == "a b c"
    line = ranking.one_line("word " * 100, 50)
    assert len(line) <= 50 and line.endswith("…") and "wor…" not in line
    text, cut = ranking.clip("line one\nline two\nline three", 20)
    assert cut and text == "line one\nline two …"
    assert ranking.clip("short", 20) == ("short", False)


def test_indent_keeps_blank_lines_blank():
    assert ranking.indent("a\n\nb") == "  a\n\n  b"


def test_words_in_whole_words_only():
    found = ranking.words_in("Check the fencing token; no tokens here", ["fencing token", "token", "fence"])
    assert found == {"fencing token", "token"}


def test_recall_fixture_is_deterministic_and_labelled():
    first, second = recall_fixture.make_rules(200, seed=3), recall_fixture.make_rules(200, seed=3)
    assert first == second and len(first) == 200
    titles = {rule["name"] for rule in first}
    assert len(titles) == 200
    assert len(recall_fixture.LABELLED_TASKS) >= 15
    for task, needed in recall_fixture.LABELLED_TASKS:
        assert needed and set(needed) <= titles, task
        assert all(task.lower() not in rule["rule"].lower() for rule in first)
    for rule in first:
        assert rule["fix"] and rule["rule"] and rule["incident"]


def test_one_line_joins_every_kind_of_whitespace_run():
    """one_line splits on what ``\\s`` matches (str.isspace), Unicode spaces included."""
    text = "\u00a0 a\u2003\u2028b\r\n\x1f c\u3000\u0085"
    assert ranking.one_line(text) == re.sub(r"\s+", " ", text).strip() == "a b c"
    assert ranking.one_line(None) == ranking.one_line("") == ranking.one_line(" \n ") == ""
