# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 1: the deploy secret and bearer token never leave the server through the
settings, whoever asks and however (default_get, onchange, read, web_read, export_data); a
system administrator sets them through the write-only wizard and sees only "set / not set"."""

import json

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BEARER, ENDPOINT, SECRET, DeployCase

SETTINGS = "res.config.settings"
WIZARD = "practice.deploy.secret.wizard"


@tagged("post_install", "-at_install", "practice_security")
class TestDeploySecretsNeverReturned(DeployCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.attackers = {
            "portal": new_test_user(cls.env, login="sec_portal", groups="base.group_portal"),
            "internal": new_test_user(cls.env, login="sec_internal", groups="base.group_user"),
            "project user": cls.requester,
            "engineer": new_test_user(
                cls.env, login="sec_engineer", groups="base.group_user,practice_base.group_practice_engineer"
            ),
            "manager": new_test_user(
                cls.env, login="sec_manager", groups="base.group_user,practice_base.group_practice_manager"
            ),
        }
        cls.admin = cls.env.ref("base.user_admin")
        cls.names = list(cls.env[SETTINGS].fields_get(attributes=["type"]))

    def assertNoSecret(self, answer, who, how):
        text = json.dumps(answer, default=str)
        for secret in (SECRET, BEARER):
            self.assertNotIn(secret, text, f"{who} got a deploy secret through {how}")

    def _attempt(self, user, how, call):
        """The answer of ``call()`` as ``user``; an AccessError (or "no right to export") is a
        refusal: nothing leaks."""
        try:
            answer = call()
        except (AccessError, UserError):
            return None
        self.assertNoSecret(answer, user.login, how)
        return answer

    def test_default_get_returns_no_secret_to_anyone(self):
        for who, user in self.attackers.items():
            with self.subTest(who=who):
                settings = self.env[SETTINGS].with_user(user)
                # the fields of the old settings are gone: asking for them is an error, not a value
                for old in ("practice_deploy_secret", "practice_deploy_bearer_token"):
                    with self.assertRaises(KeyError):
                        settings.default_get([old])
                answer = self._attempt(
                    user, "default_get", lambda settings=settings: settings.default_get(self.names)
                )
                # administrator-only settings (the endpoint may carry a token) are not returned either
                self.assertNotIn(ENDPOINT, json.dumps(answer, default=str))
        answer = self.env[SETTINGS].with_user(self.admin).default_get(self.names)
        self.assertNoSecret(answer, "admin", "default_get")
        self.assertEqual(answer["practice_deploy_endpoint"], ENDPOINT)

    def test_onchange_returns_no_secret_to_anyone(self):
        spec = {name: {} for name in self.names if name in self.env[SETTINGS]._fields}
        for who, user in {**self.attackers, "admin": self.admin}.items():
            with self.subTest(who=who):
                self._attempt(
                    user,
                    "onchange",
                    lambda user=user: self.env[SETTINGS].with_user(user).onchange({}, [], spec),
                )

    def test_read_web_read_and_export_of_a_settings_record_hold_no_secret(self):
        record = self.env[SETTINGS].with_user(self.admin).create({})
        readable = [name for name in self.names if name in record._fields]
        for who, user in {**self.attackers, "admin": self.admin}.items():
            mine = record.with_user(user)
            with self.subTest(who=who):
                self._attempt(user, "read", lambda mine=mine: mine.read(readable))
                self._attempt(
                    user, "web_read", lambda mine=mine: mine.web_read({name: {} for name in readable})
                )
                self._attempt(user, "export_data", lambda mine=mine: mine.export_data(readable))
        shown = record.with_user(self.admin).web_read(
            {"practice_deploy_secret_set": {}, "practice_deploy_bearer_token_set": {}}
        )[0]
        self.assertTrue(shown["practice_deploy_secret_set"])
        self.assertTrue(shown["practice_deploy_bearer_token_set"])

    def test_no_settings_field_stores_a_secret(self):
        """The audit: no ``config_parameter=`` field of any installed addon maps to a secret."""
        secret_params = {"practice_deploy.secret", "practice_deploy.bearer_token"}
        stored = {getattr(field, "config_parameter", None) for field in self.env[SETTINGS]._fields.values()}
        self.assertFalse(stored & secret_params)

    def test_only_administrators_use_the_wizard(self):
        for who, user in self.attackers.items():
            with self.subTest(who=who), self.assertRaises(AccessError):
                self.env[WIZARD].with_user(user).create({"target": "secret", "value": "x" * 32})
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("practice_deploy.secret"), SECRET)

    def test_administrator_sets_and_clears_through_the_wizard_which_forgets_the_value(self):
        Wizard = self.env[WIZARD].with_user(self.admin)
        params = self.env["ir.config_parameter"].sudo()
        wizard = Wizard.create({"target": "secret", "value": "  a-new-shared-secret-0123  "})
        action = wizard.action_apply()
        self.assertEqual(action["tag"], "reload")
        self.assertEqual(params.get_param("practice_deploy.secret"), "a-new-shared-secret-0123")
        self.assertFalse(wizard.exists(), "the wizard row holding the typed value is deleted")
        with self.assertRaisesRegex(ValidationError, "at least 16 characters"):
            Wizard.create({"target": "secret", "value": "short"})
        with self.assertRaisesRegex(ValidationError, "at least 16 characters"):
            Wizard.create({"target": "secret", "value": ""})
        self.assertEqual(params.get_param("practice_deploy.secret"), "a-new-shared-secret-0123")
        Wizard.create({"target": "bearer_token", "value": ""}).action_apply()
        self.assertFalse(params.get_param("practice_deploy.bearer_token"))
        record = self.env[SETTINGS].with_user(self.admin).create({})
        self.assertTrue(record.practice_deploy_secret_set)
        self.assertFalse(record.practice_deploy_bearer_token_set)
        # saving the settings keeps the secret (no field of the form could blank it)
        record.set_values()
        self.assertEqual(params.get_param("practice_deploy.secret"), "a-new-shared-secret-0123")
