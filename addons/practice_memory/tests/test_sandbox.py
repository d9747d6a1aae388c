# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from odoo import fields, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, config, mute_logger

from odoo.addons.practice_memory.models import practice_sandbox

from .common import MemoryCase


class SandboxCase(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Sandbox = cls.env["practice.sandbox"]

    def register(self, name, user=None, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        Sandbox = self.Sandbox.with_user(user or self.ai_user)
        return Sandbox.register(name, "tpl_db", **kwargs)

    def box(self, name):
        return self.Sandbox.search([("name", "=", name)])


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSandboxLifecycle(SandboxCase):
    def test_register_links_the_callers_session_and_expires_after_the_ttl(self):
        self.env["ir.config_parameter"].set_param(practice_sandbox.TTL_PARAM, "5")
        self.start("sbx-s1", user=self.ai_user)
        answer = self.register("sbx_one", session_id="sbx-s1", target_url="http://odoo.test:8069/")
        box = self.box("sbx_one")
        self.assertEqual(answer["state"], "active")
        self.assertEqual(answer["session_id"], "sbx-s1")
        self.assertEqual(answer["target_url"], "http://odoo.test:8069")
        self.assertEqual(box.user_id, self.ai_user)
        self.assertEqual(box.expires_at - box.created_at, timedelta(hours=5))
        self.assertEqual(self.log("sbx-s1").sandbox_ids, box)

    def test_mark_dropped_and_listing(self):
        self.register("sbx_two")
        self.assertEqual([b["name"] for b in self.Sandbox.with_user(self.ai_user).sandboxes()], ["sbx_two"])
        answer = self.Sandbox.with_user(self.ai_user).mark_dropped("sbx_two")
        self.assertEqual(answer["state"], "dropped")
        self.assertFalse(self.Sandbox.with_user(self.ai_user).sandboxes(state="active"))

    def test_cron_retires_expired_and_beyond_the_cap(self):
        self.env["ir.config_parameter"].set_param(practice_sandbox.CAP_PARAM, "2")
        for name in ("sbx_c1", "sbx_c2", "sbx_c3"):
            self.register(name)
        self.box("sbx_c1").sudo()._guarded().write({"created_at": fields.Datetime.now() - timedelta(hours=1)})
        retired = self.Sandbox._cron_retire()
        self.assertEqual(retired, self.box("sbx_c1").ids)  # the oldest beyond the cap of 2
        self.assertEqual(self.box("sbx_c1").state, "expired")  # not on this server: its client drops it
        later = fields.Datetime.now() + timedelta(hours=25)
        self.Sandbox._cron_retire(now=later)
        self.assertEqual(set(self.Sandbox.search([("name", "like", "sbx_c")]).mapped("state")), {"expired"})

    def test_cron_drops_a_same_server_sandbox_through_the_db_service(self):
        made_here = patch.object(type(self.Sandbox), "_made_here", return_value=True)  # see TestSandboxOrigin
        with made_here:
            self.register("sbx_here", same_server=True)
        later = fields.Datetime.now() + timedelta(hours=25)
        with (
            made_here,
            patch.object(type(self.Sandbox), "_database_exists", return_value=True),
            patch.object(practice_sandbox.db_service, "exp_drop", return_value=True) as drop,
        ):
            self.Sandbox._cron_retire(now=later)
        drop.assert_called_once_with("sbx_here")
        self.assertEqual(self.box("sbx_here").state, "dropped")

    def test_session_log_records_target_and_diff(self):
        self.start("sbx-t1", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        Log.record_target("sbx-t1", target_url="http://target:8069", target_db="dev_db", sandbox=False)
        answer = Log.record_target("sbx-t1", diff="res.partner count 10 -> 9")
        self.assertEqual(
            (answer["target_url"], answer["target_db"], answer["target_sandbox"], answer["target_diff"]),
            ("http://target:8069", "dev_db", False, "res.partner count 10 -> 9"),
        )


@tagged("post_install", "-at_install", "practice_rules")
class TestSandboxRules(SandboxCase):
    def test_bad_names_and_urls_are_refused(self):
        for bad in ("h_all", "sbx_UPPER", "sbx_x; drop", "", None, "sbx_" + "a" * 70):
            with self.assertRaisesRegex(UserError, "sandbox database name"):
                self.register(bad)
        with self.assertRaisesRegex(UserError, "without credentials"):
            self.register("sbx_cred", target_url="http://admin:secret@host:8069")
        self.start("sbx-r1", user=self.ai_user)
        with self.assertRaisesRegex(UserError, "without credentials"):
            self.Log.with_user(self.ai_user).record_target("sbx-r1", target_url="http://u:p@host")
        self.register("sbx_dup")
        with self.assertRaisesRegex(UserError, "recorded already"):
            self.register("sbx_dup")

    def test_cron_drops_nothing_the_client_did_not_say_is_on_this_server(self):
        self.register("sbx_elsewhere")  # same_server not claimed
        later = fields.Datetime.now() + timedelta(hours=25)
        with (
            patch.object(practice_sandbox.db_service, "list_dbs", return_value=["sbx_elsewhere"]),
            patch.object(practice_sandbox.db_service, "exp_drop") as drop,
        ):
            self.Sandbox._cron_retire(now=later)
        drop.assert_not_called()
        self.assertEqual(self.box("sbx_elsewhere").state, "expired")


@tagged("post_install", "-at_install", "practice_security")
class TestSandboxSecurity(SandboxCase):
    def test_owner_only_managers_all(self):
        self.register("sbx_mine")
        self.assertFalse(self.Sandbox.with_user(self.ai_user2).search([("name", "=", "sbx_mine")]))
        with self.assertRaisesRegex(UserError, "not yours"):
            self.Sandbox.with_user(self.ai_user2).mark_dropped("sbx_mine")
        self.assertEqual(len(self.Sandbox.with_user(self.manager).search([("name", "=", "sbx_mine")])), 1)
        self.Sandbox.with_user(self.manager).mark_dropped("sbx_mine")
        self.assertEqual(self.box("sbx_mine").state, "dropped")

    def test_reader_cannot_register_and_guarded_fields_refused(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.register("sbx_reader", user=self.reader)
        self.register("sbx_guard")
        box = self.box("sbx_guard").with_user(self.ai_user)
        with self.assertRaises(UserError):
            box.write({"state": "dropped"})
        with self.assertRaises(UserError):
            box.write({"expires_at": fields.Datetime.now() + timedelta(days=900)})
        with self.assertRaises(AccessError):
            self.Sandbox.with_user(self.ai_user).create(
                {"name": "sbx_direct", "template": "t", "same_server": True}
            )

    def test_session_of_another_user_refused(self):
        self.start("sbx-other", user=self.ai_user2)
        with self.assertRaisesRegex(AccessError, "not yours"):
            self.register("sbx_other", session_id="sbx-other")
        self.start("sbx-target", user=self.ai_user2)
        with self.assertRaisesRegex(AccessError, "belongs to"):
            self.Log.with_user(self.ai_user).record_target("sbx-target", target_db="x")
        self.assertFalse(self.log("sbx-target").target_db)


def _autocommit(sql):
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(sql)


def _exists(name):
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr.execute(SQL("SELECT 1 FROM pg_database WHERE datname = %s", name))
        return bool(cr.fetchone())


def _drop(name):
    sql_db.close_db(name)
    _autocommit(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(name)))


@tagged("post_install", "-at_install", "practice_security")
class TestSandboxOrigin(SandboxCase):
    """``same_server`` is the server's to verify, not the client's to claim: the cron drops
    only a database this server's duplicate made for the sandbox's owner, never an ``sbx_``
    database someone registered without creating it."""

    def _database(self, template=False):
        name = f"sbx_origin_{secrets.token_hex(4)}"
        _autocommit(SQL("CREATE DATABASE %s TEMPLATE template0", SQL.identifier(name)))
        self.addCleanup(_drop, name)
        if template:  # what a copy writes its new identity into
            with closing(sql_db.db_connect(name).cursor()) as cr:
                cr.execute(
                    "CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar UNIQUE NOT NULL, "
                    "value text NOT NULL, create_date timestamp, write_date timestamp)"
                )
                cr.commit()  # pylint: disable=invalid-commit
        return name

    def test_a_claimed_same_server_database_not_made_here_is_never_dropped(self):
        forged = self._database()  # an sbx_ database of this server, made by someone else
        answer = self.register(forged, same_server=True)
        self.assertFalse(answer["same_server"], "the client's claim alone is not trusted")
        later = fields.Datetime.now() + timedelta(hours=25)
        with mute_logger("odoo.addons.practice_memory.models.practice_sandbox"):
            self.Sandbox._cron_retire(now=later)
        self.assertEqual(self.box(forged).state, "expired")  # its owner's client drops it, not the server
        self.assertTrue(_exists(forged))

    def test_the_cron_checks_the_origin_again_before_a_drop(self):
        forged = self._database()
        self.register(forged)
        self.box(forged).sudo()._guarded().write({"same_server": True})  # recorded, whatever the way
        later = fields.Datetime.now() + timedelta(hours=25)
        with (
            mute_logger("odoo.addons.practice_memory.models.practice_sandbox"),
            patch.object(practice_sandbox.db_service, "exp_drop") as drop,
        ):
            self.Sandbox._cron_retire(now=later)
        drop.assert_not_called()
        self.assertEqual(self.box(forged).state, "expired")
        self.assertTrue(_exists(forged))

    def test_a_database_this_servers_duplicate_made_for_the_caller_is_same_server(self):
        if "practice.watchdog.sandbox" not in self.env:
            self.skipTest("needs practice_watchdog (it makes and marks the copies)")
        template = self._database(template=True)
        name = f"sbx_made_{secrets.token_hex(4)}"
        self.addCleanup(_drop, name)
        master = "origin-master-" + secrets.token_hex(4)
        with patch.object(config, "verify_admin_password", lambda password: password == master):
            self.env["practice.watchdog.sandbox"].with_user(self.ai_user).duplicate(master, template, name)
        answer = self.register(name, same_server=True)
        self.assertTrue(answer["same_server"])
        # made for its caller only: another user's claim would not hold
        self.assertFalse(self.Sandbox._made_here(name, self.ai_user2))
        later = fields.Datetime.now() + timedelta(hours=25)
        with patch.object(practice_sandbox.db_service, "exp_drop", return_value=True) as drop:
            self.Sandbox._cron_retire(now=later)
        drop.assert_called_once_with(name)
        self.assertEqual(self.box(name).state, "dropped")
