# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Input of ``practice.context.search``: the query text, the kinds searched, the limit."""

KINDS = ("rule", "adr", "runbook", "term", "citation", "pattern")
MAX_QUERY = 500
MAX_LIMIT = 100


class SearchInputError(ValueError):
    """Bad input of a knowledge search; the message is for the caller."""


def parse_query(value):
    """The query text, stripped and whitespace-collapsed; non-empty, at most MAX_QUERY chars."""
    if not isinstance(value, str):
        raise SearchInputError("query must be text.")
    text = " ".join(value.split())
    if not text:
        raise SearchInputError("query is empty: give a few words to search for.")
    if len(text) > MAX_QUERY:
        raise SearchInputError(f"query is too long ({len(text)} characters, at most {MAX_QUERY}).")
    return text


def parse_kinds(value):
    """The kinds to search (default: all of KINDS), in KINDS order, without duplicates."""
    if value is None or value is False or value == []:
        return list(KINDS)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        raise SearchInputError(f"kinds must be a list among {', '.join(KINDS)}.")
    wanted = {k.strip().lower() for k in value}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise SearchInputError(f"Unknown kind(s) {', '.join(unknown)[:80]}: use {', '.join(KINDS)}.")
    return [k for k in KINDS if k in wanted]


def parse_limit(value, default=20):
    """A whole number of results between 1 and MAX_LIMIT."""
    if value is None or value is False:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise SearchInputError(f"limit must be a whole number between 1 and {MAX_LIMIT}.")
    return value
