# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounded work of the knowledge sections of the context bundle (issue 11): document
frequencies counted up to COMMON_ROWS, common words select no candidates, the order without
a task read from an index per severity, rule texts read only for the rules shown whole."""

from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from ..models import practice_context as knowledge_context
from ..tools import fts, ranking
from .common import KnowledgeCase


@tagged("post_install", "-at_install", "practice_domain")
class TestContextBounds(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["practice.rule"]
        severities = ["low", "medium", "high", "critical"]
        cls.price_rules = cls.Rule.create(
            [
                {
                    "repo_id": cls.repo.id,
                    "name": f"Product price rule {n}",
                    "severity": severities[n % 4],
                    "date": f"2026-0{1 + n % 9}-1{n % 10}",
                    "rule": "Update product prices in batches.",
                    "fix": "Batch the price updates.",
                }
                for n in range(10)
            ]
        )
        cls.product_rules = cls.Rule.create(
            [
                {
                    "repo_id": cls.repo.id,
                    "name": f"Product archive rule {n}",
                    "severity": severities[(n + 1) % 4],
                    "rule": "Archive product variants, never delete them.",
                }
                for n in range(5)
            ]
        )
        cls.thumbnail = cls.Rule.create(
            {
                "repo_id": cls.repo.id,
                "name": "Regenerate product thumbnails through the ORM",
                "severity": "high",
                "rule": "Never rebuild thumbnails with SQL.",
            }
        )
        cls.env.flush_all()

    def relevance(self, words):
        scope = SQL("t.repo_id = %s AND t.status = %s", self.repo.id, "active")
        return fts.relevance(self.env.cr, "practice_rule", scope, words)

    def test_common_word_adds_score_but_selects_no_candidate(self):
        """'product' is in 16 rows, over the cap of 5: only the row a rarer word selects is
        ranked (the old query ranked every row that says 'product')."""
        with patch.object(ranking, "COMMON_ROWS", 5):
            hits = self.relevance(["product", "thumbnail"])
            alone = self.relevance(["thumbnail"])
        self.assertEqual([rule_id for rule_id, _r in hits], self.thumbnail.ids)
        self.assertGreater(hits[0][1], alone[0][1], "the common word still adds to the score")

    def test_only_common_words_rank_rows_having_them_all_bounded(self):
        with patch.object(ranking, "COMMON_ROWS", 3):
            hits = self.relevance(["product", "price"])
        self.assertEqual(len(hits), 3)
        self.assertLessEqual({rule_id for rule_id, _r in hits}, set(self.price_rules.ids))

    def test_below_the_cap_every_matching_row_is_ranked(self):
        hits = self.relevance(["product", "thumbnail"])
        self.assertEqual(len(hits), 16)
        self.assertEqual(hits[0][0], self.thumbnail.id)

    def test_order_without_task_from_the_index_matches_a_full_sort(self):
        module = self.env["practice.code.module"]._ensure(self.repo, ["fl_catalog"])
        (self.price_rules[3:6] | self.product_rules[:2]).module_ids = module
        self.env.flush_all()
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'practice_rule_bundle_order_index'")
        self.assertTrue(self.env.cr.fetchone(), "the order without a task is read from an index")
        Context = self.env["practice.context"]
        for modules in (module.browse(), module):
            request = {"repo": self.repo, "modules": modules}
            for limit in (4, 7, 200):
                self.env.cr.execute(
                    SQL(
                        "SELECT t.id FROM practice_rule t WHERE %s ORDER BY EXISTS (SELECT 1 FROM "
                        "practice_rule_code_module_rel m WHERE m.rule_id = t.id AND m.module_id = ANY(%s)) "
                        "DESC, %s, t.date DESC, t.id LIMIT %s",
                        Context._knowledge_rule_scope(request),
                        modules.ids or [0],
                        knowledge_context.SEVERITY_CASE,
                        limit,
                    )
                )
                expected = [row[0] for row in self.env.cr.fetchall()]
                self.assertEqual(Context._knowledge_rule_baseline_ids(request, limit), expected)

    def test_search_indexes_have_no_pending_list(self):
        """Every ranked table's GIN index is updated at once (fastupdate off): a pending list
        would be scanned in full by every probe until autovacuum merged it."""
        for table in ("practice_rule", "practice_adr", "practice_runbook", "practice_glossary_term"):
            self.env.cr.execute(
                "SELECT reloptions FROM pg_class WHERE relname = %s", [f"{table}_{fts.COLUMN}_gin"]
            )
            self.assertIn("fastupdate=off", self.env.cr.fetchone()[0] or [], table)

    def test_rule_texts_read_only_for_rules_that_may_be_whole(self):
        request = {"repo": self.repo, "modules": self.env["practice.code.module"], "now": None}
        with patch.object(knowledge_context, "WHOLE_RULES", 3):
            rules = self.env["practice.context"]._knowledge_bundle_rules(request, ["product"])
        self.assertEqual(len(rules), 16)
        self.assertTrue(all("fix" in rule and "runbook_ids" in rule for rule in rules[:3]))
        self.assertFalse(any("fix" in rule or "rule" in rule for rule in rules[3:]))
        self.assertTrue(all(rule["module_names"] == [] and rule["name"] for rule in rules))
