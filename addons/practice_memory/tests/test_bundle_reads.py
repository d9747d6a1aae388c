# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The context bundle's memory reads (issue 11): the same rows as ``_index_dicts`` from two
plain queries, with the caller's rights, in the index order an index answers."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MemoryCase

ORDER = "pinned desc, times_seen desc, date desc, id"


@tagged("post_install", "-at_install", "practice_domain")
class TestBundleReads(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["practice.code.module"]._ensure(cls.repo, ["fl_catalog", "fl_stock"])
        cls.memories = cls.Memory.create(
            [
                {
                    "topic": f"Lesson {n}",
                    "summary": f"Summary of lesson {n}.",
                    "repo_id": cls.repo.id,
                    "date": f"2026-0{1 + n % 9}-0{1 + n % 9}",
                    "module_ids": [(6, 0, modules.ids if n % 3 == 0 else modules[:1].ids if n % 3 else [])],
                    "expires_on": "2027-01-01" if n % 4 == 0 else False,
                }
                for n in range(12)
            ]
        )
        cls.env.flush_all()

    def test_same_rows_as_index_dicts(self):
        Context = self.env["practice.context"]
        for domain in (
            [("repo_id", "=", self.repo.id)],
            [("repo_id", "=", self.repo.id), ("topic", "ilike", "lesson 1")],
        ):
            for limit in (3, 200):
                self.assertEqual(
                    Context._bundle_memory_dicts(domain, limit=limit, order=ORDER),
                    self.Memory._index_dicts(domain, limit=limit, order=ORDER),
                )

    def test_caller_rights_apply(self):
        other = self.env["res.company"].create({"name": "Other company"})
        repo = self.env["practice.repo"].create({"name": "other-company-repo", "company_id": other.id})
        hidden = self.Memory.create({"topic": "Hidden", "summary": "Elsewhere.", "repo_id": repo.id})
        self.env.flush_all()
        rows = self.env["practice.context"].with_user(self.engineer)._bundle_memory_dicts([], 500, ORDER)
        ids = {row["id"] for row in rows}
        self.assertIn(self.memories[0].id, ids)
        self.assertNotIn(hidden.id, ids, "the multi-company record rule applies")
        with self.assertRaises(AccessError):
            self.env["practice.context"].with_user(self.outsider)._bundle_memory_dicts([], 500, ORDER)

    def test_index_order_has_an_index(self):
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'practice_memory_index_order_index'")
        self.assertTrue(self.env.cr.fetchone())
