# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run categories from a catalog (issue 28 item 5c): data records Managers edit, named at start."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SopCase

CODES = ["DATABASE", "DEPLOY", "INTEGRATION", "DATA", "SECURITY", "PERFORMANCE"]


@tagged("post_install", "-at_install", "practice_domain")
class TestSopCategory(SopCase):
    def test_the_catalog_ships_the_guides_categories(self):
        listed = self.env["practice.sop.category"].with_user(self.reader).list_categories()
        self.assertEqual([c["code"] for c in listed][:6], CODES)
        self.assertTrue(all(c["name"] and c["description"] for c in listed))

    def test_start_takes_a_category_in_any_case(self):
        answer = self.start(category="database")
        self.assertEqual(answer["category"], "DATABASE")
        run = self.Run.browse(answer["id"])
        self.assertEqual(run.category_id, self.env.ref("practice_sop.sop_category_database"))
        self.assertEqual(self.api(self.reader).get_run(run.id)["category"], "DATABASE")
        self.assertFalse(self.start()["category"])  # optional

    def test_unknown_archived_or_malformed_categories_are_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown SOP category NOPE; known: DATABASE, DEPLOY"):
            self.start(category="NOPE")
        with self.assertRaisesRegex(UserError, "category must be a category code"):
            self.start(category=7)
        self.env.ref("practice_sop.sop_category_deploy").active = False
        with self.assertRaisesRegex(UserError, "Unknown SOP category DEPLOY"):
            self.start(category="DEPLOY")
        with self.assertRaisesRegex(ValidationError, "must be uppercase"):
            self.env["practice.sop.category"].create({"code": "bad code", "name": "Bad"})


@tagged("post_install", "-at_install", "practice_security")
class TestSopCategorySecurity(SopCase):
    def test_only_managers_edit_the_catalog(self):
        Category = self.env["practice.sop.category"]
        for user in (self.reader, self.engineer, self.ai_user):
            with self.assertRaises(AccessError):
                Category.with_user(user).create({"code": "NETWORK", "name": "Network"})
            with self.assertRaises(AccessError):
                self.env.ref("practice_sop.sop_category_data").with_user(user).write({"name": "X"})
        network = Category.with_user(self.manager).create({"code": "NETWORK", "name": "Network"})
        self.env.ref("practice_sop.sop_category_data").with_user(self.manager).write({"name": "Data quality"})
        self.assertEqual(self.start(category="NETWORK")["category"], network.code)
