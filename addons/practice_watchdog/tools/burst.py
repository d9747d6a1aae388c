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


def uncovered(rows, model, covers):
    """``rows`` less the deletes of ``model`` that handled alerts already counted.

    ``covers``: ``(start, end, deletes)`` of each acknowledged or resolved alert of ``model``.
    In turn (by first minute), each takes its ``deletes`` from the rows of its own minutes,
    earliest first: what is left in those minutes was counted after the alert last was (a
    late commit), and every minute after its window is left whole. Other models' rows are
    returned unchanged.
    """
    rows = [list(row) for row in rows]
    own = sorted((row for row in rows if row[0] == model), key=lambda row: row[1])
    for start, end, deletes in sorted(covers, key=lambda cover: (cover[0], cover[1])):
        budget = deletes or 0
        for row in own:
            if budget <= 0:
                break
            if start <= row[1] <= end and row[3]:
                taken = min(budget, row[3])
                row[3] -= taken
                budget -= taken
    return [tuple(row) for row in rows]


def first_delete_minute(rows, model, start, end):
    """First minute of ``start..end`` in which ``model`` lost records (``None`` if none)."""
    minutes = [
        minute for row_model, minute, _c, d in rows if row_model == model and start <= minute <= end and d
    ]
    return min(minutes) if minutes else None
