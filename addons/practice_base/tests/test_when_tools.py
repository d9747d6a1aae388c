# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the bundle's timestamps and ages (no database)."""

import datetime

import pytest

from odoo.addons.practice_base.tools import when

pytestmark = pytest.mark.domain

NOW = datetime.datetime(2026, 11, 29, 19, 14, 36)


def test_iso_utc_has_a_z_and_no_microseconds():
    assert when.iso_utc(datetime.datetime(2026, 11, 29, 19, 14, 36, 999)) == "2026-11-29T19:14:36Z"
    assert when.iso_utc("2026-11-29 19:14:36") == "2026-11-29T19:14:36Z"
    assert when.iso_utc("2026-11-29T19:14:36Z") == "2026-11-29T19:14:36Z"
    aware = datetime.datetime(2026, 11, 29, 20, 14, 36, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert when.iso_utc(aware) == "2026-11-29T19:14:36Z"
    assert when.iso_utc(datetime.date(2026, 11, 29)) == "2026-11-29"
    assert when.iso_utc(False) == "" and when.iso_utc("garbage") == ""


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (NOW - datetime.timedelta(seconds=5), "just now"),
        (NOW - datetime.timedelta(minutes=1), "1 minute ago"),
        (NOW - datetime.timedelta(minutes=59), "59 minutes ago"),
        (NOW - datetime.timedelta(hours=3), "3 hours ago"),
        (NOW - datetime.timedelta(days=3, hours=2), "3 days ago"),
        (NOW - datetime.timedelta(days=20), "2 weeks ago"),
        (NOW - datetime.timedelta(days=95), "3 months ago"),
        (NOW - datetime.timedelta(days=800), "2 years ago"),
        (NOW + datetime.timedelta(days=4, hours=1), "in 4 days"),
        (datetime.date(2026, 11, 29), "today"),
        (datetime.date(2026, 11, 28), "yesterday"),
        (datetime.date(2026, 11, 26), "3 days ago"),
        (datetime.date(2026, 11, 30), "tomorrow"),
        ("2026-11-26 19:14:36", "3 days ago"),
        (None, ""),
    ],
)
def test_age_against_a_fixed_now(then, expected):
    assert when.age(then, NOW) == expected


def test_age_accepts_now_as_text():
    assert when.age(datetime.date(2026, 11, 26), "2026-11-29T10:00:00Z") == "3 days ago"
    assert when.age(datetime.date(2026, 11, 26), None) == ""
