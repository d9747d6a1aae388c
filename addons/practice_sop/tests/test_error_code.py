# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import T0, SopCase


@tagged("post_install", "-at_install", "practice_integrity")
class TestErrorCode(SopCase):
    def test_register_creates_then_links(self):
        first = self.start()
        api = self.Code.with_user(self.engineer)
        answer = api.register(
            "DB_CONNECTION_LEAK", "high", "Connections not released", "try/finally", first["id"]
        )
        self.assertTrue(answer["created"])
        code = self.Code.browse(answer["id"])
        self.assertEqual((code.occurrence_count, code.first_seen), (1, T0))
        self.assertEqual(code.sop_ids, self.sop)
        second = self.start(at=T0.replace(hour=12), title="again")
        again = api.register("DB_CONNECTION_LEAK", "critical", "other words", run_id=second["id"])
        self.assertEqual((again["id"], again["created"], again["occurrences"]), (code.id, False, 2))
        self.assertEqual((code.severity, code.description), ("high", "Connections not released"))
        self.assertEqual(code.last_seen, T0.replace(hour=12))
        self.assertIn("DB_CONNECTION_LEAK", self.Run.browse(second["id"]).error_code_ids.mapped("name"))
        shown = api.show("db_connection_leak")
        self.assertEqual((shown["occurrences"], shown["sops"]), (2, ["SOP-TRIAGE-001"]))

    def test_format_and_uniqueness(self):
        api = self.Code.with_user(self.engineer)
        with self.assertRaisesRegex(UserError, "did you mean DB_CONNECTION_LEAK"):
            api.register("db-connection-leak", "high", "x")
        with self.assertRaisesRegex(ValidationError, "uppercase snake case"):
            api.create({"name": "Bad Code", "description": "x"})
        api.create({"name": "UNIQUE_ONE", "description": "x"})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                api.create({"name": "UNIQUE_ONE", "description": "y"})
        with self.assertRaisesRegex(UserError, "severity must be one of"):
            api.register("SOME_CODE", "urgent", "x")
        with self.assertRaisesRegex(UserError, "description is required"):
            api.register("SOME_CODE", "high", "  ")
        with self.assertRaisesRegex(UserError, "No SOP run with id 999999"):
            api.register("SOME_CODE", "high", "x", run_id=999999)
        self.assertFalse(self.Code.search([("name", "=", "SOME_CODE")]))
        with self.assertRaisesRegex(UserError, "No error code NOPE"):
            api.show("NOPE")
