# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Relevance of knowledge items to a task: the pure part (no ORM, no SQL).

The database gives, for every candidate, a text relevance: the sum over the task's words
of ``idf(word) * saturate(ts_rank_cd(weighted vector, word))``. Here that relevance is combined with
the module match, the severity and the age into one score, and the candidates are ordered
deterministically (score, then id). Also: the IDF formula, how a lexeme is quoted into a
``tsquery`` and the one-line/indented forms the bundle prints.

Why an IDF: a plain OR of "Bulk regenerate product thumbnails" ranks every rule that says
"product" high, because "product" is everywhere; weighting each word by how rare it is
across the repository's items makes "thumbnail" decide.
"""

import math

from .vault.words import words_in  # noqa: F401 - one whole-word matcher for ranking and the vault

# PostgreSQL text search configuration of the stored vectors: 'english' stems ("thumbnails"
# finds "thumbnail", "regenerating" finds "regenerate") and drops stop words ("the", "for"),
# which tasks phrased in a different voice than the rule text need; 'simple' would match
# only identical word forms.
TS_CONFIG = "english"
# ts_rank_cd weights for {D, C, B, A}: title (A) counts most, then rule text and fix (B),
# then incident and root cause (C).
TS_WEIGHTS = [0.1, 0.3, 0.6, 1.0]
# ts_rank_cd normalization: 0 (none); repetition is tamed by the saturation below instead.
TS_NORMALIZATION = 0
# Each word's rank r counts as r / (r + SATURATION) (as BM25 saturates term frequency): the
# first occurrences of a word count most, so covering more of the task's words wins over
# repeating one of them.
SATURATION = 1.0
MAX_LEXEMES = 48  # words of a task that count (a task is at most 2,000 characters)
CANDIDATES = 200  # items ranked by SQL per query (cost grows with this, not the vault)
# A word found in at least this many rows of a table is "common": its document frequency is
# counted no further (the count would grow with the vault), its IDF is that of COMMON_ROWS
# rows (the most a common word can weigh; its true IDF is lower) and it does not select
# candidates, it only adds to the score of rows a rarer word selected.
COMMON_ROWS = 500

SEVERITY_SCORE = {"critical": 1.0, "high": 0.7, "medium": 0.4, "low": 0.1}
SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
RECENCY_HALF_LIFE_DAYS = 365.0

# Weights of the combined score (sum 1). With a task, the text decides; module match,
# severity and age order the rest and break near-ties.
W_TEXT = 0.70
W_MODULE = 0.15
W_SEVERITY = 0.10
W_RECENCY = 0.05


def idf(doc_freq, total):
    """Inverse document frequency (BM25 form, always > 0): rare words weigh more."""
    total = max(int(total), 0)
    doc_freq = min(max(int(doc_freq), 0), total)
    return math.log(1.0 + (total - doc_freq + 0.5) / (doc_freq + 0.5))


def quote_lexeme(lexeme):
    """``lexeme`` as a ``tsquery`` literal of exactly that one lexeme (no parsing of ``&|!:``)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def pick_lexemes(rows, limit=MAX_LEXEMES):
    """Distinct lexemes of ``rows`` ``(lexeme, first position)`` in task order, at most ``limit``."""
    ordered = sorted(rows, key=lambda row: (row[1] if row[1] is not None else 1 << 30, row[0]))
    seen, result = set(), []
    for lexeme, _pos in ordered:
        if lexeme and lexeme not in seen and len(lexeme) <= 100:
            seen.add(lexeme)
            result.append(lexeme)
    return result[:limit]


def saturate(rank_cd):
    """The contribution of one word of rank ``rank_cd`` before its IDF (the SQL does the same)."""
    return rank_cd / (rank_cd + SATURATION) if rank_cd > 0 else 0.0


def weights(doc_freqs, total):
    """``{lexeme: idf}`` for the lexemes that occur at least once (others cannot match)."""
    return {lex: idf(df, total) for lex, df in doc_freqs.items() if df > 0}


def doc_weights(doc_freqs, total, common_rows=None):
    """``({lexeme: idf}, {common lexemes})`` of ``doc_freqs`` counted up to ``common_rows``
    (default COMMON_ROWS): a lexeme counted ``common_rows`` times or more is common and
    weighs ``idf(common_rows, total)``; lexemes that occur nowhere are dropped."""
    common_rows = COMMON_ROWS if common_rows is None else common_rows
    common = {lex for lex, df in doc_freqs.items() if df >= common_rows}
    capped = {lex: min(df, common_rows) for lex, df in doc_freqs.items()}
    return weights(capped, max(total, common_rows) if common else total), common


def recency(date, now, half_life_days=RECENCY_HALF_LIFE_DAYS):
    """1.0 for today, halving every ``half_life_days``; a future date counts as today."""
    if not date or not now:
        return 0.0
    days = max((now.toordinal() if hasattr(now, "toordinal") else 0) - date.toordinal(), 0)
    return 0.5 ** (days / half_life_days)


def score(relevance, top_relevance, matched, severity, date, now):
    """Combined score in [0, 1] of one candidate (see the weights above)."""
    text = relevance / top_relevance if top_relevance > 0 else 0.0
    return (
        W_TEXT * text
        + W_MODULE * (1.0 if matched else 0.0)
        + W_SEVERITY * SEVERITY_SCORE.get(severity, 0.0)
        + W_RECENCY * recency(date, now)
    )


def rank(candidates, now, task=True):
    """Order candidate dicts (``id``, ``relevance``, ``matched``, ``severity``, ``date``).

    Without a task: module match, severity, newest, id (the order before tasks existed).
    With a task: combined score, then id. Each dict gains ``score``. Ties break on id.
    """
    candidates = list(candidates)
    if not task:
        for cand in candidates:
            cand["score"] = 0.0
        return sorted(
            candidates,
            key=lambda c: (
                not c.get("matched"),
                SEVERITY_RANK.get(c.get("severity"), 9),
                -(c["date"].toordinal() if c.get("date") else 0),
                c["id"],
            ),
        )
    top = max((c.get("relevance") or 0.0 for c in candidates), default=0.0)
    for cand in candidates:
        cand["score"] = score(
            cand.get("relevance") or 0.0,
            top,
            cand.get("matched"),
            cand.get("severity"),
            cand.get("date"),
            now,
        )
    return sorted(candidates, key=lambda c: (-round(c["score"], 9), c["id"]))


def one_line(text, limit=240):
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``."""
    # str.split() splits on the characters \s matches (str.isspace): the same as replacing each
    # run of whitespace by one space and stripping, without a regular expression
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def indent(text, prefix="  "):
    """Every line of ``text`` indented by ``prefix`` (keeps markdown inside a list item)."""
    return "\n".join(prefix + line if line.strip() else "" for line in (text or "").strip().split("\n"))


def clip(text, limit):
    """``text`` (stripped) of at most ``limit`` characters, cut on a line or word boundary."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    for sep in ("\n", " "):
        pos = cut.rfind(sep)
        if pos > limit // 2:
            cut = cut[:pos]
            break
    return cut.rstrip() + " …", True
