# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.practice_watchdog_diff import BUILD_KEY
from .common import WatchdogCase


@tagged("post_install", "-at_install", "practice_rules")
class TestBaselines(WatchdogCase):
    """Issue 31 item 3: with learned baselines, a drop the profile sees every week at this hour
    is no incident, the same drop at an hour that never sees one is; the fixed threshold
    decides until there is history, and the line says which rule decided."""

    def _history(self, profile, deltas):
        """Past diffs of ``profile``: one a week at this hour, the count of res.partner changing
        by each of ``deltas`` (most recent first), none flagged."""
        Snapshot = self.env["practice.watchdog.snapshot"]
        before = Snapshot.browse(Snapshot.take("history before", profile=profile.id)["id"])
        Builder = self.env["practice.watchdog.diff"].sudo().with_context(**{BUILD_KEY: True})
        now = before.taken_at
        for weeks, delta in enumerate(deltas, start=1):
            after = Snapshot.browse(Snapshot.take(f"history {weeks}", profile=profile.id)["id"])
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE practice_watchdog_snapshot SET taken_at = %s WHERE id = %s",
                    now - timedelta(weeks=weeks),
                    after.id,
                )
            )
            diff = Builder.create(
                {"name": f"history {weeks}", "before_snapshot_id": before.id, "after_snapshot_id": after.id}
            )
            Builder.env["practice.watchdog.diff.line"].create(
                {
                    "diff_id": diff.id,
                    "model": "res.partner",
                    "metric": "count",
                    "kind": "drop",
                    "delta_value": delta,
                    "flagged": False,
                }
            )
        self.env.invalidate_all()

    def _drop_partners(self, profile, count=20):
        Snapshot = self.env["practice.watchdog.snapshot"]
        partners = self.env["res.partner"].create([{"name": f"Weekly {i}"} for i in range(count)])
        before = Snapshot.take("before the purge", profile=profile.id)
        partners.unlink()
        Snapshot.take("after the purge", profile=profile.id)
        return self._line(Snapshot.compare(before["id"]), "res.partner", "count")

    def test_the_weekly_purge_is_within_its_band(self):
        profile = self._profile("Weekly purge", models=["res.partner"], use_baseline=True)
        self._history(profile, [-20, -19, -21, -20, -20])
        line = self._drop_partners(profile)
        self.assertEqual(line["delta"], -20)
        self.assertFalse(line["flagged"], line)
        self.assertEqual(
            line["threshold"],
            "baseline: -20 within -21…-19 (median -20 of 5 past values at this hour of the week)",
        )

    def test_the_same_drop_at_a_quiet_hour_is_flagged(self):
        profile = self._profile("Quiet hour", models=["res.partner"], use_baseline=True)
        self._history(profile, [0, 1, 0, -1, 0])
        line = self._drop_partners(profile)
        self.assertTrue(line["flagged"], line)
        self.assertEqual(
            line["threshold"],
            "baseline: -20 outside -1…1 (median 0 of 5 past values at this hour of the week)",
        )

    def test_without_history_the_fixed_threshold_decides(self):
        profile = self._profile(
            "New", models=[("res.partner", {"drop_abs": 5, "drop_pct": 0})], use_baseline=True
        )
        line = self._drop_partners(profile)
        self.assertTrue(line["flagged"])
        self.assertFalse(line["threshold"].startswith("baseline"), line["threshold"])

    def test_bad_baseline_settings_are_refused(self):
        for vals in ({"baseline_k": 0}, {"baseline_weeks": 0}, {"baseline_weeks": 60}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self._profile("Bad", models=["res.partner"], use_baseline=True, **vals)
