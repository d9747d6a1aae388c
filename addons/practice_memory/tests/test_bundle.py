# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import MemoryCase

# sections other addons contribute, and the model that tells whether that addon is installed
OPTIONAL_SECTIONS = {
    "rules": "practice.rule",
    "glossary": "practice.glossary.term",
    "runbooks": "practice.runbook",
    "locks": "practice.lock",
    "alerts": "practice.watchdog.alert",
}


@tagged("post_install", "-at_install", "practice_domain")
class TestMemoryBundle(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Memory.search([]).write({"status": "archived"})
        Memory = cls.Memory.with_context(default_repo_id=cls.repo.id)
        cls.mem_general = Memory.create(
            {
                "topic": "General habit",
                "summary": "Run the tests first.",
                "times_seen": 9,
                "date": "2026-01-01",
            }
        )
        cls.mem_sale = Memory.create(
            {
                "topic": "sale_ext discounts",
                "summary": "Rounding differs per pricelist.",
                "date": "2026-01-02",
            }
        )
        cls.mem_stock = Memory.create(
            {"topic": "Quants", "summary": "stock_ext recomputes quants nightly.", "date": "2026-01-03"}
        )
        cls.mem_tagged = Memory.create(
            {"topic": "Tagged only", "summary": "No module named in text.", "date": "2026-01-04"}
        )
        cls.mem_elsewhere = cls.Memory.create(
            {
                "topic": "sale_ext elsewhere",
                "summary": "Learnt in another repository.",
                "times_seen": 50,
                "repo_id": cls.other_repo.id,
            }
        )
        Log = cls.env["practice.session.log"].with_user(cls.ai_user)
        cls.mem_tagged.module_ids = cls.env["practice.code.module"]._ensure(cls.repo, ["purchase_ext"])
        Log.start("b-old", "Old sale work", modules=["sale_ext"], repo="test-repo", model_name="llm-a")
        Log.finish("b-old", "failed", "Pricelist rounding broke invoices.")
        Log.start("b-stock", "Stock work", modules=["stock_ext"], repo="test-repo")
        Log.finish("b-stock", "success", "Fine.")
        Log.start("b-running", "Still running", modules=["sale_ext"], repo="test-repo")
        Log.start("b-other-repo", "Elsewhere", modules=["sale_ext"], repo="other-repo")
        Log.finish("b-other-repo", "success", "Other repo.")

    def bundle(self, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        return self.env["practice.context"].bundle(**kwargs)

    def test_sections_and_priorities(self):
        result = self.bundle(modules=["sale_ext"])
        sections = result["sections"]
        self.assertEqual(sections["memory"]["priority"], 20)
        self.assertEqual(sections["sessions"]["priority"], 70)
        keys = list(sections)
        priorities = [sections[k]["priority"] for k in keys]
        self.assertEqual(priorities, sorted(priorities))
        text = result["markdown"]
        self.assertLess(text.index("## Scope"), text.index("## Memory"))
        self.assertLess(text.index("## Memory"), text.index("## Recent sessions"))

    def test_optional_sections_follow_installed_addons(self):
        sections = self.bundle(modules=["sale_ext"])["sections"]
        for key, model in OPTIONAL_SECTIONS.items():
            with self.subTest(section=key):
                if model not in self.env:
                    self.assertNotIn(key, sections)
                elif key in sections:
                    self.assertTrue(sections[key]["total"], "an empty section is not printed")
        self.assertIn("memory", sections)
        self.assertIn("sessions", sections)

    def test_memories_naming_modules_come_first(self):
        items = self.bundle(modules=["stock_ext", "purchase_ext"])["sections"]["memory"]["items"]
        ids = [item["id"] for item in items]
        # relevant ones first (by index order among them), then the rest by times_seen, date
        self.assertEqual(ids[:2], [self.mem_tagged.id, self.mem_stock.id])
        self.assertEqual(ids[2:4], [self.mem_general.id, self.mem_sale.id])
        self.assertEqual([i["relevant"] for i in items[:3]], [True, True, False])

    def test_memories_of_other_repositories_left_out(self):
        ids = [item["id"] for item in self.bundle(modules=["sale_ext"])["sections"]["memory"]["items"]]
        self.assertNotIn(self.mem_elsewhere.id, ids)
        self.assertIn(self.mem_sale.id, ids)
        other = self.bundle(modules=["sale_ext"], repo="other-repo")["sections"]["memory"]["items"]
        self.assertEqual([item["id"] for item in other], [self.mem_elsewhere.id])

    def test_without_modules_index_order(self):
        items = self.bundle()["sections"]["memory"]["items"]
        self.assertEqual(items[0]["id"], self.mem_general.id)
        self.assertFalse(any(item["relevant"] for item in items))

    def test_sessions_on_requested_modules_only_finished_and_this_repo(self):
        def session_items(**kw):
            # an empty section is not printed at all (no noise)
            return self.bundle(**kw)["sections"].get("sessions", {}).get("items", [])

        items = session_items(modules=["sale_ext"])
        self.assertEqual([i["session_id"] for i in items], ["b-old"])
        self.assertEqual(items[0]["outcome"], "failed")
        self.assertEqual(items[0]["model_name"], "llm-a")
        everything = session_items()
        self.assertEqual({i["session_id"] for i in everything}, {"b-old", "b-stock"})
        excluded = session_items(session_id="b-old", modules=["sale_ext"])
        self.assertEqual(excluded, [])
        unknown = session_items(modules=["never_seen_mod"])
        self.assertEqual(unknown, [])

    def test_markdown_lines(self):
        text = self.bundle(modules=["sale_ext"])["markdown"]
        self.assertRegex(
            text,
            r"- \*\*sale_ext discounts\*\* · 2026-01-02 \(\d+ \w+ ago\) · Rounding differs per pricelist\.",
        )
        self.assertRegex(
            text,
            r"- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \([^)]*\) \*\*failed\*\* · Old sale work "
            r"\(`b-old`, llm-a; sale_ext\) — Pricelist rounding",
        )

    def test_budget_respected_and_truncation_flagged(self):
        self.Memory.with_context(default_repo_id=self.repo.id).create(
            [{"topic": f"Bulk memory {i:04d}", "summary": "x" * 200 + f" {i}"} for i in range(300)]
        )
        for fmt in ("markdown", "json"):
            with self.subTest(fmt=fmt):
                result = self.bundle(modules=["sale_ext"], max_bytes=4000, fmt=fmt)
                self.assertLessEqual(result["bytes"], 4000)
                self.assertTrue(result["truncated"])
                self.assertTrue(result["sections"]["memory"]["truncated"])
                # the relevant memory made it in before the bulk
                self.assertEqual(result["sections"]["memory"]["items"][0]["id"], self.mem_sale.id)

    def test_deterministic_and_json(self):
        first = self.bundle(modules=["sale_ext", "stock_ext"])
        self.assertEqual(first, self.bundle(modules=["sale_ext", "stock_ext"]))
        as_json = self.bundle(modules=["sale_ext", "stock_ext"], fmt="json")
        self.assertEqual(as_json["markdown"], "")
        self.assertEqual(as_json["sections"]["memory"]["items"], first["sections"]["memory"]["items"])

    def test_ai_user_and_reader_get_the_same_bundle(self):
        as_reader = (
            self.env["practice.context"].with_user(self.reader).bundle(modules=["sale_ext"], repo="test-repo")
        )
        as_ai = (
            self.env["practice.context"]
            .with_user(self.ai_user)
            .bundle(modules=["sale_ext"], repo="test-repo")
        )
        self.assertEqual(as_reader["sections"]["memory"], as_ai["sections"]["memory"])
        self.assertEqual(as_reader["sections"]["sessions"], as_ai["sections"]["sessions"])

    def test_budget_sweep_never_exceeds(self):
        self.Memory.with_context(default_repo_id=self.repo.id).create(
            [{"topic": f"Sweep memory {i:03d}", "summary": "y" * (i % 90 + 10)} for i in range(120)]
        )
        for fmt, budgets in (("markdown", (256, 700, 1500, 3000, 9000)), ("json", (1200, 3000, 9000))):
            for budget in budgets:
                with self.subTest(fmt=fmt, budget=budget):
                    result = self.bundle(modules=["sale_ext"], max_bytes=budget, fmt=fmt)
                    self.assertLessEqual(result["bytes"], budget)
                    self.assertTrue(result["truncated"])
