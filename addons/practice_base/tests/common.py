# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures for practice tests: users per group, a repository.

Categories are Odoo tags (``practice_security``, ``practice_lifecycle``, ``practice_rules``,
``practice_integration``, ``practice_integrity``, ``practice_domain``); the suite's conftest
turns them into pytest markers and counts them.
"""

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class PracticeCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=True))
        cls.repo = cls.env["practice.repo"].create({"name": "test-repo"})
        cls.other_repo = cls.env["practice.repo"].create({"name": "other-repo"})
        cls.reader = new_test_user(
            cls.env, login="t_reader", groups="base.group_user,practice_base.group_practice_reader"
        )
        cls.engineer = new_test_user(
            cls.env, login="t_engineer", groups="base.group_user,practice_base.group_practice_engineer"
        )
        cls.engineer2 = new_test_user(
            cls.env, login="t_engineer2", groups="base.group_user,practice_base.group_practice_engineer"
        )
        cls.manager = new_test_user(
            cls.env, login="t_manager", groups="base.group_user,practice_base.group_practice_manager"
        )
        cls.ai_user = new_test_user(
            cls.env, login="t_ai", groups="base.group_user,practice_base.group_practice_ai_session"
        )
        cls.outsider = new_test_user(cls.env, login="t_outsider", groups="base.group_user")
