# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Schema changes between snapshots, on the test-only catalog models of fake_models.py
(loaded by odoo-test-helper's FakeModelLoader): real ALTER TABLE / DROP TABLE statements,
rolled back with the test."""

import json
import logging

from odoo.tests import tagged
from odoo.tools import SQL

from ..models.practice_watchdog_snapshot import NO_SCHEMA_KEY, TAKE_KEY
from .common import CATALOG, CATALOG_LINE, CatalogCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "practice_domain")
class TestSchemaChanges(CatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls._catalogs(5, lines=2)

    def _watch(self, **vals):
        return self._profile(
            "Schema",
            models=[(CATALOG, {"counting": "off"}), (CATALOG_LINE, {"counting": "off"})],
            **vals,
        )

    def _ddl(self, statement):
        self.env.flush_all()
        self.env.cr.execute(SQL(statement))

    def _diff_lines(self, result):
        diff = self.env["practice.watchdog.diff"].browse(result["diff_id"])
        return {(line.model, line.metric): line for line in diff.line_ids if line.kind == "schema"}

    def test_snapshot_records_columns_and_stored_fields(self):
        profile = self._watch()
        snap = self.Snapshot.browse(self.Snapshot.take("schema", profile=profile.id)["id"])
        schema = json.loads(snap.schema)
        entry = schema["models"][CATALOG]
        self.assertEqual(entry["table"], "practice_test_catalog")
        self.assertEqual(entry["columns"]["name"], ["character varying", True])
        self.assertEqual(entry["columns"]["line_count"], ["integer", False])
        self.assertIn("line_count", entry["fields"])
        self.assertNotIn("line_ids", entry["columns"])  # a one2many has no column
        self.assertEqual(set(schema["models"]), {CATALOG, CATALOG_LINE})
        self.assertEqual(len(snap.schema_hash), 64)

    def test_dropped_column_is_a_flagged_schema_line(self):
        profile = self._watch()
        before = self.Snapshot.take("before upgrade", profile=profile.id)
        self._ddl("ALTER TABLE practice_test_catalog DROP COLUMN line_count")
        # the snapshot still measures the table (the dropped column is no longer hashed)
        result = self.Snapshot.compare(before["id"])
        self.assertFalse(result["ok"])
        self.assertEqual(result["severity"], "high")
        line = self._line(result, CATALOG, "schema:column_dropped:line_count")
        self.assertEqual(
            (line["before"], line["after"], line["delta"], line["threshold"], line["flagged"]),
            ("integer", "", "column dropped", "schema change", True),
        )
        self.assertEqual(self._line(result, CATALOG, "count")["delta"], 0)
        self.assertEqual(set(self._diff_lines(result)), {(CATALOG, "schema:column_dropped:line_count")})
        self.assertIn("schema:column_dropped:line_count: integer → -", result["summary"])
        _logger.info("schema diff line: %s | summary: %s", line, result["summary"])

    def test_retyped_and_newly_not_null_columns(self):
        profile = self._watch()
        before = self.Snapshot.take("before", profile=profile.id)
        self._ddl("ALTER TABLE practice_test_catalog ALTER COLUMN name TYPE text")
        self._ddl("ALTER TABLE practice_test_catalog ALTER COLUMN line_count SET NOT NULL")
        result = self.Snapshot.compare(before["id"])
        retyped = self._line(result, CATALOG, "schema:column_retyped:name")
        self.assertEqual(
            (retyped["before"], retyped["after"], retyped["flagged"]), ("character varying", "text", True)
        )
        not_null = self._line(result, CATALOG, "schema:not_null:line_count")
        self.assertEqual(
            (not_null["before"], not_null["after"], not_null["flagged"]), ("NULL", "NOT NULL", True)
        )
        self.assertEqual(result["severity"], "high")

    def test_not_null_alone_is_low(self):
        profile = self._watch()
        before = self.Snapshot.take("before", profile=profile.id)
        self._ddl("ALTER TABLE practice_test_catalog ALTER COLUMN line_count SET NOT NULL")
        result = self.Snapshot.compare(before["id"])
        self.assertEqual(
            [(f["model"], f["metric"]) for f in result["flagged"]], [(CATALOG, "schema:not_null:line_count")]
        )
        self.assertEqual(result["severity"], "low")

    def test_vanished_table_is_flagged_and_the_snapshot_still_taken(self):
        profile = self._watch()
        before = self.Snapshot.take("before", profile=profile.id)
        self._ddl("DROP TABLE practice_test_catalog_line")
        result = self.Snapshot.compare(before["id"])
        vanished = self._line(result, CATALOG_LINE, "schema:table_vanished")
        self.assertEqual((vanished["before"], vanished["after"]), ("practice_test_catalog_line", ""))
        self.assertTrue(vanished["flagged"])
        count = self._line(result, CATALOG_LINE, "count")  # measured as gone: every row lost
        self.assertEqual((count["before"], count["after"], count["flagged"]), (10, 0, True))
        self.assertEqual(result["severity"], "high")
        after = self.Snapshot.browse(result["after_id"])
        self.assertTrue(json.loads(after.schema)["models"][CATALOG_LINE]["missing"])

    def test_uninstalled_module_is_a_schema_line(self):
        self.env.cr.execute(
            SQL(
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'practice_%%' "
                "ORDER BY name DESC LIMIT 1"
            )
        )
        (name,) = self.env.cr.fetchone()
        profile = self._watch()
        before = self.Snapshot.take("before", profile=profile.id)
        self.env.cr.execute(SQL("UPDATE ir_module_module SET state = 'uninstalled' WHERE name = %s", name))
        result = self.Snapshot.compare(before["id"])
        line = self._line(result, "ir.module.module", f"schema:module_uninstalled:{name}")
        self.assertEqual(line["after"], "uninstalled")
        self.assertTrue(line["flagged"])
        self.assertEqual(result["severity"], "high")

    def test_model_of_an_uninstalled_module_whose_table_is_gone_is_recorded_missing(self):
        scope_key = "profile:schema-test"
        earlier = (
            self.Snapshot.sudo()
            .with_context(**{TAKE_KEY: True})
            .create(
                {
                    "name": "earlier",
                    "scope_key": scope_key,
                    "schema": json.dumps(
                        {"v": 1, "models": {"x.removed": {"table": "x_removed", "columns": {}, "fields": []}}}
                    ),
                    "schema_hash": "0" * 64,
                }
            )
        )
        earlier._insert_lines([("x.removed", "count", 3, None)])
        previous = self.Snapshot._previous_schema(scope_key)
        self.assertEqual(previous, (earlier.id, "0" * 64, earlier.id, None))
        schema = self.Snapshot._capture_schema([], previous, "a module was uninstalled since")
        self.assertEqual(schema["models"], {"x.removed": {"table": "x_removed", "missing": True}})

    def test_unchanged_schema_is_stored_once(self):
        profile = self._watch()
        first = self.Snapshot.browse(self.Snapshot.take("first", profile=profile.id)["id"])
        second = self.Snapshot.browse(self.Snapshot.take("second", profile=profile.id)["id"])
        self.assertTrue(first.schema)
        self.assertFalse(second.schema)
        self.assertEqual((second.schema_source_id, second.schema_hash), (first, first.schema_hash))
        self.assertEqual(second._schema(), first._schema())
        third = self.Snapshot.browse(self.Snapshot.take("third", profile=profile.id)["id"])
        self.assertEqual(third.schema_source_id, first)
        self._ddl("ALTER TABLE practice_test_catalog ALTER COLUMN line_count SET NOT NULL")
        result = self.Snapshot.compare(third.id)
        after = self.Snapshot.browse(result["after_id"])
        self.assertTrue(after.schema)
        self.assertFalse(after.schema_source_id)
        self.assertEqual(
            [(f["model"], f["metric"]) for f in result["flagged"]], [(CATALOG, "schema:not_null:line_count")]
        )

    def test_capture_off_by_profile_or_context_records_nothing_and_compares_without_schema(self):
        profile = self._watch(capture_schema=False)
        off = self.Snapshot.browse(self.Snapshot.take("off", profile=profile.id)["id"])
        self.assertFalse(off.schema)
        profile.capture_schema = True
        ctx = self.Snapshot.with_context(**{NO_SCHEMA_KEY: True}).take("ctx", profile=profile.id)
        self.assertFalse(self.Snapshot.browse(ctx["id"]).schema)
        # a snapshot without a schema is compared on its metrics only
        self._ddl("ALTER TABLE practice_test_catalog DROP COLUMN line_count")
        result = self.Snapshot.compare(off.id)
        self.assertFalse(self._diff_lines(result))
        self.assertTrue(result["ok"], result["flagged"])
