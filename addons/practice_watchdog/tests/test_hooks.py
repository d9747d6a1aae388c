# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.practice_watchdog_profile_model import PATCH_MARK
from ..tools.counting import TRIGGER_DELETE, TRIGGER_INSERT
from .common import CATALOG, CATALOG_LINE, CatalogCase, WatchdogCase


@tagged("post_install", "-at_install", "practice_domain")
class TestOrmHooks(WatchdogCase):
    def _patched(self, model_name):
        cls = self.env.registry[model_name]
        return getattr(cls.__dict__.get("create"), PATCH_MARK, False) and getattr(
            cls.__dict__.get("unlink"), PATCH_MARK, False
        )

    def test_default_profile_hooks_count_partner_creates_and_deletes(self):
        self.assertTrue(self._patched("res.partner"))
        self.assertTrue(self._patched("ir.attachment"))
        self.assertFalse(self._patched("ir.module.module"))  # counting off in the default profile
        creates, deletes = self._counter("res.partner")
        partners = self.env["res.partner"].create([{"name": f"p{i}"} for i in range(30)])
        partners[:20].unlink()
        self.assertEqual(self._counter("res.partner"), (creates + 30, deletes + 20))

    def test_one_counter_write_per_transaction_not_per_record(self):
        Category = self.env["res.partner.category"]
        Counter = self.env["practice.watchdog.counter"]

        def queries(fn):
            self.env.flush_all()
            start = self.env.cr.sql_log_count
            fn()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        def cycle():
            Category.create([{"name": f"c{i}"} for i in range(50)]).unlink()

        queries(cycle)  # warm the caches
        plain = queries(cycle)
        profile = self._profile(models=["res.partner.category"])
        self.assertTrue(self._patched("res.partner.category"))
        queries(cycle)  # a profile change clears the ORM caches (cached scopes): warm them again
        Counter._flush_tally()
        self.env.cr.execute(SQL("DELETE FROM practice_watchdog_counter WHERE model = 'res.partner.category'"))
        hooked = queries(lambda: (cycle(), cycle()))
        plain_twice = queries(lambda: (cycle(), cycle()))
        self.assertEqual(plain * 2, plain_twice)
        # The hooks only tally in memory during the calls ...
        self.assertEqual(hooked, plain_twice)
        # ... and the whole transaction's tally is one INSERT ... ON CONFLICT at commit.
        self.assertEqual(queries(Counter._flush_tally), 1)
        self.assertEqual(self._counter("res.partner.category"), (200, 200))
        self.env.cr.execute(
            SQL("SELECT count(*) FROM practice_watchdog_counter WHERE model = 'res.partner.category'")
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)  # one row per model, minute and slot
        profile.unlink()

    def test_unwatched_model_is_unpatched_and_workers_told(self):
        profile = self._profile(models=["res.partner.category"])
        self.assertIn("res.partner.category", self.env["practice.watchdog.profile.model"]._hooked_models())
        self.env.registry.registry_invalidated = False
        profile.model_ids.write({"counting": "off"})
        self.assertFalse(self._patched("res.partner.category"))
        self.assertNotIn("create", self.env.registry["res.partner.category"].__dict__)
        self.assertTrue(self.env.registry.registry_invalidated)
        self.env["res.partner.category"].create({"name": "not counted"})
        self.assertEqual(self._counter("res.partner.category"), (0, 0))

    def test_archived_profile_unpatches(self):
        profile = self._profile(models=["res.partner.category"])
        self.assertTrue(self._patched("res.partner.category"))
        profile.active = False
        self.assertFalse(self._patched("res.partner.category"))
        profile.active = True
        self.assertTrue(self._patched("res.partner.category"))

    def test_register_hook_restores_previous_methods(self):
        profile = self._profile(models=["res.partner.category"])
        Line = self.env["practice.watchdog.profile.model"]
        Line._unregister_hook()
        self.assertFalse(self._patched("res.partner.category"))
        self.assertFalse(self._patched("res.partner"))
        Line._register_hook()
        self.assertTrue(self._patched("res.partner.category"))
        self.assertTrue(self._patched("res.partner"))
        profile.unlink()
        self.assertFalse(self._patched("res.partner.category"))


@tagged("post_install", "-at_install", "practice_domain")
class TestTriggers(WatchdogCase):
    def _triggers(self, table):
        self.env.cr.execute(
            SQL(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = %s AND NOT t.tgisinternal ORDER BY 1",
                table,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def test_realtime_triggers_count_raw_sql(self):
        profile = self._profile(models=[("res.partner.category", {"counting": "trigger"})])
        self.assertEqual(self._triggers("res_partner_category"), sorted([TRIGGER_DELETE, TRIGGER_INSERT]))
        cr = self.env.cr
        cr.execute(
            SQL(
                "INSERT INTO res_partner_category (name, active) "
                "SELECT jsonb_build_object('en_US', 'raw ' || g), true FROM generate_series(1, 40) g"
            )
        )
        cr.execute(
            SQL("DELETE FROM res_partner_category WHERE name->>'en_US' LIKE %s AND mod(id, 2) = 0", "raw %")
        )
        deleted = cr.rowcount
        self.assertEqual(self._counter("res.partner.category"), (40, deleted))
        # ORM calls are counted by the trigger, not twice by the hooks.
        self.env["res.partner.category"].create([{"name": "orm 1"}, {"name": "orm 2"}])
        self.env.flush_all()
        self.assertEqual(self._counter("res.partner.category"), (42, deleted))
        profile.model_ids.write({"counting": "orm"})
        self.assertEqual(self._triggers("res_partner_category"), [])

    def test_statement_level_one_row_per_statement(self):
        self._profile(models=[("res.partner.category", {"counting": "trigger"})])
        categories = self.env["res.partner.category"].create([{"name": f"s{i}"} for i in range(25)])
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT sum(creates) FROM practice_watchdog_counter WHERE model = 'res.partner.category'")
        )
        self.assertEqual(self.env.cr.fetchone()[0], 25)
        self._raw_delete(categories)
        self.assertEqual(self._counter("res.partner.category"), (25, 25))


@tagged("post_install", "-at_install", "practice_domain")
class TestCascadeCounting(CatalogCase):
    """The heavy unlink: deleting a few catalogs deletes their many lines in PostgreSQL
    (``ondelete="cascade"``). The ORM hooks count what the ORM deletes, so they miss the
    lines; the real-time triggers count every deleted row, cascaded or not."""

    def _patched(self, model_name):
        cls = self.env.registry[model_name]
        return all(getattr(cls.__dict__.get(name), PATCH_MARK, False) for name in ("create", "unlink"))

    def test_orm_hooks_count_the_catalogs_but_not_their_cascaded_lines(self):
        self._profile(models=[CATALOG, CATALOG_LINE])
        self.assertTrue(self._patched(CATALOG) and self._patched(CATALOG_LINE))
        catalogs = self._catalogs(5, lines=20)
        self.assertEqual(self._counter(CATALOG), (5, 0))
        self.assertEqual(self._counter(CATALOG_LINE), (100, 0))
        catalogs[:3].unlink()
        self.assertEqual(self.env[CATALOG_LINE].search_count([]), 40)
        self.assertEqual(self._counter(CATALOG), (5, 3))
        self.assertEqual(self._counter(CATALOG_LINE), (100, 0))  # 60 lines gone, no hook saw them
        catalogs[3:].line_ids.unlink()
        self.assertEqual(self._counter(CATALOG_LINE), (100, 40))

    def test_triggers_count_the_cascaded_lines(self):
        self._profile(models=[(model, {"counting": "trigger"}) for model in (CATALOG, CATALOG_LINE)])
        self.assertFalse(self._patched(CATALOG_LINE))
        catalogs = self._catalogs(5, lines=20)
        self.assertEqual(self._counter(CATALOG_LINE), (100, 0))
        catalogs[:3].unlink()
        self.assertEqual(self._counter(CATALOG), (5, 3))
        self.assertEqual(self._counter(CATALOG_LINE), (100, 60))
