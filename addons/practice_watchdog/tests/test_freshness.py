# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Freshness expectations: a stalled model raises one alert with its last activity time,
resolved when activity comes back; a fresh model raises none."""

import logging
from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import freshness
from .common import WatchdogCase

_logger = logging.getLogger(__name__)

STALLED = "res.partner.industry"
FRESH = "res.partner.category"
LAST = datetime(2026, 12, 1, 8, 15, 42)


@tagged("post_install", "-at_install", "practice_domain")
class TestFreshness(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["practice.watchdog.alert"]
        cls.Line = cls.env["practice.watchdog.profile.model"]
        cls.env[STALLED].create([{"name": f"Stalled industry {i}"} for i in range(3)])
        cls.env.flush_all()

    def setUp(self):
        super().setUp()
        self.profile = self._profile(
            "Freshness",
            models=[
                (STALLED, {"counting": "off", "freshness_hours": 24}),
                (FRESH, {"counting": "off", "freshness_hours": 24}),
            ],
        )
        self._set_last_write(STALLED, LAST)
        self.env[FRESH].create({"name": "Fresh tag"})
        self.env.flush_all()
        self.now = datetime.now().replace(microsecond=0)

    def _set_last_write(self, model, when):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE %s SET write_date = %s", SQL.identifier(self.env[model]._table), when)
        )
        self.env.invalidate_all()

    def _alerts(self):
        return self.Alert.search([("kind", "=", "freshness"), ("profile_id", "=", self.profile.id)])

    def test_stalled_model_raises_one_alert_with_its_last_activity(self):
        raised = self.Line._cron_check_freshness(now=self.now)
        self.assertEqual(len(raised), 1)
        self.assertEqual(
            (raised.kind, raised.model_name, raised.window_start, raised.threshold, raised.state),
            ("freshness", STALLED, LAST, 24, "new"),
        )
        self.assertIn("2026-12-01 08:15:42 UTC", raised.name)
        self.assertIn("since 2026-12-01 08:15:42 UTC", raised.summary)
        self.assertEqual(raised.activity_ids.user_id, self.engineer)
        _logger.info("freshness alert: %s | %s", raised.name, raised.summary)
        # still stalled: no second alert
        self.assertFalse(self.Line._cron_check_freshness(now=self.now + timedelta(hours=1)))
        self.assertEqual(self._alerts(), raised)

    def test_activity_back_resolves_and_a_later_stall_raises_again(self):
        first = self.Line._cron_check_freshness(now=self.now)
        self.env[STALLED].search([], limit=1).name = "touched"
        self.env.flush_all()
        self.assertFalse(self.Line._cron_check_freshness(now=self.now))
        self.assertEqual(first.state, "resolved")
        self.assertFalse(first.resolved_by_id)
        self.assertIn("Activity resumed", first.resolution)
        later = LAST + timedelta(days=2)
        self._set_last_write(STALLED, later)
        second = self.Line._cron_check_freshness(now=self.now)
        self.assertEqual(len(second), 1)
        self.assertEqual(second.window_start, later)
        self.assertEqual(len(self._alerts()), 2)

    def test_stall_resolved_by_hand_is_not_raised_again(self):
        alert = self.Line._cron_check_freshness(now=self.now)
        alert.with_user(self.manager).action_resolve()
        self.assertFalse(self.Line._cron_check_freshness(now=self.now + timedelta(hours=2)))
        self.assertEqual(self._alerts(), alert)

    def test_fresh_model_and_no_expectation_raise_nothing(self):
        self.profile.model_ids.filtered(lambda line: line.model_name == STALLED).freshness_hours = 0
        self.assertFalse(self.Line._cron_check_freshness(now=self.now))
        self.assertFalse(self._alerts())

    def test_last_activity_read_from_an_index_never_a_scan(self):
        table = self.env[STALLED]._table
        self.env.cr.execute(freshness.index_query(table))
        self.assertTrue(self.env.cr.fetchall(), "an index on write_date was created")
        self.env.cr.execute(SQL("SET enable_seqscan = off"))
        try:
            self.env.cr.execute(SQL("EXPLAIN %s", freshness.last_write_query(table)))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute(SQL("RESET enable_seqscan"))
        self.assertIn("Index Only Scan Backward", plan)
        self.assertNotIn("Seq Scan", plan)
        line = self.profile.model_ids.filtered(lambda line: line.model_name == STALLED)
        self.assertEqual(line._last_activity(), LAST)

    def test_counters_count_as_activity(self):
        recent = self.now - timedelta(minutes=5)
        self.env["practice.watchdog.counter"].sudo()._bump(STALLED, creates=1, minute=recent)
        self.assertFalse(self.Line._cron_check_freshness(now=self.now))

    def test_negative_hours_refused(self):
        with self.assertRaises(ValidationError):
            self.profile.model_ids[0].freshness_hours = -1
