# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import os

import psycopg2

from odoo import models, release
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import attachment_stats, counting, measure, modvec, sampling
from .common import CATALOG, CATALOG_LINE, CatalogCase, WatchdogCase


@tagged("post_install", "-at_install", "practice_domain")
class TestIncident(CatalogCase):
    """The reference incident at test scale, and the variants a count-only tool misses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.thumbs = cls._thumbnails(300)

    def _before(self):
        return self.Snapshot.take("before bulk change", models=["ir.attachment"])

    def test_orm_bulk_delete_flagged_with_exact_numbers(self):
        before = self._before()
        self.thumbs[:200].unlink()
        result = self.Snapshot.compare(before["id"])
        self.assertFalse(result["ok"])
        count = self._line(result, "ir.attachment", "count")
        self.assertTrue(count["flagged"])
        self.assertEqual(count["delta"], -200)
        self.assertEqual(count["before"] - count["after"], 200)
        self.env.cr.execute(SQL("SELECT count(*) FROM ir_attachment"))
        self.assertEqual(count["after"], self.env.cr.fetchone()[0])
        group = self._line(result, "ir.attachment", f"attachment_count:{CATALOG}/thumbnail")
        self.assertEqual((group["before"], group["after"], group["delta"]), (300, 100, -200))
        self.assertTrue(group["flagged"])
        flagged = {(f["model"], f["metric"]) for f in result["flagged"]}
        self.assertIn(("ir.attachment", f"attachment_size:{CATALOG}/thumbnail"), flagged)
        self.assertEqual(
            set(result["flagged"][0]), {"model", "metric", "before", "after", "delta", "threshold"}
        )

    def test_raw_sql_delete_flagged_with_exact_numbers(self):
        before = self._before()
        self._raw_delete(self.thumbs[:200])
        result = self.Snapshot.compare(before["id"])
        group = self._line(result, "ir.attachment", f"attachment_count:{CATALOG}/thumbnail")
        self.assertEqual((group["before"], group["after"], group["delta"]), (300, 100, -200))
        size = self._line(result, "ir.attachment", f"attachment_size:{CATALOG}/thumbnail")
        self.assertEqual((size["before"], size["after"]), (30000, 10000))
        self.assertTrue(self._line(result, "ir.attachment", "count")["flagged"])
        # The ORM hooks never saw it: only the snapshot diff catches raw SQL (without triggers).
        self.assertEqual(self._counter("ir.attachment")[1], 0)

    def test_blanked_files_with_rows_intact_flagged(self):
        before = self._before()
        Attachment = self.env["ir.attachment"]
        for att in self.thumbs:
            os.unlink(Attachment._full_path(att.store_fname))
        result = self.Snapshot.compare(before["id"])
        missing = self._line(result, "ir.attachment", "files_missing")
        self.assertTrue(missing["flagged"])
        self.assertGreater(missing["after"], missing["before"])
        self.assertFalse(self._line(result, "ir.attachment", "count")["flagged"])

    def test_zeroed_sizes_flagged(self):
        before = self._before()
        self.env.cr.execute(
            SQL("UPDATE ir_attachment SET file_size = 0 WHERE id IN %s", tuple(self.thumbs.ids))
        )
        result = self.Snapshot.compare(before["id"])
        size = self._line(result, "ir.attachment", f"attachment_size:{CATALOG}/thumbnail")
        self.assertEqual((size["after"], size["delta"]), (0, -30000))
        self.assertTrue(size["flagged"])

    def test_unchanged_database_is_ok(self):
        before = self._before()
        result = self.Snapshot.compare(before["id"])
        self.assertTrue(result["ok"], result["flagged"])
        self.assertEqual(result["flagged"], [])
        self.assertTrue(all(line["delta"] in (0, "") for line in result["lines"]))


@tagged("post_install", "-at_install", "practice_domain")
class TestSnapshotMetrics(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.partners = cls.env["res.partner"].create([{"name": f"Watched partner {i}"} for i in range(300)])

    def test_module_vector_changes_and_names_the_module(self):
        self.env.cr.execute(
            SQL("SELECT name FROM ir_module_module WHERE state = 'uninstalled' ORDER BY name LIMIT 1")
        )
        (name,) = self.env.cr.fetchone()
        before = self.Snapshot.take("before install", models=["res.partner"])
        self.env.cr.execute(
            SQL(
                "UPDATE ir_module_module SET state = 'installed', latest_version = '18.0.1.0.0' "
                "WHERE name = %s",
                name,
            )
        )
        after = self.Snapshot.take("after install", models=["res.partner"])
        self.assertNotEqual(before["module_vector_hash"], after["module_vector_hash"])
        result = self.Snapshot.compare(before["id"], after["id"])
        self.assertFalse(result["ok"])
        module = self._line(result, "ir.module.module", f"module:{name}")
        self.assertEqual((module["before"], module["after"]), ("uninstalled", "installed 18.0.1.0.0"))
        self.assertTrue(module["flagged"])
        self.assertEqual(result["severity"], "low")

    def test_snapshot_records_version_and_vector(self):
        info = self.Snapshot.take("versions", models=["res.partner"])
        snap = self.Snapshot.browse(info["id"])
        self.assertEqual(snap.odoo_version, release.version)
        vector = json.loads(snap.module_vector)
        entry = next(v for v in vector if v[0] == "practice_watchdog")
        self.assertEqual(entry[1], "installed")
        self.assertEqual(snap.module_vector_hash, modvec.vector_hash(vector))
        self.assertEqual(info["lines"], snap.line_count)
        self.assertEqual(info["odoo_version"], release.version)

    def test_default_profile_used_without_arguments(self):
        info = self.Snapshot.take("default")
        snap = self.Snapshot.browse(info["id"])
        self.assertEqual(snap.profile_id, self.env.ref("practice_watchdog.profile_default"))
        measured = set(snap.line_ids.mapped("model"))
        self.assertTrue({"ir.attachment", "res.partner", "res.users", "ir.module.module", "odoo"} <= measured)
        count = snap.line_ids.filtered(lambda line: line.model == "res.partner" and line.metric == "count")
        self.env.cr.execute(SQL("SELECT count(*) FROM res_partner"))
        self.assertEqual(count.value, self.env.cr.fetchone()[0])

    def test_profile_by_id_and_thresholds_apply(self):
        lenient = self._profile("Lenient", models=[("res.partner", {"drop_pct": 50, "drop_abs": 0})])
        before = self.Snapshot.take("lenient", profile=lenient.id)
        self.partners[:30].unlink()
        result = self.Snapshot.compare(before["id"])
        self.assertTrue(result["ok"])
        self.assertEqual(self._line(result, "res.partner", "count")["delta"], -30)
        strict = self._profile("Strict", models=[("res.partner", {"drop_pct": 1, "drop_abs": 0})])
        before = self.Snapshot.take("strict", profile="strict")
        self.partners[30:60].unlink()
        self.assertFalse(self.Snapshot.compare(before["id"])["ok"])
        self.assertEqual(strict.snapshot_count, 2)

    def test_rise_threshold_when_configured(self):
        profile = self._profile(models=[("res.partner", {"rise_abs": 10})])
        before = self.Snapshot.take("rise", profile=profile.id)
        self.env["res.partner"].create([{"name": f"new {i}"} for i in range(12)])
        result = self.Snapshot.compare(before["id"])
        self.assertEqual(result["flagged"][0]["delta"], 12)

    def test_hash_change_flagged_when_asked(self):
        profile = self._profile(models=[("res.partner", {"flag_hash_change": True})])
        before = self.Snapshot.take("hash", profile=profile.id)
        lowest = self.env["res.partner"].with_context(active_test=False).search([], order="id", limit=1)
        self.env.cr.execute(SQL("UPDATE res_partner SET name = 'tampered' WHERE id = %s", lowest.id))
        result = self.Snapshot.compare(before["id"])
        line = self._line(result, "res.partner", "sample_hash")
        self.assertTrue(line["flagged"])
        self.assertEqual(line["delta"], "changed")

    def test_sql_sample_matches_reference_implementation(self):
        self.env.flush_all()
        query = sampling.sql_sample_ids("res_partner", edge=5, modulus=7)
        self.env.cr.execute(
            SQL("SELECT s.id FROM (%s) s JOIN res_partner p ON p.id = s.id ORDER BY 1", query)
        )
        sql_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(SQL("SELECT id FROM res_partner"))
        all_ids = [row[0] for row in self.env.cr.fetchall()]
        self.assertEqual(sql_ids, sampling.sample_ids(all_ids, edge=5, modulus=7))
        self.assertLess(len(sql_ids), len(all_ids))

    def test_sql_capped_sample_and_stride_match_reference(self):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT id FROM res_partner"))
        all_ids = [row[0] for row in self.env.cr.fetchall()]
        query = sampling.sql_sample_ids("res_partner", edge=2, modulus=1, max_seeded=5)
        self.env.cr.execute(
            SQL("SELECT s.id FROM (%s) s JOIN res_partner p ON p.id = s.id ORDER BY 1", query)
        )
        sql_ids = [row[0] for row in self.env.cr.fetchall()]
        expected = sampling.sample_ids(all_ids, edge=2, modulus=1, max_seeded=5)
        self.assertEqual(sql_ids, expected)
        self.assertLessEqual(len(expected), 2 + 2 + 5)
        self.env.cr.execute(sampling.sql_stride("res_partner", modulus=1, max_seeded=5))
        step = self.env.cr.fetchone()[0]
        self.assertEqual(step, sampling.stride(min(all_ids), max(all_ids), modulus=1, max_seeded=5))
        self.assertGreater(step, 1)

    def test_snapshot_records_sample_stride_and_counts_its_lines(self):
        profile = self._profile(models=[("res.partner", {"sample_modulus": 1, "sample_max": 3})])
        info = self.Snapshot.take("stride", profile=profile.id)
        snap = self.Snapshot.browse(info["id"])
        stride = snap.line_ids.filtered(lambda line: line.metric == "sample_stride")
        self.env.cr.execute(SQL("SELECT min(id), max(id) FROM res_partner"))
        self.assertEqual(stride.value, sampling.stride(*self.env.cr.fetchone(), modulus=1, max_seeded=3))
        self.assertEqual(stride.kind, "info")
        self.assertEqual(info["lines"], len(snap.line_ids))
        self.assertEqual(snap.line_count, len(snap.line_ids))

    def _prepared(self):
        self.env.cr.execute(
            SQL("SELECT name FROM pg_prepared_statements WHERE starts_with(name, %s)", measure.PREFIX)
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_measurement_is_prepared_once_and_survives_deallocation(self):
        profile = self._profile(models=["res.partner", "res.users"])
        self.Snapshot.take("one", profile=profile.id)
        prepared = self._prepared()
        self.Snapshot.take("two", profile=profile.id)
        self.assertEqual(self._prepared(), prepared)
        name, _query = measure.statement(profile._scope()["models"])
        self.assertIn(name, prepared)
        self.env.cr.execute(SQL("DEALLOCATE ALL"))
        before = self.Snapshot.take("three", profile=profile.id)
        self.assertIn(name, self._prepared())
        self.env["res.partner"].create({"name": "one more"})
        result = self.Snapshot.compare(before["id"])
        self.assertEqual(self._line(result, "res.partner", "count")["delta"], 1)

    def test_prepared_measurements_per_connection_are_bounded(self):
        names = (
            "res.partner res.users res.company res.country res.country.state res.currency res.lang "
            "res.groups res.partner.category ir.ui.view ir.ui.menu ir.model ir.model.fields "
            "ir.model.data ir.module.module ir.config_parameter ir.cron ir.rule ir.actions.act_window "
            "ir.attachment"
        ).split()
        self.assertGreater(len(names), measure.MAX_PREPARED)
        for name in names:
            self.Snapshot.take(f"ad hoc {name}", models=[name])
        self.assertLessEqual(len(self._prepared()), measure.MAX_PREPARED)

    def test_count_graph_lines(self):
        self.Snapshot.take("graph 1", models=["res.partner"])
        self.partners[:10].unlink()
        self.Snapshot.take("graph 2", models=["res.partner"])
        groups = self.env["practice.watchdog.snapshot.line"]._read_group(
            [("metric", "=", "count"), ("model", "=", "res.partner"), ("snapshot_id.name", "like", "graph")],
            ["snapshot_id"],
            ["value:sum"],
        )
        values = sorted(value for _snap, value in groups)
        self.assertEqual(values[1] - values[0], 10)


@tagged("post_install", "-at_install", "practice_domain")
class TestComputedFieldMetrics(CatalogCase):
    """Stored computed fields of a watched model: their null count and checksum."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.catalogs = cls._catalogs(300, lines=2)
        cls.line_count = cls.env["ir.model.fields"]._get(CATALOG, "line_count")

    def test_computed_field_blanked_by_sql_flagged(self):
        self.assertEqual(set(self.catalogs.mapped("line_count")), {2})
        profile = self._profile(models=[(CATALOG, {"computed_field_ids": [(6, 0, self.line_count.ids)]})])
        before = self.Snapshot.take("before", profile=profile.name)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE practice_test_catalog SET line_count = NULL WHERE id IN %s",
                tuple(self.catalogs[:50].ids),
            )
        )
        result = self.Snapshot.compare(before["id"])
        nulls = self._line(result, CATALOG, "nulls:line_count")
        self.assertEqual(nulls["delta"], 50)
        self.assertTrue(nulls["flagged"])
        self.assertEqual(self._line(result, CATALOG, "checksum:line_count")["delta"], "changed")
        self.assertFalse(self._line(result, CATALOG, "count")["flagged"])

    def test_profile_changes_reach_the_cached_scope(self):
        profile = self._profile(models=[CATALOG])
        first = self.Snapshot.browse(self.Snapshot.take("plain", profile=profile.id)["id"])
        self.assertFalse(first.line_ids.filtered(lambda line: line.metric.startswith("nulls:")))
        profile.model_ids.write({"computed_field_ids": [(6, 0, self.line_count.ids)], "sample_edge": 0})
        second = self.Snapshot.browse(self.Snapshot.take("computed", profile=profile.id)["id"])
        metrics = set(second.line_ids.mapped("metric"))
        self.assertIn("nulls:line_count", metrics)
        self.assertIn("checksum:line_count", metrics)
        profile.write({"model_ids": [(0, 0, {"model_id": self.env["ir.model"]._get_id("res.users")})]})
        third = self.Snapshot.browse(self.Snapshot.take("users", profile=profile.id)["id"])
        self.assertIn("res.users", third.line_ids.mapped("model"))


@tagged("post_install", "-at_install", "practice_integrity")
class TestSnapshotIntegrity(CatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]

    def _line_total(self):
        self.env.cr.execute(SQL("SELECT count(*) FROM practice_watchdog_snapshot_line"))
        return self.env.cr.fetchone()[0]

    def test_failure_midway_leaves_no_partial_snapshot(self):
        # without schema capture (with it, a vanished table is recorded and the rest measured:
        # test_schema_changes.py)
        profile = self._profile(models=[CATALOG, CATALOG_LINE], capture_schema=False)
        lines_before = self._line_total()
        # A watched table that vanished (the test model's, nobody else's): the second
        # model's query fails after the first model's measurements were written.
        self.env.cr.execute(
            SQL("ALTER TABLE practice_test_catalog_line RENAME TO practice_test_catalog_gone")
        )
        with self.assertRaises(psycopg2.errors.UndefinedTable):
            self.Snapshot.take("doomed", profile=profile.id)
        self.env.cr.execute(
            SQL("ALTER TABLE practice_test_catalog_gone RENAME TO practice_test_catalog_line")
        )
        self.assertFalse(self.Snapshot.search([("name", "=", "doomed")]))
        self.assertEqual(self._line_total(), lines_before)
        # The same profile works once the table is back: nothing was left half-done.
        self.assertGreater(self.Snapshot.take("fine", profile=profile.id)["lines"], 0)

    def test_snapshots_and_lines_are_immutable(self):
        snap = self.Snapshot.browse(self.Snapshot.take("frozen", models=["res.partner"])["id"])
        for user in (self.manager, self.env.user):
            with self.assertRaises(UserError):
                snap.with_user(user).write({"name": "changed"})
        line = snap.line_ids[:1]
        with self.assertRaises(UserError):
            line.sudo().write({"value": 1})
        with self.assertRaises(UserError):
            line.sudo().unlink()

    def test_manager_deletes_snapshot_with_its_lines(self):
        snap = self.Snapshot.browse(self.Snapshot.take("to delete", models=["res.partner"])["id"])
        line_ids = snap.line_ids.ids
        snap.with_user(self.manager).unlink()
        self.assertFalse(self.env["practice.watchdog.snapshot.line"].browse(line_ids).exists())

    def test_diff_is_stored_with_every_metric(self):
        before = self.Snapshot.take("stored", models=["res.partner", "res.partner.category"])
        result = self.Snapshot.compare(before["id"])
        diff = self.env["practice.watchdog.diff"].browse(result["diff_id"])
        self.assertEqual(len(diff.line_ids), len(result["lines"]))
        self.assertEqual(diff.after_snapshot_id.id, result["after_id"])
        self.assertEqual(diff.before_snapshot_id.id, before["id"])
        self.assertTrue(diff.ok)
        self.assertEqual(diff.after_snapshot_id.scope_models, "res.partner,res.partner.category")
        with self.assertRaises(UserError):
            diff.write({"ok": False})


@tagged("post_install", "-at_install", "practice_rules")
class TestSnapshotRules(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]

    def test_unknown_model_refused_and_nothing_written(self):
        count = self.Snapshot.search_count([])
        with self.assertRaisesRegex(UserError, "no.such.model"):
            self.Snapshot.take("bad", models=["res.partner", "no.such.model"])
        self.assertEqual(self.Snapshot.search_count([]), count)

    def test_transient_model_refused(self):
        with self.assertRaisesRegex(ValidationError, "no table"):
            self.Snapshot.take("bad", models=["res.config.settings"])

    def test_label_required_and_unknown_profile(self):
        with self.assertRaises(UserError):
            self.Snapshot.take("  ")
        with self.assertRaisesRegex(UserError, "Unknown watchdog profile"):
            self.Snapshot.take("x", profile="nope")

    def test_compare_needs_same_scope_and_existing_snapshot(self):
        a = self.Snapshot.take("a", models=["res.partner"])
        b = self.Snapshot.take("b", models=["res.partner.category"])
        with self.assertRaisesRegex(UserError, "different scopes"):
            self.Snapshot.compare(a["id"], b["id"])
        with self.assertRaisesRegex(UserError, "does not exist"):
            self.Snapshot.compare(999999999)

    def test_profile_line_validation(self):
        profile = self._profile(models=["res.partner"])
        with self.assertRaisesRegex(ValidationError, "not computed"):
            profile.model_ids.write(
                {"computed_field_ids": [(6, 0, self.env["ir.model.fields"]._get("res.partner", "name").ids)]}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            profile.model_ids.write({"drop_pct": -1})
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            profile.model_ids.write(
                {"hash_field_ids": [(6, 0, self.env["ir.model.fields"]._get("res.users", "login").ids)]}
            )

    def test_single_default_profile(self):
        with self.assertRaisesRegex(ValidationError, "Only one"):
            self._profile("Second default", is_default=True)


@tagged("post_install", "-at_install", "practice_integrity")
class TestAttachmentStatsInstalled(WatchdogCase):
    def test_statement_triggers_and_filled_table_exist_after_install(self):
        self.env.cr.execute(
            SQL(
                "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = 'ir_attachment' "
                "AND t.tgname IN %s ORDER BY t.tgname",
                attachment_stats.TRIGGERS,
            )
        )
        rows = {name: (enabled, definition) for name, enabled, definition in self.env.cr.fetchall()}
        self.assertEqual(set(rows), set(attachment_stats.TRIGGERS))
        for name, (enabled, definition) in rows.items():
            self.assertEqual(enabled, "A", f"{name} is not enabled ALWAYS (replica sessions too)")
            self.assertIn("FOR EACH STATEMENT", definition)
        self.assertIn("OLD TABLE AS old_rows NEW TABLE AS new_rows", rows[attachment_stats.TRIGGER_UPDATE][1])
        self.assertIn("AFTER TRUNCATE", rows[attachment_stats.TRIGGER_TRUNCATE][1])
        # The exact fill at install (plus every change since) matches a plain scan.
        groups, _rows = attachment_stats.stat_groups(self.env.cr)
        self.assertEqual(sorted(groups, key=str), sorted(attachment_stats.scan_groups(self.env.cr), key=str))

    def test_groups_index_of_earlier_versions_is_gone(self):
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM pg_indexes WHERE tablename = 'ir_attachment' AND indexname = %s",
                "practice_watchdog_attachment_groups",
            )
        )
        self.assertFalse(self.env.cr.fetchone(), "the statistics replace the attachment-groups index")


@tagged("post_install", "-at_install", "practice_domain")
class TestAttachmentGroups(CatalogCase):
    def _plain_groups(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT coalesce(res_model, '-') || '/' || coalesce(res_field, '-'), count(*), "
                "coalesce(sum(file_size), 0) FROM ir_attachment GROUP BY res_model, res_field"
            )
        )
        return {key: (count, int(size)) for key, count, size in self.env.cr.fetchall()}

    def _snapshot_groups(self):
        Snapshot = self.env["practice.watchdog.snapshot"]
        snap = Snapshot.browse(Snapshot.take("groups", models=["ir.attachment"])["id"])
        metrics = snap._metrics()
        counts = {
            m[len("attachment_count:") :]: int(v)
            for (_model, m), v in metrics.items()
            if m.startswith("attachment_count:")
        }
        sizes = {
            m[len("attachment_size:") :]: int(v)
            for (_model, m), v in metrics.items()
            if m.startswith("attachment_size:")
        }
        self.assertEqual(set(counts), set(sizes))
        totals = (metrics[("ir.attachment", "attachment_count")], metrics[("ir.attachment", "count")])
        self.assertEqual(totals, (sum(counts.values()), sum(counts.values())))
        self.assertEqual(metrics[("ir.attachment", "attachment_size")], sum(sizes.values()))
        return {key: (counts[key], sizes[key]) for key in counts}

    def test_group_metrics_equal_a_plain_group_by_after_inserts_and_deletes(self):
        thumbs = self._thumbnails(40, size=120)
        covers = self._thumbnails(25, field="cover", size=300)
        self.assertEqual(self._snapshot_groups(), self._plain_groups())
        self._raw_delete(thumbs[:15])
        covers[:5].unlink()
        self._documents(7, size=50)
        groups = self._snapshot_groups()
        self.assertEqual(groups, self._plain_groups())
        self.assertEqual(groups[f"{CATALOG}/thumbnail"], (25, 25 * 120))
        self.assertEqual(groups[f"{CATALOG}/cover"], (20, 20 * 300))
        self.assertEqual(groups[f"{CATALOG}/-"], (7, 7 * 50))


@tagged("post_install", "-at_install", "practice_domain")
class TestAttachmentStats(CatalogCase):
    """The trigger-maintained statistics equal a plain GROUP BY after every kind of write,
    and a snapshot catches and repairs statistics that triggers did not maintain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.thumbs = cls._thumbnails(30, size=120)

    def _plain(self):
        self.env.flush_all()
        return sorted(attachment_stats.scan_groups(self.env.cr), key=str)

    def _stats(self):
        self.env.flush_all()
        return sorted(attachment_stats.stat_groups(self.env.cr)[0], key=str)

    def _stat_rows(self):
        self.env.cr.execute(SQL("SELECT count(*) FROM practice_watchdog_attachment_stat"))
        return self.env.cr.fetchone()[0]

    def _group(self, res_model, res_field):
        found = [g for g in self._stats() if (g[0], g[1]) == (res_model, res_field)]
        return tuple(found[0][2:]) if found else (0, 0)

    def _bypassed(self, trigger, statement):
        """Run ``statement`` with the statistics trigger ``trigger`` disabled."""
        alter = "ALTER TABLE ir_attachment %s TRIGGER " + trigger
        self.env.flush_all()
        self.env.cr.execute(SQL(alter % "DISABLE"))
        self.env.cr.execute(statement)
        self.env.cr.execute(SQL(alter % "ENABLE"))
        self.env.invalidate_all()

    def test_orm_create_write_unlink(self):
        self.assertEqual(self._group(CATALOG, "thumbnail"), (30, 3600))
        self.thumbs[:10].unlink()
        self.thumbs[10:15].write({"res_field": "cover"})
        self._documents(4, size=50)
        self.assertEqual(self._group(CATALOG, "thumbnail"), (15, 1800))
        self.assertEqual(self._group(CATALOG, "cover"), (5, 600))
        self.assertEqual(self._group(CATALOG, None), (4, 200))
        self.assertEqual(self._stats(), self._plain())

    def test_raw_sql_insert_delete_update(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                "INSERT INTO ir_attachment (name, type, res_model, res_field, res_id, file_size) "
                "SELECT 'raw-' || g, 'binary', CASE WHEN g > 5 THEN 'practice.raw' END, NULL, g, g "
                "FROM generate_series(1, 8) g"
            )
        )
        self.assertEqual(self._group("practice.raw", None), (3, 6 + 7 + 8))
        self.assertEqual(self._stats(), self._plain())
        self._raw_delete(self.thumbs[:12])
        self.assertEqual(self._group(CATALOG, "thumbnail"), (18, 18 * 120))
        cr.execute(
            SQL(
                "UPDATE ir_attachment SET res_model = 'practice.moved' WHERE id IN %s",
                tuple(self.thumbs[12:20].ids),
            )
        )
        cr.execute(SQL("UPDATE ir_attachment SET file_size = 0 WHERE id IN %s", tuple(self.thumbs[20:].ids)))
        self.assertEqual(self._group("practice.moved", "thumbnail"), (8, 8 * 120))
        self.assertEqual(self._group(CATALOG, "thumbnail"), (10, 0))
        self.assertEqual(self._stats(), self._plain())
        # An update that touches none of the grouped columns appends nothing.
        rows = self._stat_rows()
        cr.execute(SQL("UPDATE ir_attachment SET name = name || '!' WHERE id IN %s", tuple(self.thumbs.ids)))
        self.assertEqual(self._stat_rows(), rows)

    def test_truncate_empties_the_statistics(self):
        cr = self.env.cr
        self.env.flush_all()
        self.assertTrue(self._stats())
        cr.execute(SQL("SAVEPOINT practice_watchdog_truncate"))
        try:
            cr.execute(SQL("TRUNCATE ir_attachment CASCADE"))
            self.assertEqual(self._stat_rows(), 0)
            self.assertEqual(self._stats(), self._plain())
        finally:
            cr.execute(SQL("ROLLBACK TO SAVEPOINT practice_watchdog_truncate"))
        self.assertEqual(self._stats(), self._plain())

    def test_bypassed_trigger_detected_repaired_and_flagged(self):
        before = self.Snapshot.take("before", models=["ir.attachment"])
        # The practice role is no superuser (session_replication_role is refused): the
        # table owner's bypass is to disable the trigger.
        self._bypassed(
            attachment_stats.TRIGGER_DELETE,
            SQL("DELETE FROM ir_attachment WHERE id IN %s", tuple(self.thumbs[:7].ids)),
        )
        self.assertEqual(self._group(CATALOG, "thumbnail"), (30, 3600))
        result = self.Snapshot.compare(before["id"])
        drift = self._line(result, "ir.attachment", "stats_drift")
        self.assertEqual((drift["before"], drift["after"], drift["flagged"]), (0, 7, True))
        group = self._line(result, "ir.attachment", f"attachment_count:{CATALOG}/thumbnail")
        self.assertEqual((group["before"], group["after"]), (30, 23))
        size = self._line(result, "ir.attachment", f"attachment_size:{CATALOG}/thumbnail")
        self.assertEqual(size["after"], 23 * 120)
        total = self._line(result, "ir.attachment", "attachment_count")
        self.assertEqual(total["after"], self._line(result, "ir.attachment", "count")["after"])
        # Repaired: equal to a scan, and the next snapshot finds nothing off.
        self.assertEqual(self._stats(), self._plain())
        again = self.Snapshot.browse(self.Snapshot.take("again", models=["ir.attachment"])["id"])
        self.assertEqual(again._metrics()[("ir.attachment", "stats_drift")], 0)

    def test_tampered_statistics_detected_even_when_the_total_holds(self):
        # A negative group cannot be: caught although the total still matches count(*).
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO practice_watchdog_attachment_stat (res_model, res_field, count, size) "
                "VALUES (%s, 'thumbnail', -31, 0), ('practice.ghost', NULL, 31, 0)",
                CATALOG,
            )
        )
        snap = self.Snapshot.browse(self.Snapshot.take("tampered", models=["ir.attachment"])["id"])
        metrics = snap._metrics()
        self.assertEqual(metrics[("ir.attachment", "stats_drift")], 1)
        self.assertEqual(metrics[("ir.attachment", f"attachment_count:{CATALOG}/thumbnail")], 30)
        self.assertNotIn(("ir.attachment", "attachment_count:practice.ghost/-"), metrics)
        self.assertEqual(self._stats(), self._plain())

    def test_snapshot_compacts_many_delta_rows(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO practice_watchdog_attachment_stat (res_model, res_field, count, size) "
                "SELECT %s, 'thumbnail', s, s * 120 FROM generate_series(1, %s) g, "
                "(VALUES (1), (-1)) v(s)",
                CATALOG,
                attachment_stats.COMPACT_AFTER,
            )
        )
        self.assertGreater(self._stat_rows(), attachment_stats.COMPACT_AFTER)
        snap = self.Snapshot.browse(self.Snapshot.take("compact", models=["ir.attachment"])["id"])
        self.assertEqual(snap._metrics()[("ir.attachment", "stats_drift")], 0)
        self.assertEqual(self._stat_rows(), len(self._plain()))
        self.assertEqual(self._stats(), self._plain())

    def test_profile_watching_attachments_without_the_model_is_verified_too(self):
        profile = self._profile(models=["res.partner"], watch_attachments=True)
        self._bypassed(
            attachment_stats.TRIGGER_INSERT,
            SQL(
                "INSERT INTO ir_attachment (name, type, res_model, res_field, res_id, file_size) "
                "VALUES ('sneaked', 'binary', %s, 'thumbnail', 99, 120)",
                CATALOG,
            ),
        )
        snap = self.Snapshot.browse(self.Snapshot.take("profile", profile=profile.id)["id"])
        metrics = snap._metrics()
        self.assertNotIn(("ir.attachment", "count"), metrics)
        self.assertEqual(metrics[("ir.attachment", "stats_drift")], 1)
        self.assertEqual(metrics[("ir.attachment", f"attachment_count:{CATALOG}/thumbnail")], 31)
        self.assertEqual(metrics[("ir.attachment", f"attachment_size:{CATALOG}/thumbnail")], 31 * 120)
        self.assertEqual(self._stats(), self._plain())


@tagged("post_install", "-at_install", "practice_domain")
class TestAttachmentRecount(CatalogCase):
    """Between exact recounts, snapshots take ir_attachment's counts from the statistics, as
    long as PostgreSQL's own row counters agree; anything the triggers missed forces a recount."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.thumbs = cls._thumbnails(20, size=120)

    def _take(self, label, **context):
        info = self.Snapshot.with_context(**context).take(label, models=["ir.attachment"])
        return self.Snapshot.browse(info["id"])

    def _exact_count(self):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT count(*) FROM ir_attachment"))
        return self.env.cr.fetchone()[0]

    def test_statistics_stand_for_the_count_after_a_recount(self):
        first = self._take("recount", practice_watchdog_verify=True)
        self.assertTrue(first.attachments_recounted)
        self.thumbs[:3].unlink()
        self.env.cr.execute(SQL("DELETE FROM ir_attachment WHERE id IN %s", tuple(self.thumbs[3:8].ids)))
        self._documents(2)
        second = self._take("from statistics")
        self.assertFalse(second.attachments_recounted)
        metrics = second._metrics()
        self.assertEqual(metrics[("ir.attachment", "count")], self._exact_count())
        self.assertEqual(metrics[("ir.attachment", "attachment_count")], self._exact_count())
        self.assertEqual(metrics[("ir.attachment", f"attachment_count:{CATALOG}/thumbnail")], 12)
        self.assertEqual(metrics[("ir.attachment", "stats_drift")], 0)
        result = self.Snapshot.compare(first.id, second.id)
        self.assertEqual(self._line(result, "ir.attachment", "count")["delta"], -6)

    def test_rows_the_triggers_missed_force_a_recount(self):
        self._take("recount", practice_watchdog_verify=True)
        self.assertEqual(attachment_stats.trusted(self.env.cr, 60), (True, ""))
        self.env.flush_all()
        self.env.cr.execute(
            SQL("ALTER TABLE ir_attachment DISABLE TRIGGER practice_watchdog_attachment_stat_del")
        )
        self.env.cr.execute(SQL("DELETE FROM ir_attachment WHERE id IN %s", tuple(self.thumbs[:4].ids)))
        self.env.cr.execute(
            SQL("ALTER TABLE ir_attachment ENABLE ALWAYS TRIGGER practice_watchdog_attachment_stat_del")
        )
        ok, why = attachment_stats.trusted(self.env.cr, 60)
        self.assertFalse(ok)
        self.assertIn("did not see", why)
        snap = self._take("after bypass")
        self.assertTrue(snap.attachments_recounted)
        metrics = snap._metrics()
        self.assertEqual(metrics[("ir.attachment", "stats_drift")], 4)
        self.assertEqual(metrics[("ir.attachment", "count")], self._exact_count())
        # Repaired and re-based: the next snapshot trusts the statistics again.
        self.assertFalse(self._take("next").attachments_recounted)

    def test_rolled_back_insert_recounts_and_finds_nothing_wrong(self):
        self._take("recount", practice_watchdog_verify=True)
        self.env.flush_all()
        self.env.cr.execute(SQL("SAVEPOINT practice_watchdog_abort"))
        self.env.cr.execute(
            SQL(
                "INSERT INTO ir_attachment (name, type, res_model, res_id) "
                "VALUES ('aborted', 'binary', %s, %s)",
                CATALOG,
                self.thumbs[0].res_id,
            )
        )
        self.env.cr.execute(SQL("ROLLBACK TO SAVEPOINT practice_watchdog_abort"))
        snap = self._take("after abort")
        self.assertTrue(snap.attachments_recounted)
        self.assertEqual(snap._metrics()[("ir.attachment", "stats_drift")], 0)

    def test_triggers_not_always_enabled_or_old_recount_force_a_recount(self):
        self._take("recount", practice_watchdog_verify=True)
        self.assertFalse(self._take("trusted").attachments_recounted)
        self.env["ir.config_parameter"].set_param("practice_watchdog.stats_verify_minutes", "0")
        self.assertTrue(self._take("every time").attachments_recounted)
        self.env["ir.config_parameter"].set_param("practice_watchdog.stats_verify_minutes", "60")
        self.env.cr.execute(
            SQL("ALTER TABLE ir_attachment ENABLE TRIGGER practice_watchdog_attachment_stat_ins")
        )
        self.assertEqual(
            attachment_stats.trusted(self.env.cr, 60), (False, "statistics triggers disabled or missing")
        )
        self.assertTrue(self._take("replica sessions would bypass").attachments_recounted)
        self.env.cr.execute(
            SQL(
                "UPDATE practice_watchdog_attachment_check SET verified_at = verified_at - interval '2 hours'"
            )
        )
        self.env.cr.execute(
            SQL("ALTER TABLE ir_attachment ENABLE ALWAYS TRIGGER practice_watchdog_attachment_stat_ins")
        )
        self.assertEqual(attachment_stats.trusted(self.env.cr, 60), (False, "last verification too old"))

    def test_counters_going_back_force_a_recount(self):
        """A statistics reset or a database copied from a template restarts PostgreSQL's
        counters below the logged ones: nothing can be concluded, so the snapshot recounts."""
        self._take("recount", practice_watchdog_verify=True)
        self.assertEqual(attachment_stats.trusted(self.env.cr, 60), (True, ""))
        self.env.cr.execute(
            SQL("UPDATE practice_watchdog_attachment_check SET pg_deleted = pg_deleted + 1000000")
        )
        ok, why = attachment_stats.trusted(self.env.cr, 60)
        self.assertFalse(ok)
        self.assertIn("went back", why)
        self.assertTrue(self._take("after a reset").attachments_recounted)


@tagged("post_install", "-at_install", "practice_integrity")
class TestTestModelsLeaveNothing(WatchdogCase):
    """After the classes that load the test-only catalog models (run before this one in file
    order), nothing of them is left: registry, tables, ir.model rows, hooks, triggers, and the
    list a registry reload would build them from."""

    def test_no_trace_of_the_catalog_models(self):
        self.assertNotIn(CATALOG, self.env.registry)
        self.assertNotIn(CATALOG_LINE, self.env.registry)
        self.assertFalse(self.env["ir.model"].search([("model", "like", "practice.test.")]))
        self.env.cr.execute(
            SQL("SELECT relname FROM pg_class WHERE relname LIKE %s", "practice_test_catalog%")
        )
        self.assertEqual(self.env.cr.fetchall(), [])
        self.assertFalse(
            [name for name in self.env["practice.watchdog.profile.model"]._hooked_models() if "test" in name]
        )
        self.assertFalse(
            {t for t in counting.existing_triggers(self.env.cr) if t.startswith("practice_test")}
        )
        registered = {cls._name for classes in models.MetaModel.module_to_models.values() for cls in classes}
        self.assertFalse({CATALOG, CATALOG_LINE} & registered)
