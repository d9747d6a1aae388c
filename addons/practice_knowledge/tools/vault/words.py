# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Whole-word matching of terms in a text (the glossary terms an item uses)."""

import re

_WORD_RE = re.compile(r"[\w-]+")


def words_in(text, phrases):
    """The phrases (terms, aliases) that occur in ``text`` as whole words, case-insensitively.

    The text's words are collected once; only phrases whose every word occurs in it are
    checked with the exact whole-phrase regex, so hundreds of terms cost one pass over the text.
    """
    lower = (text or "").lower()
    words = set(_WORD_RE.findall(lower))
    found = set()
    for phrase in phrases:
        p = (phrase or "").strip().lower()
        if not p or not all(w in words for w in _WORD_RE.findall(p)):
            continue
        if re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", lower):
            found.add(phrase)
    return found
