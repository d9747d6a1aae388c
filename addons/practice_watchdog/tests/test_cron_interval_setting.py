# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The burst cron's interval is a setting: saving it reschedules the cron, reading it shows the cron."""

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "practice_integration")
class TestBurstCronIntervalSetting(TransactionCase):
    def setUp(self):
        super().setUp()
        self.cron = self.env.ref("practice_watchdog.ir_cron_watchdog_bursts")

    def test_saving_the_setting_reschedules_the_cron(self):
        self.env["res.config.settings"].create({"practice_watchdog_burst_cron_minutes": 5}).execute()
        self.assertEqual((self.cron.interval_number, self.cron.interval_type), (5, "minutes"))
        param = self.env["ir.config_parameter"].sudo().get_param("practice_watchdog.burst_cron_minutes")
        self.assertEqual(param, "5")

    def test_the_setting_shows_the_cron_interval(self):
        self.cron.write({"interval_number": 3, "interval_type": "minutes"})
        self.assertEqual(self.env["res.config.settings"].create({}).practice_watchdog_burst_cron_minutes, 3)

    def test_out_of_range_interval_is_refused(self):
        for bad in (0, -1, 1441):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"practice_watchdog_burst_cron_minutes": bad})
        self.assertEqual(self.cron.interval_number, 1)
