# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 5: what the watchdog tells a reader about models that reader may not read.

The attacker is a practice Reader (and an AI session, and a user without practice groups)
reading diffs, alerts and counters over RPC: a diff's summary quoted
"ir.config_parameter count 226 → 26" to all of them. Lines of a model the reader may not read
are counted ("N flagged line(s) of models you cannot read"), never named; a burst alert and
the counters of such a model are not shown to them at all.
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WatchdogCase

SECRET_MODEL = "ir.config_parameter"
HIDDEN_TEXT = "of models you cannot read"


@tagged("post_install", "-at_install", "practice_security")
class TestUnreadableModelsNotNamed(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Snapshot = cls.env["practice.watchdog.snapshot"]
        params = cls.env[SECRET_MODEL].create([{"key": f"t_wd_secret.{i}", "value": "x"} for i in range(150)])
        partners = cls.env["res.partner"].create([{"name": f"t_wd_partner {i}"} for i in range(150)])
        before = Snapshot.take("before", models=["res.partner", SECRET_MODEL])
        cls.env.flush_all()
        params.unlink()
        partners.unlink()
        after = Snapshot.take("after", models=["res.partner", SECRET_MODEL])
        cls.result = Snapshot.compare(before["id"], after["id"])
        cls.diff = cls.env["practice.watchdog.diff"].browse(cls.result["diff_id"])
        cls.alert = cls.env["practice.watchdog.alert"]._raise(
            {"name": "diff alert", "kind": "diff", "severity": "high", "diff_id": cls.diff.id},
            cls.reader | cls.manager,
        )

    def test_superuser_sees_every_model(self):
        # the compare answer goes to a caller that may read every measured model
        self.assertIn(f"{SECRET_MODEL} count", self.result["summary"])
        self.assertIn("res.partner count", self.result["summary"])

    def test_reader_summary_counts_but_does_not_name(self):
        for user in (self.reader, self.ai_user, self.engineer, self.manager):
            rows = (
                self.env["practice.watchdog.diff"]
                .with_user(user)
                .search_read([("id", "=", self.diff.id)], ["summary", "flagged_count"])
            )
            self.assertEqual(len(rows), 1, user.login)
            summary = rows[0]["summary"]
            self.assertNotIn(SECRET_MODEL, summary, user.login)
            self.assertIn("res.partner count", summary, user.login)
            self.assertRegex(summary, rf"\d+ flagged line\(s\) {HIDDEN_TEXT}", user.login)
            # the lines of the model are not readable either
            lines = (
                self.env["practice.watchdog.diff.line"]
                .with_user(user)
                .search_read([("diff_id", "=", self.diff.id)], ["model"])
            )
            self.assertNotIn(SECRET_MODEL, {line["model"] for line in lines})

    def test_alert_summary_and_activity_note_do_not_name(self):
        alert = self.alert.with_user(self.reader)
        summary = alert.read(["summary"])[0]["summary"]
        self.assertNotIn(SECRET_MODEL, summary)
        self.assertIn(HIDDEN_TEXT, summary)
        note = self.alert.activity_ids.filtered(lambda a: a.user_id == self.reader).note
        self.assertNotIn(SECRET_MODEL, str(note))
        # the context bundle quotes the alert's summary as the reader may read it
        sections = self.env["practice.context"].with_user(self.reader)._bundle_section_alerts({})
        items = [item for section in sections for item in section.items]
        self.assertIn(self.alert.id, [item.data["id"] for item in items])
        self.assertNotIn(SECRET_MODEL, repr([(item.markdown, item.data) for item in items]))

    def test_burst_alerts_and_counters_of_an_unreadable_model_are_hidden(self):
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        Alert = self.env["practice.watchdog.alert"]
        burst = Alert._raise(
            dict(
                Alert._burst_numbers(SECRET_MODEL, 200, 0, now - timedelta(minutes=2), now, 100),
                kind="burst",
                severity="high",
                model_name=SECRET_MODEL,
            ),
            self.manager,
        )
        self.env["practice.watchdog.counter"]._bump(SECRET_MODEL, deletes=200)
        self.env["practice.watchdog.counter"]._bump("res.partner", deletes=3)
        for user in (self.reader, self.ai_user, self.manager):
            Counter = self.env["practice.watchdog.counter"].with_user(user)
            models = {row["model"] for row in Counter.search_read([], ["model"])}
            self.assertIn("res.partner", models)
            self.assertNotIn(SECRET_MODEL, models, user.login)
            self.assertNotIn(SECRET_MODEL, repr(Counter.read_group([], ["deletes:sum"], ["model"])))
            alerts = self.env["practice.watchdog.alert"].with_user(user)
            self.assertNotIn(burst.id, alerts.search([]).ids, user.login)
            with self.assertRaises(AccessError):
                burst.with_user(user).read(["name", "summary"])
        # the superuser (crons, the deploy gate) still sees it
        self.assertIn(SECRET_MODEL, burst.summary)

    def test_user_without_practice_groups_reads_nothing(self):
        for model in ("practice.watchdog.diff", "practice.watchdog.alert", "practice.watchdog.counter"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.outsider).search_read([], ["display_name"])
        with self.assertRaises(AccessError):
            self.diff.with_user(self.outsider).read(["summary"])
