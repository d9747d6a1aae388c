# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the watchdog's pure logic (no database)."""

from datetime import datetime

import pytest

from odoo.addons.practice_watchdog.tools import burst, diff, modvec, sampling

pytestmark = pytest.mark.domain


def test_count_drop_flagged_by_absolute_bound():
    line = diff.compare_metric("ir.attachment", "count", 34600, 112, diff.Threshold(pct=0, abs=100))
    assert line["flagged"] and line["delta"] == -34488 and line["before"] == 34600 and line["after"] == 112


def test_count_drop_flagged_by_percent_only_when_crossing():
    th = diff.Threshold(pct=5.0, abs=0)
    assert diff.compare_metric("m", "count", 1000, 950, th)["flagged"]
    assert not diff.compare_metric("m", "count", 1000, 951, th)["flagged"]
    assert diff.compare_metric("m", "count", 1000, 951, th)["delta_pct"] == -4.9


def test_rises_not_flagged_unless_configured():
    assert not diff.compare_metric("m", "count", 100, 1000, diff.Threshold())["flagged"]
    assert diff.compare_metric("m", "count", 100, 1000, diff.Threshold(rise_abs=500))["flagged"]


def test_nulls_rise_relative_to_row_count():
    th = diff.Threshold(pct=5.0, abs=0)
    assert diff.compare_metric("m", "nulls:x", 0, 10, th, rows=100)["flagged"]
    assert not diff.compare_metric("m", "nulls:x", 0, 4, th, rows=100)["flagged"]


def test_hash_reported_but_flagged_only_on_request():
    line = diff.compare_metric("m", "sample_hash", "a", "b", diff.Threshold())
    assert line["delta"] == "changed" and not line["flagged"]
    assert diff.compare_metric("m", "sample_hash", "a", "b", diff.Threshold(flag_hash=True))["flagged"]
    assert not diff.compare_metric("m", "sample_hash", "a", "a", diff.Threshold(flag_hash=True))["flagged"]


def test_missing_files_any_increase_and_module_any_change():
    assert diff.compare_metric("ir.attachment", "files_missing", 0, 1, diff.Threshold())["flagged"]
    assert not diff.compare_metric("ir.attachment", "files_missing", 2, 1, diff.Threshold())["flagged"]
    assert diff.compare_metric(
        "ir.module.module", "module:sale", "uninstalled", "installed 1.0", diff.Threshold()
    )["flagged"]


def test_compare_missing_metric_counts_as_zero_and_sorted():
    before = {("ir.attachment", "attachment_count:product.template/image_1920"): 500, ("a", "count"): 1}
    after = {("a", "count"): 1}
    result = diff.compare(before, after)
    assert [(line["model"], line["metric"]) for line in result["lines"]] == [
        ("a", "count"),
        ("ir.attachment", "attachment_count:product.template/image_1920"),
    ]
    assert not result["ok"] and result["flagged"][0]["after"] == 0 and result["flagged"][0]["delta"] == -500
    assert diff.severity(result["flagged"]) == "high"
    assert "500 → 0 (-500)" in diff.summary(result["flagged"])


def test_per_model_thresholds_override_default():
    before, after = {("a", "count"): 1000, ("b", "count"): 1000}, {("a", "count"): 990, ("b", "count"): 990}
    result = diff.compare(
        before, after, thresholds={"a": diff.Threshold(pct=1, abs=0)}, default=diff.Threshold()
    )
    assert [line["model"] for line in result["flagged"]] == ["a"]


def test_threshold_from_dict_keeps_defaults():
    th = diff.Threshold.from_dict({"pct": 2, "unknown": 1}, diff.Threshold(abs=7))
    assert th.pct == 2 and th.abs == 7


def test_severity_low_for_version_only():
    flagged = [diff.compare_metric("odoo", "odoo_version", "18.0", "18.0+e", diff.Threshold())]
    assert diff.severity(flagged) == "low" and diff.severity([]) == "none"


def test_sample_is_deterministic_with_edges():
    ids = list(range(1, 5001))
    first = sampling.sample_ids(ids, edge=10, modulus=100)
    assert first == sampling.sample_ids(list(reversed(ids)), edge=10, modulus=100)
    assert first[:10] == list(range(1, 11)) and first[-10:] == list(range(4991, 5001))
    seeded = [i for i in first if 10 < i < 4991]
    assert 20 < len(seeded) < 80  # about one in 100
    # Deleting unsampled rows does not change the sample of the remaining ones.
    kept = [i for i in ids if i % 7 or i in first]
    assert sampling.sample_ids(kept, edge=10, modulus=100) == first


def test_sample_modulus_one_takes_every_row():
    assert sampling.sample_ids([5, 3, 9], edge=0, modulus=1) == [3, 5, 9]


def test_module_vector_hash_and_diff():
    before = modvec.normalize([("base", "installed", "18.0.1.3"), ("sale", "uninstalled", None)])
    after = modvec.normalize([("base", "installed", "18.0.1.3"), ("sale", "installed", "18.0.1.2")])
    assert before == [["base", "installed", "18.0.1.3"]]
    assert modvec.vector_hash(before) != modvec.vector_hash(after)
    assert modvec.vector_hash(before) == modvec.vector_hash([list(v) for v in before])
    assert modvec.diff(before, after) == [
        {"module": "sale", "before": "uninstalled", "after": "installed 18.0.1.2", "change": "installed"}
    ]
    assert modvec.diff(after, before)[0]["change"] == "removed"
    upgraded = modvec.normalize([("base", "installed", "18.0.1.4")])
    assert modvec.diff(before, upgraded)[0]["change"] == "version"


def test_burst_detection_window():
    now = datetime(2026, 1, 1, 12, 4, 30)
    rows = [
        ("ir.attachment", datetime(2026, 1, 1, 11, 59), 0, 9000),  # outside a 5-minute window
        ("ir.attachment", datetime(2026, 1, 1, 12, 0), 0, 20000),
        ("ir.attachment", datetime(2026, 1, 1, 12, 4), 3, 14488),
        ("res.partner", datetime(2026, 1, 1, 12, 4), 0, 10),
    ]
    rules = {"ir.attachment": burst.BurstRule(1000, 5), "res.partner": burst.BurstRule(100, 5)}
    found = burst.detect(rows, rules, now)
    assert len(found) == 1
    assert found[0].model == "ir.attachment" and found[0].deletes == 34488 and found[0].creates == 3
    assert found[0].window_start == datetime(2026, 1, 1, 12, 0) and found[0].window_end == datetime(
        2026, 1, 1, 12, 4
    )
    assert burst.detect(rows, {"ir.attachment": burst.BurstRule(0, 5)}, now) == []


def test_uncovered_leaves_only_deletes_no_handled_alert_counted():
    m = datetime(2026, 1, 1, 12, 0)
    at = m.replace
    rows = [
        ("ir.attachment", at(minute=0), 5, 120),
        ("ir.attachment", at(minute=2), 0, 80),  # 30 of them committed after the alert counted 170
        ("ir.attachment", at(minute=3), 0, 60),  # after the alert's window
        ("res.partner", at(minute=1), 0, 500),  # another model: untouched
    ]
    left = burst.uncovered(rows, "ir.attachment", [(at(minute=0), at(minute=2), 170)])
    assert left == [
        ("ir.attachment", at(minute=0), 5, 0),
        ("ir.attachment", at(minute=2), 0, 30),
        ("ir.attachment", at(minute=3), 0, 60),
        ("res.partner", at(minute=1), 0, 500),
    ]
    assert burst.first_delete_minute(left, "ir.attachment", at(minute=0), at(minute=4)) == at(minute=2)
    assert burst.detect(left, {"ir.attachment": burst.BurstRule(100, 5)}, at(minute=4)) == []
    assert burst.detect(rows, {"ir.attachment": burst.BurstRule(100, 5)}, at(minute=4))[0].deletes == 260
    # two handled alerts in turn; an alert never takes deletes outside its own minutes
    left = burst.uncovered(
        rows, "ir.attachment", [(at(minute=2), at(minute=3), 140), (at(minute=0), at(minute=0), 500)]
    )
    assert [row[3] for row in left] == [0, 0, 0, 500]
    assert burst.first_delete_minute(left, "ir.attachment", at(minute=0), at(minute=4)) is None
    assert burst.uncovered(rows, "ir.attachment", []) == rows


def test_stride_doubles_until_the_sample_fits_the_cap():
    assert sampling.stride(1, 1_000_000, modulus=1000, max_seeded=250) == 4000
    assert sampling.stride(1, 250_000, modulus=1000, max_seeded=250) == 1000
    assert sampling.stride(1, 250_001, modulus=1000, max_seeded=250) == 2000
    assert sampling.stride(1, 10**9, modulus=1000, max_seeded=0) == 1000  # no cap
    assert sampling.stride(None, None, modulus=7) == 7  # empty table


def test_capped_sample_stays_small_and_doubling_picks_a_subset():
    ids = range(1, 1_000_001)
    sample = sampling.sample_ids(ids, edge=10, modulus=1000, max_seeded=250)
    assert 250 <= len(sample) <= 270
    # Twice the id range: the stride doubles and the seeded ids are a subset of the old ones.
    smaller = set(sampling.sample_ids(range(1, 500_001), edge=0, modulus=1000, max_seeded=250))
    bigger = sampling.sample_ids(range(1, 1_000_001), edge=0, modulus=1000, max_seeded=250)
    assert {i for i in bigger if i <= 500_000} <= smaller
    assert len(smaller) == 250 and len(bigger) == 250


def test_resampled_hash_is_reported_not_flagged():
    th = {"m": diff.Threshold(flag_hash=True)}
    before = {("m", "sample_hash"): "a", ("m", "sample_stride"): 1000}
    moved = diff.compare(before, {("m", "sample_hash"): "b", ("m", "sample_stride"): 2000}, th)
    line = next(line for line in moved["lines"] if line["metric"] == "sample_hash")
    assert line["delta"] == "resampled" and not line["flagged"] and moved["ok"]
    changed = diff.compare(before, {("m", "sample_hash"): "b", ("m", "sample_stride"): 1000}, th)
    assert changed["flagged"][0]["metric"] == "sample_hash" and changed["flagged"][0]["delta"] == "changed"


def test_totals_between_sums_one_model_over_inclusive_minutes():
    rows = [
        ("a", datetime(2026, 1, 1, 12, 0), 1, 10),
        ("a", datetime(2026, 1, 1, 12, 5), 2, 20),
        ("a", datetime(2026, 1, 1, 12, 9), 4, 40),
        ("b", datetime(2026, 1, 1, 12, 5), 8, 80),
    ]
    start, end = datetime(2026, 1, 1, 12, 0), datetime(2026, 1, 1, 12, 5)
    assert burst.totals_between(rows, "a", start, end) == (3, 30)
    assert burst.totals_between(rows, "b", start, end) == (8, 80)
    assert burst.totals_between(rows, "c", start, end) == (0, 0)
