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


def crossed(before, added, threshold):
    """Whether ``added`` deletes take a window's count from below ``threshold`` to at least it:
    the one moment worth waking the burst check at once (not every delete above it)."""
    return threshold > 0 and added > 0 and before < threshold <= before + added


def deletes_between(rows, model, start, end=None):
    """Deletes of ``model`` in ``rows`` (``(model, minute, creates, deletes)``) from the minute
    ``start`` on (to ``end``, inclusive, when given)."""
    return sum(
        deletes or 0
        for row_model, minute, _creates, deletes in rows
        if row_model == model and minute >= start and (end is None or minute <= end)
    )


def wake_checks(rows, rules, now):
    """What to check before writing a tally: ``[(model, window start, threshold, added)]``, one
    per burst rule of a model whose deletes in ``rows`` fall in that rule's window ending now.

    ``rows``: the tally's ``(model, minute, creates, deletes)``; ``rules``: ``{model:
    ((threshold, window minutes), ...)}``. Empty when the tally deletes nothing watched: then
    nothing is read."""
    checks = []
    for model in sorted({row[0] for row in rows if row[3] and row[0] in rules}):
        for threshold, window in rules[model]:
            start = window_bounds(now, window)[0]
            added = deletes_between(rows, model, start)
            if added and threshold > 0:
                checks.append((model, start, threshold, added))
    return checks


def first_crossing(checks, before):
    """The first check of :func:`wake_checks` whose window goes from below its threshold to at
    least it (``before``: the window's deletes before the tally, in the same order), or ``None``."""
    for check, counted in zip(checks, before, strict=True):
        if crossed(counted, check[3], check[2]):
            return check
    return None
