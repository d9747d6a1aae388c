# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KnowledgeCase


@tagged("post_install", "-at_install", "practice_rules")
class TestGlossaryRules(KnowledgeCase):
    def _term(self, name, repo=None):
        return self.env["practice.glossary.term"].create(
            {"repo_id": (repo or self.repo).id, "name": name, "definition": "d"}
        )

    def test_term_unique_case_insensitive(self):
        self._term("Fencing Token")
        with self.assertRaisesRegex(ValidationError, "already defines 'Fencing Token'"), self.cr.savepoint():
            self._term("fencing token")
        # another repository may define it
        self.assertTrue(self._term("FENCING TOKEN", repo=self.other_repo))

    @mute_logger("odoo.sql_db")
    def test_unique_index_on_lower_term(self):
        """The database itself refuses the duplicate, even past the ORM constraint."""
        self._term("Lease")
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'practice_glossary_term_repo_lower_term_uniq'"
        )
        self.assertIn("lower", self.env.cr.fetchone()[0].lower())
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO practice_glossary_term (repo_id, name, definition) VALUES (%s, 'LEASE', 'x')",
                [self.repo.id],
            )

    def test_rename_into_duplicate_refused(self):
        self._term("snapshot")
        other = self._term("burst")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            other.name = "SNAPSHOT"


@tagged("post_install", "-at_install", "practice_rules")
class TestCitationRules(KnowledgeCase):
    def _citation(self, score, name="Source", **vals):
        return self.env["practice.citation"].create(
            {
                "repo_id": self.repo.id,
                "name": name,
                "link": "https://x",
                "takeaway": "t",
                "score": score,
                **vals,
            }
        )

    def test_score_bounds(self):
        self.assertEqual(self._citation(60).score, 60)
        self.assertEqual(self._citation(100).score, 100)
        for bad in (59, 101, 0):
            with (
                self.subTest(score=bad),
                self.assertRaisesRegex(ValidationError, "out of range"),
                self.cr.savepoint(),
            ):
                self._citation(bad)

    def test_promote_high_scoring_citations(self):
        first = self._citation(95, name="Kleppmann", application="check tokens")
        second = self._citation(88, name="Jepsen")
        action = (first | second).action_promote()
        pattern = self.env["practice.pattern"].browse(action["res_id"])
        self.assertEqual(pattern.name, "Kleppmann")
        self.assertEqual(pattern.citation_ids, first | second)
        self.assertEqual(pattern.best_score, 95)
        self.assertEqual(pattern.repo_id, self.repo)
        self.assertIn("check tokens", pattern.application)
        with self.assertRaisesRegex(UserError, "Already promoted"):
            first.action_promote()

    def test_low_score_not_promoted(self):
        low = self._citation(79, name="Blog post")
        with self.assertRaisesRegex(UserError, r"80 or more.*Blog post \(79\)"):
            low.action_promote()
        self.assertFalse(low.pattern_id)
        self.assertFalse(self.env["practice.pattern"].search([("repo_id", "=", self.repo.id)]))
