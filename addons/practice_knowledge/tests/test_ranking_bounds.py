# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the bounded document frequencies (no database, issue 11)."""

import pytest

from odoo.addons.practice_knowledge.tools import ranking

pytestmark = pytest.mark.domain


def test_common_words_are_capped_at_common_rows():
    idfs, common = ranking.doc_weights({"thumbnail": 2, "product": 5, "zzz": 0}, 10_000, common_rows=5)
    assert common == {"product"}
    assert set(idfs) == {"thumbnail", "product"}  # a word found nowhere cannot match
    assert idfs["product"] == pytest.approx(ranking.idf(5, 10_000))
    assert idfs["thumbnail"] > idfs["product"] > 0


def test_below_the_cap_the_weights_are_unchanged():
    freqs = {"thumbnail": 3, "image": 40, "product": 400}
    idfs, common = ranking.doc_weights(freqs, 1000, common_rows=500)
    assert not common
    assert idfs == ranking.weights(freqs, 1000)


def test_common_word_never_outweighs_a_rarer_one():
    for total in (3, 10, 500, 10_000, 1_000_000):
        idfs, _common = ranking.doc_weights({"rare": 1, "common": 500}, total, common_rows=500)
        assert idfs["rare"] >= idfs["common"] > 0
