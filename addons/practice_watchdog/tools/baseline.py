"""Baselines instead of fixed thresholds: a metric's band learned from its own history.

A metric measured at some time is compared with what it did at the same hour of the week over
the last weeks (month-end closes, nightly crons and Monday imports repeat weekly): its band is
the median of those past values plus or minus ``k`` scaled MADs (median absolute deviation,
scaled by 1.4826 so that it estimates a standard deviation for normal data), past anomalies
left out. Until enough history exists (``min_points``), the fixed threshold of the profile
decides, and the line says which rule flagged it.

Pure logic: no database; the watchdog feeds it the deltas of earlier diffs.
"""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

MAD_SCALE = 1.4826
HOURS_PER_WEEK = 7 * 24


@dataclass(frozen=True)
class Baseline:
    """How a band is learned: ``k`` MADs around the median of the values at the same hour of
    the week (± ``tolerance_hours``, default 0: a peak hour is not mixed with its quiet neighbours) over the last ``weeks`` weeks, with at least
    ``min_points`` of them; ``floor`` is the least half-width of the band (a metric that never
    moved has a MAD of 0: any change would leave a zero-width band)."""

    k: float = 3.0
    weeks: int = 6
    min_points: int = 4
    tolerance_hours: int = 0
    floor: float = 1.0

    def __post_init__(self):
        if self.k <= 0 or self.weeks < 1 or self.min_points < 2 or self.tolerance_hours < 0 or self.floor < 0:
            raise ValueError("baseline: k > 0, weeks >= 1, min_points >= 2, tolerance and floor >= 0")


def hour_of_week(moment):
    """0 (Monday 00:00–00:59) … 167 (Sunday 23:00–23:59)."""
    return moment.weekday() * 24 + moment.hour


def _hours_apart(a, b):
    gap = abs(a - b) % HOURS_PER_WEEK
    return min(gap, HOURS_PER_WEEK - gap)


def seasonal_history(points, at, config):
    """The values of ``points`` (``(moment, value, anomalous)``) measured before ``at`` within
    ``config.weeks`` weeks, at ``at``'s hour of the week (± the tolerance), anomalies left
    out."""
    start = at - timedelta(weeks=config.weeks)
    target = hour_of_week(at)
    return [
        value
        for moment, value, anomalous in points
        if start <= moment < at
        and not anomalous
        and _hours_apart(hour_of_week(moment), target) <= config.tolerance_hours
    ]


def band(values, config):
    """``(low, high, centre, spread)`` of ``values``, or ``None`` with fewer than
    ``config.min_points``."""
    if len(values) < config.min_points:
        return None
    centre = median(values)
    spread = MAD_SCALE * median(abs(v - centre) for v in values)
    half = max(config.k * spread, config.floor)
    return centre - half, centre + half, centre, spread


def judge(value, points, at, config):
    """Whether ``value`` measured at ``at`` leaves its learned band: a dict ``{"rule":
    "baseline", "flagged", "low", "high", "median", "points"}``, or ``None`` when the history
    is too short (the fixed threshold decides)."""
    history = seasonal_history(points, at, config)
    found = band(history, config)
    if found is None:
        return None
    low, high, centre, _spread = found
    return {
        "rule": "baseline",
        "flagged": not (low <= value <= high),
        "low": low,
        "high": high,
        "median": centre,
        "points": len(history),
    }


def describe(verdict, value):
    """One line for the diff: which rule flagged (or passed) ``value``."""
    if verdict is None:
        return "fixed threshold (not enough history for a baseline)"
    where = "outside" if verdict["flagged"] else "within"
    return (
        f"baseline: {value:g} {where} {verdict['low']:g}…{verdict['high']:g} "
        f"(median {verdict['median']:g} of {verdict['points']} past values at this hour of the week)"
    )


def apply(line, points, at, config):
    """``line`` of a diff (:func:`.diff.compare_metric`) judged by its baseline when it is a
    numeric ``drop`` metric with enough history: ``flagged`` and ``threshold`` (the rule, in
    words) replaced; otherwise ``line`` as it is (its fixed threshold decided)."""
    if line.get("kind") != "drop" or not isinstance(line.get("delta"), int | float):
        return line
    verdict = judge(line["delta"], points, at, config)
    if verdict is None:
        return line
    return dict(line, flagged=verdict["flagged"], threshold=describe(verdict, line["delta"]))
