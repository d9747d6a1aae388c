# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the learned baselines (issue 31 item 3): a seasonal series with a true
anomaly inside it, no false alert on its weekly peaks."""

import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.practice_watchdog.tools import baseline

pytestmark = pytest.mark.domain

START = datetime(2026, 10, 5)  # a Monday


def seasonal(weeks=8, seed=7):
    """Hourly deletes of a model: about 100 an hour, a nightly purge of about 2,000 on Mondays
    at 02:00 and a month-end close of about 5,000 on the last day at 18:00."""
    rng = random.Random(seed)
    points = []
    for hour in range(weeks * baseline.HOURS_PER_WEEK):
        moment = START + timedelta(hours=hour)
        value = 100 + rng.randint(-10, 10)
        if moment.weekday() == 0 and moment.hour == 2:
            value = 2000 + rng.randint(-100, 100)
        points.append((moment, value, False))
    return points


def test_weekly_peaks_are_not_alerts_and_the_anomaly_is():
    points = seasonal()
    config = baseline.Baseline()
    peak = START + timedelta(weeks=8, hours=2)  # Monday 02:00 of the ninth week
    assert baseline.hour_of_week(peak) == 2
    verdict = baseline.judge(2050, points, peak, config)
    assert verdict["rule"] == "baseline" and not verdict["flagged"], verdict
    assert verdict["points"] >= 6
    quiet = START + timedelta(weeks=8, days=1, hours=14)  # Tuesday 14:00
    verdict = baseline.judge(2050, points, quiet, config)
    assert verdict["flagged"], verdict
    # the same hour with a normal value passes; a fixed threshold of 5 % would flag the peak
    assert not baseline.judge(104, points, quiet, config)["flagged"]
    assert "outside" in baseline.describe(baseline.judge(2050, points, quiet, config), 2050)


def test_past_anomalies_do_not_widen_the_band():
    points = seasonal()
    at = START + timedelta(weeks=8, days=1, hours=14)
    marked = [
        (
            moment,
            30_000
            if (moment.weekday(), moment.hour) == (1, 14) and moment > START + timedelta(weeks=6)
            else v,
            (moment.weekday(), moment.hour) == (1, 14) and moment > START + timedelta(weeks=6),
        )
        for moment, v, _a in points
    ]
    verdict = baseline.judge(2000, marked, at, baseline.Baseline())
    assert verdict["flagged"] and verdict["high"] < 200, verdict


def test_short_history_leaves_the_fixed_threshold():
    points = seasonal(weeks=2)
    at = START + timedelta(weeks=2, hours=2)
    assert baseline.judge(10_000, points, at, baseline.Baseline()) is None
    assert baseline.describe(None, 1).startswith("fixed threshold")


def test_hour_of_week_wraps_around_sunday_midnight():
    sunday_late = datetime(2026, 10, 11, 23)
    monday_early = datetime(2026, 10, 12, 0)
    assert baseline.hour_of_week(monday_early) == 0
    assert baseline.hour_of_week(sunday_late) == 167
    assert baseline._hours_apart(167, 0) == 1


def test_bad_configuration_is_refused():
    for kwargs in ({"k": 0}, {"weeks": 0}, {"min_points": 1}, {"floor": -1}):
        with pytest.raises(ValueError):
            baseline.Baseline(**kwargs)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=4, max_size=40))
def test_the_median_is_always_inside_its_band(values):
    low, high, centre, _spread = baseline.band(values, baseline.Baseline())
    assert low <= centre <= high
    assert high - low >= 2 * baseline.Baseline().floor
