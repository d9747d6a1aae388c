# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from odoo.addons.practice_base.tests.common import PracticeCase


class MemoryCase(PracticeCase):
    """PracticeCase + a second AI session user and shortcuts to the RPC models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ai_user2 = new_test_user(
            cls.env, login="t_ai2", groups="base.group_user,practice_base.group_practice_ai_session"
        )
        cls.Log = cls.env["practice.session.log"]
        cls.Memory = cls.env["practice.memory"]

    def start(self, session_id, user=None, modules=(), title="Work", **kwargs):
        Log = self.Log.with_user(user) if user else self.Log
        return Log.start(session_id, title, modules=modules, repo="test-repo", **kwargs)

    def log(self, session_id):
        return self.Log.search([("name", "=", session_id)])
