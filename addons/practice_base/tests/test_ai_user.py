# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_security")
class TestAiUserWizard(PracticeCase):
    def test_wizard_creates_narrow_user_with_working_key(self):
        wizard = (
            self.env["practice.ai.user.wizard"]
            .with_user(self.manager)
            .create({"name": "Agent One", "login": "agent1", "key_days": 30})
        )
        wizard.action_create()
        user = wizard.user_id
        self.assertTrue(user.has_group("practice_base.group_practice_ai_session"))
        self.assertFalse(user.has_group("practice_base.group_practice_engineer"))
        self.assertEqual(len(wizard.api_key), 40)
        # the key authenticates this user for RPC and only this user
        uid = self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=wizard.api_key)
        self.assertEqual(uid, user.id)
        key = self.env["res.users.apikeys"].search([("user_id", "=", user.id)])
        self.assertTrue(key.expiration_date)
        # only its hash is stored
        self.env.cr.execute("SELECT key FROM res_users_apikeys WHERE id = %s", [key.id])
        self.assertNotEqual(self.env.cr.fetchone()[0], wizard.api_key)

    def test_duplicate_login_refused(self):
        with self.assertRaisesRegex(UserError, "already exists"):
            self.env["practice.ai.user.wizard"]._create_ai_user("Dup", "t_reader")

    def test_negative_lifetime_refused(self):
        with self.assertRaisesRegex(UserError, "negative"):
            self.env["practice.ai.user.wizard"]._create_ai_user("Neg", "neg_agent", -1)
