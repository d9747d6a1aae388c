# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the alert list's filters and of the burst threshold crossing (no database)."""

from datetime import datetime

import pytest

from odoo.addons.practice_watchdog.tools import alert_query, burst

pytestmark = pytest.mark.domain

T0 = datetime(2026, 3, 2, 10, 30)


def test_state_filters():
    assert alert_query.states(None) == ("new", "acknowledged")
    assert alert_query.states("open") == ("new", "acknowledged")
    assert alert_query.states("resolved") == ("resolved",)
    assert alert_query.states("all") is None
    for bad in ("bogus", 3, ["new"], "NEW"):
        with pytest.raises(ValueError, match="state"):
            alert_query.states(bad)


def test_severity_and_limit():
    assert alert_query.severity(None) is None and alert_query.severity("all") is None
    assert alert_query.severity("high") == "high"
    with pytest.raises(ValueError):
        alert_query.severity("urgent")
    assert alert_query.limit(None) == alert_query.DEFAULT_LIMIT
    assert alert_query.limit(alert_query.MAX_LIMIT) == alert_query.MAX_LIMIT
    for bad in (0, -1, alert_query.MAX_LIMIT + 1, True, "5", 2.0):
        with pytest.raises(ValueError, match="limit"):
            alert_query.limit(bad)


def test_joined_note():
    assert alert_query.joined_note(False, " fixed ") == "fixed"
    assert alert_query.joined_note("cause", "fix") == "cause\n\nfix"
    assert alert_query.joined_note("cause", "cause") == "cause"
    assert alert_query.joined_note("cause", None) == "cause"


def test_crossed_only_on_the_crossing():
    assert burst.crossed(0, 5, 5)
    assert burst.crossed(4, 1, 5)
    assert not burst.crossed(0, 4, 5)  # below
    assert not burst.crossed(5, 3, 5)  # above already: no second wake-up
    assert not burst.crossed(0, 0, 5)
    assert not burst.crossed(0, 100, 0)  # burst check off


def test_deletes_between():
    rows = [
        ("m", T0.replace(minute=28), 0, 3),
        ("m", T0, 1, 4),
        ("other", T0, 0, 50),
    ]
    assert burst.deletes_between(rows, "m", T0.replace(minute=29)) == 4
    assert burst.deletes_between(rows, "m", T0.replace(minute=20)) == 7
    assert burst.deletes_between(rows, "m", T0.replace(minute=20), T0.replace(minute=29)) == 3


def test_wake_checks_read_nothing_without_watched_deletes():
    rules = {"m": ((100, 5),)}
    assert burst.wake_checks([("m", T0, 40, 0), ("other", T0, 0, 500)], rules, T0) == []
    assert burst.wake_checks([("m", T0.replace(minute=20), 0, 500)], rules, T0) == []  # before the window


def test_wake_checks_and_first_crossing():
    rules = {"m": ((100, 5), (1000, 60)), "n": ((10, 1),)}
    rows = [("m", T0.replace(minute=27), 0, 30), ("m", T0, 0, 50), ("n", T0, 0, 10)]
    checks = burst.wake_checks(rows, rules, T0.replace(second=40))
    assert checks == [
        ("m", T0.replace(minute=26), 100, 80),
        ("m", T0.replace(hour=9, minute=31), 1000, 80),
        ("n", T0, 10, 10),
    ]
    assert burst.first_crossing(checks, [19, 0, 0]) == checks[2]  # 19 + 80 < 100: not m; n crosses
    assert burst.first_crossing(checks, [20, 0, 0]) == checks[0]
    assert burst.first_crossing(checks, [100, 0, 10]) is None  # over already: no second wake-up
    assert burst.first_crossing(checks, [0, 950, 5]) == checks[1]
