# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_security")
class TestPracticeRequire(PracticeCase):
    def test_levels_imply_the_one_before(self):
        self.assertTrue(self.manager._practice_require("engineer", "do it"))
        self.assertTrue(self.manager._practice_require("reader", "do it"))
        self.assertTrue(self.engineer._practice_require("reader", "do it"))
        self.assertFalse(self.engineer._practice_has("manager"))
        self.assertFalse(self.ai_user._practice_has("engineer"))

    def test_refusal_names_group_action_and_user(self):
        with self.assertRaises(AccessError) as caught:
            self.engineer.with_user(self.engineer)._practice_require("manager", "force-release a lock")
        message = str(caught.exception)
        self.assertIn("Manager", message)
        self.assertIn("force-release a lock", message)
        self.assertIn("t_engineer", message)
        with self.assertRaises(AccessError):
            self.outsider.with_user(self.outsider)._practice_require("reader", "read")

    def test_superuser_environment_passes(self):
        self.assertTrue(self.outsider.sudo()._practice_require("manager", "run a cron"))
