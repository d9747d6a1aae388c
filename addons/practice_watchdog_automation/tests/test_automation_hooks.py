# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.practice_watchdog.models.practice_watchdog_profile_model import PATCH_MARK
from odoo.addons.practice_watchdog.tests.common import WatchdogCase

MODEL = "res.partner.category"


@tagged("post_install", "-at_install", "practice_domain")
class TestAutomationRulesKeepTheHooks(WatchdogCase):
    def _patched(self):
        cls = self.env.registry[MODEL]
        return all(getattr(cls.__dict__.get(name), PATCH_MARK, False) for name in ("create", "unlink"))

    def _archive_on_create(self):
        model = self.env["ir.model"]._get(MODEL)
        rule = self.env["base.automation"].create(
            {"name": "Archive new categories", "trigger": "on_create_or_write", "model_id": model.id}
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Archive",
                "base_automation_id": rule.id,
                "state": "object_write",
                "update_path": "active",
                "update_boolean_value": "false",
                "model_id": model.id,
            }
        )
        rule.write({"action_server_ids": [Command.link(action.id)]})
        return rule

    def test_saving_a_rule_keeps_counting_and_both_run(self):
        self._profile(models=[MODEL])
        self.assertTrue(self._patched())
        rule = self._archive_on_create()
        self.assertTrue(self._patched(), "base_automation's re-patching dropped the watchdog's hooks")
        Counter = self.env["practice.watchdog.counter"]
        Counter._flush_tally()
        creates, deletes = self._counter(MODEL)
        categories = self.env[MODEL].create([{"name": f"automated {i}"} for i in range(3)])
        self.assertFalse(any(categories.mapped("active")), "the automation rule ran")
        categories.unlink()
        Counter._flush_tally()
        self.assertEqual(self._counter(MODEL), (creates + 3, deletes + 3))
        rule.unlink()
        self.assertTrue(self._patched())
        self.assertTrue(self.env[MODEL].create({"name": "after the rule"}).active)

    def test_archiving_a_rule_keeps_counting(self):
        self._profile(models=[MODEL])
        rule = self._archive_on_create()
        rule.action_archive()
        self.assertTrue(self._patched())
        Counter = self.env["practice.watchdog.counter"]
        Counter._flush_tally()
        creates, _deletes = self._counter(MODEL)
        self.env[MODEL].create({"name": "not archived"})
        Counter._flush_tally()
        self.assertEqual(self._counter(MODEL)[0], creates + 1)
