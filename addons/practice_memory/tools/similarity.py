"""Near-duplicate detection for memory entries, in plain Python.

The database path uses PostgreSQL's ``pg_trgm`` ``similarity()``; when the extension is
not available, :func:`trigram_similarity` computes the same figure in Python (same
tokenisation, same padding, same set formula), so the thresholds below mean the same
thing on every database. :func:`difflib_similarity` is offered as a second opinion for
very short texts, where trigram sets are too small to be stable.
"""

import difflib
import re

# A word for pg_trgm: a run of alphanumeric characters (non-ASCII letters included).
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Thresholds of a near-identical memory (both must hold).
TOPIC_THRESHOLD = 0.6
SUMMARY_THRESHOLD = 0.6
# Below this many characters, difflib's ratio is used as well (max of the two).
SHORT_TEXT = 12


def normalize(text):
    """Lower-case, collapse whitespace, strip: the form compared and stored for lookups."""
    return " ".join((text or "").lower().split())


def trigrams(text):
    """The trigram set pg_trgm builds: per lower-cased word, padded with two spaces in
    front and one behind."""
    grams = set()
    for word in _WORD_RE.findall((text or "").lower()):
        padded = f"  {word} "
        for i in range(len(padded) - 2):
            grams.add(padded[i : i + 3])
    return grams


def trigram_similarity(a, b):
    """pg_trgm's ``similarity(a, b)``: shared trigrams / all distinct trigrams (0..1)."""
    ga, gb = trigrams(a), trigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def difflib_similarity(a, b):
    """Character-level ratio of the normalized texts (0..1)."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def combine(trigram_score, a, b):
    """Final score from a trigram score (Python's or PostgreSQL's): short texts also get
    difflib's ratio, whichever is higher."""
    if min(len(normalize(a)), len(normalize(b))) < SHORT_TEXT:
        return max(trigram_score, difflib_similarity(a, b))
    return trigram_score


def similarity(a, b):
    """The Python fallback score: trigram similarity, helped by difflib for short texts."""
    return combine(trigram_similarity(a, b), a, b)


def is_duplicate(topic_score, summary_score):
    """Both the topic and the summary are near-identical."""
    return topic_score >= TOPIC_THRESHOLD and summary_score >= SUMMARY_THRESHOLD


def best_match(topic, summary, candidates):
    """The best near-duplicate of (topic, summary) among ``candidates``, or ``None``.

    ``candidates``: iterable of ``(key, topic, summary)`` or
    ``(key, topic, summary, topic_trigram_score, summary_trigram_score)`` when the
    database already computed pg_trgm's scores. Ties go to the first candidate in the
    given order, so callers pass a stable order. Returns ``(key, topic_score, summary_score)``.
    """
    best = None
    for cand in candidates:
        key, cand_topic, cand_summary = cand[:3]
        t_trgm = cand[3] if len(cand) > 3 else trigram_similarity(topic, cand_topic)
        t_score = combine(t_trgm, topic, cand_topic)
        if t_score < TOPIC_THRESHOLD:
            continue
        s_trgm = cand[4] if len(cand) > 4 else trigram_similarity(summary, cand_summary)
        s_score = combine(s_trgm, summary, cand_summary)
        if not is_duplicate(t_score, s_score):
            continue
        if best is None or (t_score + s_score) > (best[1] + best[2]):
            best = (key, t_score, s_score)
    return best
