# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 29: a session's sandbox copied on the target server without loading its registry
(``practice.watchdog.sandbox.duplicate``), guarded like Odoo's database service."""

import os
import secrets
from contextlib import closing
from unittest.mock import patch

import psycopg2

from odoo import sql_db
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, config

from ..tools import sandbox_copy
from .common import WatchdogCase

MASTER = "matrix-master-" + secrets.token_hex(4)


def _autocommit(sql):
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(sql)
        return cr.fetchall() if cr.description else None


class SandboxCase(WatchdogCase):
    def setUp(self):
        super().setUp()
        patcher = patch.object(config, "verify_admin_password", lambda password: password == MASTER)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.Sandbox = self.env["practice.watchdog.sandbox"]


@tagged("post_install", "-at_install", "practice_security")
class TestSandboxCopyGuards(SandboxCase):
    def test_the_master_password_guards_the_copy(self):
        with self.assertRaises(AccessDenied):
            self.Sandbox.with_user(self.engineer).duplicate("wrong", "some_template", "sbx_guard")
        with self.assertRaises(AccessDenied):
            self.Sandbox.with_user(self.engineer).duplicate("", "some_template", "sbx_guard")

    def test_database_management_off_refuses(self):
        with patch.dict(config.options, {"list_db": False}), self.assertRaises(AccessDenied):
            self.Sandbox.with_user(self.engineer).duplicate(MASTER, "some_template", "sbx_guard")

    def test_only_practice_engineers_and_ai_sessions(self):
        for user in (self.reader, self.outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Sandbox.with_user(user).duplicate(MASTER, "some_template", "sbx_guard")

    def test_names_are_checked_and_the_answering_database_is_never_a_template(self):
        Sandbox = self.Sandbox.with_user(self.ai_user)
        for template, name in (
            ("tpl", "prod_copy"),  # not a sandbox name
            ("tpl; DROP DATABASE x", "sbx_a"),
            (self.env.cr.dbname, "sbx_a"),  # busy: it answers this call
            ("sbx_a", "sbx_a"),
        ):
            with self.subTest(template=template, name=name), self.assertRaises(UserError):
                Sandbox.duplicate(MASTER, template, name)
        with self.assertRaises(UserError) as caught:
            Sandbox.duplicate(MASTER, "no_such_template_db", "sbx_missing_template")
        self.assertIn("No database no_such_template_db", str(caught.exception))


@tagged("post_install", "-at_install", "practice_integration")
class TestSandboxCopy(SandboxCase):
    """A real copy of a small template database: its own identity, its filestore, the
    template untouched; a copy that cannot be completed leaves nothing behind."""

    def _template(self, with_params=True):
        name = f"practice_tpl_{secrets.token_hex(3)}"
        _autocommit(SQL("CREATE DATABASE %s TEMPLATE template0", SQL.identifier(name)))
        self.addCleanup(sandbox_copy.drop_database, name)
        if with_params:
            with closing(sql_db.db_connect(name).cursor()) as cr:
                cr.execute(
                    "CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar UNIQUE NOT NULL, "
                    "value text NOT NULL, create_date timestamp, write_date timestamp)"
                )
                cr.execute(
                    "INSERT INTO ir_config_parameter (key, value) VALUES ('database.uuid', 'template-uuid')"
                )
                cr.commit()  # pylint: disable=invalid-commit
        folder = config.filestore(name)
        os.makedirs(os.path.join(folder, "ab"), exist_ok=True)
        with open(os.path.join(folder, "ab", "abcdef"), "w", encoding="utf-8") as handle:
            handle.write("a stored file")
        return name

    @staticmethod
    def _close_quietly(cursor):
        """A cursor whose connection the forced copy terminated."""
        try:
            cursor.close()
        except psycopg2.Error:  # its server side is gone already
            cursor._cnx.close()

    def _databases(self, *names):
        rows = _autocommit(SQL("SELECT datname FROM pg_database WHERE datname IN %s", names))
        return {row[0] for row in rows}

    def test_a_copy_has_its_own_identity_and_filestore(self):
        template = self._template()
        name = f"sbx_test_{secrets.token_hex(3)}"
        self.addCleanup(sandbox_copy.drop_database, name)
        answer = self.Sandbox.with_user(self.ai_user).duplicate(MASTER, template, name)
        self.assertEqual(answer, {"name": name, "template": template, "neutralized": False})
        with closing(sql_db.db_connect(name).cursor()) as cr:
            cr.execute("SELECT key, value FROM ir_config_parameter")
            params = dict(cr.fetchall())
        self.assertNotEqual(params["database.uuid"], "template-uuid")
        self.assertTrue(params["database.secret"])
        self.assertIn("database.create_date", params)
        with closing(sql_db.db_connect(template).cursor()) as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'")
            self.assertEqual(cr.fetchone()[0], "template-uuid")
        with open(os.path.join(config.filestore(name), "ab", "abcdef"), encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "a stored file")
        # its origin is recorded: made here, for this caller (what the practice server checks)
        self.assertTrue(self.Sandbox._made_here(name, self.ai_user))
        self.assertFalse(self.Sandbox._made_here(name, self.engineer))
        self.assertFalse(self.Sandbox._made_here(template, self.ai_user))
        with self.assertRaises(UserError):
            self.Sandbox.with_user(self.ai_user).duplicate(MASTER, template, name)  # exists already

    def test_a_busy_template_is_refused_and_force_terminates_its_connections(self):
        template = self._template()
        busy = sql_db.db_connect(template).cursor()
        self.addCleanup(self._close_quietly, busy)
        busy.execute("SELECT 1")
        name = f"sbx_busy_{secrets.token_hex(3)}"
        self.addCleanup(sandbox_copy.drop_database, name)
        with patch.object(sql_db, "close_db", lambda _name: None):  # keep the busy connection open
            with self.assertRaises(UserError) as caught:
                self.Sandbox.with_user(self.engineer).duplicate(MASTER, template, name)
            self.assertIn("open connections", str(caught.exception))
            self.assertFalse(self._databases(name))
            self.Sandbox.with_user(self.engineer).duplicate(MASTER, template, name, force=True)
        self.assertEqual(self._databases(name), {name})

    def test_a_copy_that_fails_midway_leaves_nothing(self):
        template = self._template(with_params=False)  # no ir_config_parameter: the identity fails
        name = f"sbx_half_{secrets.token_hex(3)}"
        self.addCleanup(sandbox_copy.drop_database, name)
        with self.assertRaises(UserError) as caught:
            self.Sandbox.with_user(self.engineer).duplicate(MASTER, template, name)
        self.assertIn(f"is {template} an Odoo database?", str(caught.exception))
        self.assertFalse(self._databases(name))
        self.assertFalse(os.path.exists(config.filestore(name)))
