"""Burst detection over per-minute create/delete counters."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class BurstRule:
    threshold: int
    window_minutes: int = 5


@dataclass(frozen=True)
class Burst:
    model: str
    deletes: int
    creates: int
    window_start: object
    window_end: object
    threshold: int


def window_bounds(now, window_minutes):
    """``[start, end]`` minutes (inclusive) of the window ending with the minute of ``now``."""
    end = now.replace(second=0, microsecond=0)
    return end - timedelta(minutes=max(window_minutes, 1) - 1), end


def detect(rows, rules, now):
    """Models whose deletes within their window reach their threshold.

    ``rows``: iterable of ``(model, minute, creates, deletes)`` (minute = naive UTC datetime);
    ``rules``: ``{model: BurstRule}``. Result sorted by model.
    """
    totals = {}
    bounds = {model: window_bounds(now, rule.window_minutes) for model, rule in rules.items()}
    for model, minute, creates, deletes in rows:
        if model not in rules:
            continue
        start, end = bounds[model]
        if start <= minute <= end:
            c, d = totals.get(model, (0, 0))
            totals[model] = (c + (creates or 0), d + (deletes or 0))
    bursts = []
    for model in sorted(totals):
        creates, deletes = totals[model]
        rule = rules[model]
        if rule.threshold > 0 and deletes >= rule.threshold:
            start, end = bounds[model]
            bursts.append(Burst(model, deletes, creates, start, end, rule.threshold))
    return bursts


def totals_between(rows, model, start, end):
    """``(creates, deletes)`` of ``model`` over the minutes ``start..end`` (inclusive): the
    whole of an incident that outlasts one window, from its alert's first minute on."""
    creates = deletes = 0
    for row_model, minute, row_creates, row_deletes in rows:
        if row_model == model and start <= minute <= end:
            creates += row_creates or 0
            deletes += row_deletes or 0
    return creates, deletes
