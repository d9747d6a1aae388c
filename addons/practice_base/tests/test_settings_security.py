# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Found by the access matrix (issue 23): ``res.config.settings.default_get`` returned every
practice setting (default repository, limits, thresholds) to any internal user without a
practice group, and to Readers and AI sessions: Odoo reads ``config_parameter=`` fields
through sudo whatever the caller. Only system administrators get their values."""

from odoo.tests import tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_security")
class TestSettingsNotReturned(PracticeCase):
    def _practice_fields(self):
        Settings = self.env["res.config.settings"]
        return [
            name for name, field in Settings._fields.items() if (field._module or "").startswith("practice_")
        ]

    def test_practice_settings_go_to_system_administrators_only(self):
        names = self._practice_fields()
        self.assertIn("practice_default_repo_id", names)
        for user in (self.outsider, self.reader, self.ai_user, self.engineer, self.manager):
            with self.subTest(user=user.login):
                answer = self.env["res.config.settings"].with_user(user).default_get(names)
                self.assertFalse(set(answer) & set(names), answer)
        admin = self.env.ref("base.user_admin")
        answer = self.env["res.config.settings"].with_user(admin).default_get(names)
        self.assertIn("practice_default_repo_id", answer)

    def test_settings_of_other_addons_are_left_as_odoo_answers_them(self):
        answer = self.env["res.config.settings"].with_user(self.outsider).default_get(["company_id"])
        self.assertIn("company_id", answer)
