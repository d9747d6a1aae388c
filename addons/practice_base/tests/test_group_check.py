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

    def test_superuser_environment_passes_only_on_the_model(self):
        users = self.env["res.users"]
        self.assertTrue(users.with_user(self.outsider).sudo()._practice_require("manager", "run a cron"))
        with self.assertRaises(AccessError):
            users.with_user(self.outsider)._practice_require("reader", "read")
        self.assertTrue(users.with_user(self.engineer)._practice_require("engineer", "edit"))

    def test_env_user_is_checked_although_it_is_a_superuser_record(self):
        """``env.user`` lives in a superuser environment: the check must still refuse."""
        as_engineer = self.env["res.users"].with_user(self.engineer)
        self.assertTrue(as_engineer.env.user.env.su)
        with self.assertRaises(AccessError):
            as_engineer.env.user._practice_require("manager", "force-release a lock")
        with self.assertRaises(AccessError):
            self.outsider.sudo()._practice_require("reader", "read")
        # the real superuser (crons, install) passes
        self.assertTrue(self.env.ref("base.user_root")._practice_require("manager", "run a cron"))
