# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10 item 4: ADR and rule status, a citation's pattern and a pattern's score change
only through the actions (or a vault import), never by a direct create/write."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ADR_1, KnowledgeCase


@tagged("post_install", "-at_install", "practice_security")
class TestKnowledgeGuards(KnowledgeCase):
    def adr(self, number, user=None, **vals):
        Adr = self.env["practice.adr"].with_user(user or self.engineer)
        return Adr.create({"repo_id": self.repo.id, "number": number, "name": f"D{number}", **vals})

    def test_adr_status_goes_through_the_actions(self):
        adr = self.adr(41)
        successor = self.adr(42)
        with self.assertRaisesRegex(AccessError, r"Accept / Reject / Deprecate / Supersede"):
            adr.write({"status": "accepted"})
        adr.action_accept()
        self.assertEqual(adr.status, "accepted")
        # the hole: straight to superseded without a successor
        with self.assertRaises(AccessError):
            adr.write({"status": "superseded"})
        adr.write({"superseded_by_id": successor.id})
        adr.action_supersede()
        self.assertEqual(adr.status, "superseded")
        # created already accepted: refused; created proposed (the default, as a form sends it): fine
        with self.assertRaises(AccessError):
            self.adr(43, status="accepted")
        self.assertEqual(self.adr(44, status="proposed").status, "proposed")

    def test_context_default_status_is_ignored(self):
        adr = (
            self.env["practice.adr"]
            .with_user(self.engineer)
            .with_context(default_status="accepted")
            .create({"repo_id": self.repo.id, "number": 46, "name": "D46"})
        )
        self.assertEqual(adr.status, "proposed")

    def test_rule_status_goes_through_retire(self):
        Rule = self.env["practice.rule"]
        rule = Rule.with_user(self.engineer).create(
            {"name": "Guarded rule", "rule": "Do not.", "repo_id": self.repo.id}
        )
        with self.assertRaises(AccessError):
            Rule.with_user(self.engineer).create(
                {"name": "Born retired", "rule": "x", "repo_id": self.repo.id, "status": "retired"}
            )
        with self.assertRaisesRegex(AccessError, "Retire / Reactivate"):
            rule.with_user(self.manager).write({"status": "retired"})
        with self.assertRaises(AccessError):
            rule.with_user(self.engineer).action_retire()  # Managers retire rules
        rule.with_user(self.manager).action_retire()
        self.assertEqual(rule.status, "retired")
        rule.with_user(self.manager).action_reactivate()
        self.assertEqual(rule.status, "active")

    def test_citation_pattern_only_by_promotion(self):
        Citation = self.env["practice.citation"].with_user(self.engineer)
        low = Citation.create(
            {"name": "Low", "link": "https://x/low", "takeaway": "meh", "score": 60, "repo_id": self.repo.id}
        )
        high = Citation.create(
            {
                "name": "High",
                "link": "https://x/high",
                "takeaway": "yes",
                "score": 95,
                "repo_id": self.repo.id,
            }
        )
        pattern = (
            self.env["practice.pattern"]
            .with_user(self.engineer)
            .create({"name": "Hand-made", "summary": "x", "repo_id": self.repo.id})
        )
        with self.assertRaises(AccessError):
            low.write({"pattern_id": pattern.id})
        with self.assertRaises(AccessError):
            pattern.write({"citation_ids": [(4, low.id)]})
        with self.assertRaises(AccessError):
            pattern.write({"best_score": 100})
        with self.assertRaises(AccessError):
            Citation.create(
                {
                    "name": "Pre-linked",
                    "link": "https://x",
                    "takeaway": "t",
                    "pattern_id": pattern.id,
                    "repo_id": self.repo.id,
                }
            )
        self.assertFalse(low.pattern_id)
        high.action_promote()
        self.assertTrue(high.pattern_id)
        self.assertEqual(high.pattern_id.best_score, 95)

    def test_vault_import_still_sets_guarded_fields(self):
        files = {"adr/0001-use-postgresql.md": ADR_1}
        result = self.env["practice.vault"].with_user(self.engineer).import_files(files, repo=self.repo.id)
        self.assertEqual(result["errors"], [])
        adr = self.env["practice.adr"].search([("repo_id", "=", self.repo.id), ("number", "=", 1)])
        self.assertEqual(adr.status, "accepted")
