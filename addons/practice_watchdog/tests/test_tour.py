# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install", "practice_integration")
class TestWatchdogTour(HttpCase):
    def test_tour_alert_to_diff(self):
        """From an open alert in the backend to its diff, where the lost rows show in red."""
        categories = self.env["res.partner.category"].create([{"name": f"tour cat {i}"} for i in range(150)])
        profile = self.env["practice.watchdog.profile"].create(
            {
                "name": "Tour profile",
                "watch_attachments": False,
                "watcher_ids": [(6, 0, self.env.ref("base.user_admin").ids)],
                "model_ids": [(0, 0, {"model_id": self.env["ir.model"]._get_id("res.partner.category")})],
            }
        )
        Snapshot = self.env["practice.watchdog.snapshot"]
        before = Snapshot.take("tour before", profile=profile.id)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM res_partner_category WHERE id IN %s", tuple(categories[:120].ids))
        )
        result = Snapshot.compare(before["id"])
        diff = self.env["practice.watchdog.diff"].browse(result["diff_id"])
        alert = self.env["practice.watchdog.alert"]._raise_for_diff(profile, diff)
        alert.name = "Tour alert: categories vanished"
        self.start_tour("/odoo", "practice_watchdog_alert_to_diff", login="admin")
        self.assertEqual(alert.state, "acknowledged")
