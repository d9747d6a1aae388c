# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An acknowledged or resolved burst alert is not raised again for the deletes it counted;
deletes after it still raise a new alert."""

from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import WatchdogCase

NOW = datetime(2026, 3, 2, 10, 30, 15)
MODEL = "res.partner.category"


def minute(offset):
    return (NOW + timedelta(minutes=offset)).replace(second=0)


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestHandledBurst(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["practice.watchdog.alert"]
        cls.Counter = cls.env["practice.watchdog.counter"]

    def _check(self, offset):
        return self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=offset))

    def _burst(self):
        """200 deletes at 10:30 (threshold 150 in 5 minutes), alerted by the 10:32 check."""
        self._profile(
            "Categories",
            models=[(MODEL, {"burst_deletes": 150, "burst_window": 5})],
            watchers=self.engineer | self.manager,
        )
        self.Counter._bump(MODEL, deletes=200, minute=minute(0))
        alert = self._check(2)
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.deletes, alert.window_start, alert.window_end), (200, minute(-2), minute(2)))
        return alert

    def _handle(self, alert, state):
        if state == "acknowledged":
            alert.with_user(self.engineer).action_acknowledge()
        else:
            alert.with_user(self.manager).action_resolve()
        self.assertEqual(alert.state, state)

    def _alerts(self):
        return self.Alert.search([("kind", "=", "burst"), ("model_name", "=", MODEL)])

    def _assert_not_raised_again(self, state):
        alert = self._burst()
        self._handle(alert, state)
        # every check while the same 200 deletes are in the window, then after it
        for offset in (2, 3, 4, 6):
            self.assertFalse(self._check(offset), f"check at +{offset} min")
        # fewer new deletes than the threshold: no alert either
        self.Counter._bump(MODEL, deletes=100, minute=minute(5))
        self.assertFalse(self._check(5))
        self.assertEqual(self._alerts(), alert)
        # the handled alert keeps what was acknowledged or resolved
        self.assertEqual(
            (alert.state, alert.deletes, alert.window_start, alert.window_end),
            (state, 200, minute(-2), minute(2)),
        )

    def _assert_new_deletes_alert(self, state):
        alert = self._burst()
        self._handle(alert, state)
        self.Counter._bump(MODEL, deletes=160, minute=minute(3))
        new = self._check(3)
        self.assertEqual(len(new), 1)
        self.assertNotEqual(new, alert)
        # counted from the first new delete: the handled alert's 200 are not counted again
        self.assertEqual(
            (new.state, new.deletes, new.threshold, new.window_start, new.window_end),
            ("new", 160, 150, minute(3), minute(3)),
        )
        self.assertIn("160 res.partner.category deleted in 1 min", new.name)
        self.assertEqual(new.activity_ids.user_id, self.engineer | self.manager)
        # the new burst goes on: that alert grows, no third one
        self.Counter._bump(MODEL, deletes=50, minute=minute(4))
        self.assertFalse(self._check(4))
        self.assertEqual((new.deletes, new.window_start, new.window_end), (210, minute(3), minute(4)))
        self.assertEqual(self._alerts(), alert | new)
        self.assertEqual((alert.state, alert.deletes, alert.window_end), (state, 200, minute(2)))

    def test_resolved_burst_is_not_raised_again_for_the_same_deletes(self):
        self._assert_not_raised_again("resolved")

    def test_acknowledged_burst_is_not_raised_again_for_the_same_deletes(self):
        self._assert_not_raised_again("acknowledged")

    def test_new_deletes_after_a_resolved_burst_raise_a_new_alert(self):
        self._assert_new_deletes_alert("resolved")

    def test_new_deletes_after_an_acknowledged_burst_raise_a_new_alert(self):
        self._assert_new_deletes_alert("acknowledged")

    def test_deletes_committed_late_into_a_resolved_window_raise_a_new_alert(self):
        """A long transaction commits 150 deletes of 10:32 after the 10:32 check counted 200:
        they are new deletes, though in the resolved alert's minutes."""
        alert = self._burst()
        self._handle(alert, "resolved")
        self.Counter._bump(MODEL, deletes=150, minute=minute(2))
        new = self._check(3)
        self.assertEqual(len(new), 1)
        self.assertEqual((new.deletes, new.window_start, new.window_end), (150, minute(2), minute(3)))
        self.assertEqual((alert.state, alert.deletes), ("resolved", 200))

    def test_reopened_burst_goes_on_counting(self):
        """Reopened, the alert is new again: the same incident grows it, no new alert."""
        alert = self._burst()
        self._handle(alert, "resolved")
        alert.with_user(self.manager).action_reopen()
        self.Counter._bump(MODEL, deletes=40, minute=minute(3))
        self.assertFalse(self._check(3))
        self.assertEqual((alert.state, alert.deletes, alert.window_end), ("new", 240, minute(3)))
        self.assertEqual(self._alerts(), alert)
