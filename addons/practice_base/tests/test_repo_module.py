# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.practice_code_module import ConcurrentModuleCreate
from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_rules")
class TestRepoRules(PracticeCase):
    def test_default_repo_exists_from_install(self):
        default = self.env["practice.repo"]._resolve(None)
        self.assertEqual(default, self.env.ref("practice_base.practice_repo_default"))
        self.assertTrue(default.is_default)

    def test_default_repo_follows_setting(self):
        self.env["res.config.settings"].create({"practice_default_repo_id": self.repo.id}).execute()
        self.assertEqual(self.env["practice.repo"]._resolve(None), self.repo)
        self.assertTrue(self.repo.is_default)

    def test_archived_default_falls_back_to_an_active_repo(self):
        self.env["res.config.settings"].create({"practice_default_repo_id": self.repo.id}).execute()
        self.repo.active = False
        resolved = self.env["practice.repo"]._resolve(None)
        self.assertTrue(resolved.active)
        self.assertNotEqual(resolved, self.repo)

    def test_resolve_by_name_id_and_unknown(self):
        repos = self.env["practice.repo"]
        self.assertEqual(repos._resolve("TEST-REPO"), self.repo)
        self.assertEqual(repos._resolve(self.repo.id), self.repo)
        with self.assertRaisesRegex(UserError, "Unknown repository 'nope'"):
            repos._resolve("nope")
        with self.assertRaisesRegex(UserError, "Unknown repository"):
            repos._resolve(999999999)
        with self.assertRaisesRegex(UserError, "name or an id"):
            repos._resolve(["x"])

    @mute_logger("odoo.sql_db")
    def test_repo_name_unique(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["practice.repo"].create({"name": "test-repo"})

    def test_module_count(self):
        self.env["practice.code.module"].create(
            [{"name": "a_mod", "repo_id": self.repo.id}, {"name": "b_mod", "repo_id": self.repo.id}]
        )
        self.assertEqual(self.repo.module_count, 2)
        action = self.repo.action_view_modules()
        self.assertEqual(action["domain"], [("repo_id", "=", self.repo.id)])


@tagged("post_install", "-at_install", "practice_rules")
class TestCodeModuleRules(PracticeCase):
    @mute_logger("odoo.sql_db")
    def test_module_unique_per_repo(self):
        Module = self.env["practice.code.module"]
        Module.create({"name": "sale_ext", "repo_id": self.repo.id})
        # the same name in another repository is fine
        Module.create({"name": "sale_ext", "repo_id": self.other_repo.id})
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            Module.create({"name": "sale_ext", "repo_id": self.repo.id})

    def test_module_name_validated(self):
        for bad in ("", " ", "has space", "semi;colon", "x" * 200, "../etc"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError), self.cr.savepoint():
                self.env["practice.code.module"].create({"name": bad, "repo_id": self.repo.id})

    def test_module_links_installed_odoo_module(self):
        mod = self.env["practice.code.module"].create({"name": "mail", "repo_id": self.repo.id})
        self.assertEqual(mod.odoo_module_id.name, "mail")
        self.assertEqual(mod.odoo_state, "installed")
        unknown = self.env["practice.code.module"].create(
            {"name": "fl_marketplaces_amazon", "repo_id": self.repo.id}
        )
        self.assertFalse(unknown.odoo_module_id)

    def test_ensure_creates_unknown_and_keeps_order(self):
        Module = self.env["practice.code.module"]
        existing = Module.create({"name": "b_mod", "repo_id": self.repo.id})
        got = Module._ensure(self.repo, ["z_new", "b_mod", "z_new"])
        self.assertEqual(got.mapped("name"), ["z_new", "b_mod"])
        self.assertEqual(got[1], existing)
        self.assertEqual(got[0].repo_id, self.repo)

    def test_normalize_rejects_empty_and_non_strings(self):
        Module = self.env["practice.code.module"]
        self.assertEqual(Module._normalize_names(" sale "), ["sale"])
        for bad in ([""], [None], [42], ["a b"]):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                Module._normalize_names(bad)


@tagged("post_install", "-at_install", "practice_integrity")
class TestEnsureUnderConcurrency(PracticeCase):
    def test_concurrent_first_use_asks_for_a_retry(self):
        """A module committed by another transaction after ours began is invisible to us
        (REPEATABLE READ); creating it again must end in a retryable serialization failure,
        not a unique-violation error for the caller."""
        repo = self.env.ref("practice_base.practice_repo_default")
        self.env.cr.execute("SELECT 1")  # our snapshot starts here
        with self.env.registry.cursor() as other:
            other.execute(
                "INSERT INTO practice_code_module (repo_id, name, active, create_uid, write_uid,"
                " create_date, write_date) VALUES (%s, 'race_mod', true, 1, 1, now(), now())",
                [repo.id],
            )
        try:
            # the expected conflict is not logged as a bad query (it was an ERROR per race)
            with self.assertNoLogs("odoo.sql_db", level="ERROR"), self.assertRaises(ConcurrentModuleCreate):
                self.env["practice.code.module"]._ensure(repo, ["race_mod"])
        finally:
            with self.env.registry.cursor() as other:
                other.execute("DELETE FROM practice_code_module WHERE name = 'race_mod'")
