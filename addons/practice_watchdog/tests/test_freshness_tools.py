# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the freshness logic (no database)."""

from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_watchdog.tools import freshness

pytestmark = pytest.mark.domain

NOW = datetime(2026, 12, 8, 12, 0, 0)


def test_last_activity_is_the_latest_known_to_the_second():
    a = datetime(2026, 12, 8, 9, 0, 0, 123456)
    b = datetime(2026, 12, 8, 10, 0, 0)
    assert freshness.last_activity(a, None, b) == b
    assert freshness.last_activity(a) == a.replace(microsecond=0)
    assert freshness.last_activity(None, None) is None


def test_stalled_after_the_expected_hours_only():
    assert not freshness.is_stalled(NOW - timedelta(hours=23), 24, NOW)
    assert freshness.is_stalled(NOW - timedelta(hours=25), 24, NOW)
    assert freshness.is_stalled(None, 24, NOW)  # never any activity
    assert not freshness.is_stalled(None, 0, NOW)  # no expectation


def test_decide_one_alert_per_stall():
    last = NOW - timedelta(hours=30)
    # a new stall: raise
    assert freshness.decide(True, last, False, set()) == (freshness.RAISE,)
    # still the same stall, alert open: nothing more
    assert freshness.decide(True, last, last, set()) == ()
    # activity came back: resolve
    assert freshness.decide(False, NOW, last, set()) == (freshness.RESOLVE,)
    # fresh and no alert: nothing
    assert freshness.decide(False, NOW, False, set()) == ()
    # the stall was resolved by hand: never raised again
    assert freshness.decide(True, last, False, {last}) == ()
    # a later stall after a handled one: raised
    later = NOW - timedelta(hours=26)
    assert freshness.decide(True, later, False, {last}) == (freshness.RAISE,)
    # activity came and went between two checks: the old stall resolved, a new one raised
    assert freshness.decide(True, later, last, set()) == (freshness.RESOLVE, freshness.RAISE)
    # a table that never had activity, already alerted
    assert freshness.decide(True, None, None, set()) == ()


def test_sql_reads_the_index_and_names_it_like_odoo():
    assert freshness.last_write_query("res_partner").code == 'SELECT max("write_date") FROM "res_partner"'
    assert freshness.index_name("res_partner") == "res_partner__write_date_index"
    assert "IF NOT EXISTS" in freshness.create_index("res_partner").code
    assert freshness.index_query("res_partner").params == ["res_partner", "write_date"]
