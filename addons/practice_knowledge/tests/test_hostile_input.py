# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10 item 7: knowledge records created or written directly are bounded: at most 256
characters for names and titles, 100,000 for bodies; a clear ValidationError otherwise."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.practice_base.tests.test_hostile_input import BIG, HostileMixin

from .common import KnowledgeCase


@tagged("post_install", "-at_install", "practice_rules")
class TestKnowledgeBounds(HostileMixin, KnowledgeCase):
    def test_bodies_and_names_are_bounded(self):
        repo = self.repo.id
        cases = [
            ("practice.rule", {"name": "Big rule", "rule": BIG}),
            ("practice.rule", {"name": "Big incident", "rule": "x", "incident": "y" * 100_001}),
            ("practice.rule", {"name": "t" * 257, "rule": "x"}),
            ("practice.glossary.term", {"name": "Big term", "definition": BIG}),
            ("practice.glossary.term", {"name": "n" * 257, "definition": "x"}),
            ("practice.glossary.term", {"name": "Aliased", "definition": "x", "aliases": BIG}),
            ("practice.adr", {"number": 71, "name": "Big ADR", "decision": BIG}),
            ("practice.runbook", {"number": 71, "name": "Big runbook", "steps": BIG}),
            ("practice.citation", {"name": "Big", "link": "https://x/" + "l" * 3000, "takeaway": "t"}),
            ("practice.citation", {"name": "Big", "link": "https://x", "takeaway": BIG}),
            ("practice.pattern", {"name": "Big pattern", "summary": BIG}),
        ]
        for model, vals in cases:
            Model = self.env[model].with_user(self.engineer)
            err = self.assertOdooError(
                lambda Model=Model, vals=vals: Model.create({"repo_id": repo, **vals}), model
            )
            self.assertIsInstance(err, ValidationError)
            self.assertIn("limited to", str(err))
        rule = (
            self.env["practice.rule"]
            .with_user(self.engineer)
            .create({"name": "Just fits", "rule": "r" * 100_000, "repo_id": repo})
        )
        term = (
            self.env["practice.glossary.term"]
            .with_user(self.engineer)
            .create({"name": "Fits", "definition": "d", "repo_id": repo})
        )
        self.assertOdooError(lambda: rule.write({"fix": BIG}), "rule write")
        self.assertOdooError(lambda: term.write({"definition": BIG}), "term write")
        self.assertEqual((len(rule.rule), rule.fix, term.definition), (100_000, False, "d"))

    def test_citation_score_hostile_values(self):
        Citation = self.env["practice.citation"].with_user(self.engineer)
        for bad in (None, "95", 95.5, [95], {"s": 95}, 10**12, -1, True):
            self.assertOdooError(
                lambda bad=bad: Citation.create(
                    {"name": "S", "link": "https://x", "takeaway": "t", "score": bad, "repo_id": self.repo.id}
                ),
                f"score {bad!r}",
            )
