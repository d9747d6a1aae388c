# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_security")
class TestAiUserWizard(PracticeCase):
    def _run_wizard(self, manager, login="agent1"):
        wizard = (
            self.env["practice.ai.user.wizard"]
            .with_user(manager)
            .create({"name": "Agent One", "login": login, "key_days": 30})
        )
        return wizard, wizard.action_create()

    def test_wizard_creates_narrow_user_with_working_key(self):
        _wizard, action = self._run_wizard(self.manager)
        self.assertEqual(action["res_model"], "practice.ai.user.key")
        key_value = action["context"]["default_api_key"]
        user = self.env["res.users"].browse(action["context"]["default_user_id"])
        self.assertEqual(user.login, "agent1")
        self.assertTrue(user.has_group("practice_base.group_practice_ai_session"))
        self.assertFalse(user.has_group("practice_base.group_practice_engineer"))
        self.assertEqual(len(key_value), 40)
        # the key authenticates this user for RPC and only this user
        uid = self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key_value)
        self.assertEqual(uid, user.id)
        key = self.env["res.users.apikeys"].search([("user_id", "=", user.id)])
        self.assertTrue(key.expiration_date)
        # only its hash is stored
        self.env.cr.execute("SELECT key FROM res_users_apikeys WHERE id = %s", [key.id])
        self.assertNotEqual(self.env.cr.fetchone()[0], key_value)
        # the form that shows it once is filled from the action's defaults
        shown = self.env["practice.ai.user.key"].with_user(self.manager).with_context(**action["context"])
        self.assertEqual(shown.default_get(["api_key"])["api_key"], key_value)

    def test_key_readable_by_no_one_afterwards(self):
        """Regression: the key sat in plaintext on the transient wizard, readable by every Manager."""
        manager_b = new_test_user(
            self.env, login="t_manager_b", groups="base.group_user,practice_base.group_practice_manager"
        )
        _wizard, action = self._run_wizard(self.manager)
        key_value = action["context"]["default_api_key"]
        for reader in (manager_b, self.manager):
            wizards = self.env["practice.ai.user.wizard"].with_user(reader)
            rows = wizards.search_read([], list(wizards._fields))
            self.assertNotIn(key_value, repr(rows))
        # nothing of the key is stored in any column of the wizard's table
        self.env.flush_all()
        self.env.cr.execute("SELECT row_to_json(w)::text FROM practice_ai_user_wizard w")
        self.assertNotIn(key_value, repr(self.env.cr.fetchall()))
        self.assertFalse(self.env["practice.ai.user.key"]._auto)

    def test_wizard_rows_of_another_manager_are_hidden(self):
        manager_b = new_test_user(
            self.env, login="t_manager_b", groups="base.group_user,practice_base.group_practice_manager"
        )
        draft = (
            self.env["practice.ai.user.wizard"]
            .with_user(self.manager)
            .create({"name": "Pending", "login": "pending_agent"})
        )
        self.assertFalse(
            self.env["practice.ai.user.wizard"].with_user(manager_b).search([("id", "=", draft.id)])
        )
        with self.assertRaises(AccessError):
            draft.with_user(manager_b).read(["login"])

    def test_duplicate_login_refused(self):
        with self.assertRaisesRegex(UserError, "already exists"):
            self.env["practice.ai.user.wizard"]._create_ai_user("Dup", "t_reader")

    def test_out_of_range_lifetime_refused(self):
        """Regression (issue 23 item 9): key_days=2000000000 overflowed timedelta into a
        traceback; 0 made a key that never expires."""
        for days in (-1, 0, 3651, 2000000000, "90", True):
            with self.assertRaisesRegex(UserError, "from 1 to 3650"):
                self.env["practice.ai.user.wizard"]._create_ai_user("Neg", "neg_agent", days)
            Wizard = self.env["practice.ai.user.wizard"].with_user(self.manager)
            if isinstance(days, int) and not isinstance(days, bool):
                with self.assertRaisesRegex(ValidationError, "from 1 to 3650"):
                    Wizard.create({"name": "Huge", "login": "huge_agent", "key_days": days})
        self.assertFalse(self.env["res.users"].search([("login", "in", ("neg_agent", "huge_agent"))]))
        _wizard, action = self._run_wizard(self.manager, login="max_agent")
        self.assertEqual(
            self.env["res.users"].browse(action["context"]["default_user_id"]).login, "max_agent"
        )

    def test_key_model_answers_rpc_without_traceback(self):
        """Regression (issue 23 item 9): search_read on the table-less key model raised a
        ProgrammingError (no such table) to the Manager."""
        Key = self.env["practice.ai.user.key"].with_user(self.manager)
        self.assertEqual(Key.search_read([], ["login", "api_key"]), [])
        self.assertEqual(Key.search_count([]), 0)
        self.assertEqual(Key.browse(1).read(["api_key"]), [])
        self.assertEqual(Key.web_search_read([], {"login": {}})["records"], [])
        self.assertEqual(Key.read_group([], ["login"], ["login"]), [])
        with self.assertRaisesRegex(UserError, "stored nowhere"):
            Key.create({"login": "x", "api_key": "y"})
        for user in (self.engineer, self.reader, self.outsider):
            with self.assertRaises(AccessError):
                self.env["practice.ai.user.key"].with_user(user).search_read([], ["api_key"])
