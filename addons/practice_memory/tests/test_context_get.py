# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""practice.context.get: one item whole, as the bundle's hints promise (issue 11 item 2)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemoryCase


class GetCase(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        repo = cls.repo.id
        cls.runbook = cls.env["practice.runbook"].create(
            {
                "number": 14,
                "name": "Image pipeline recovery",
                "steps": "1. Stop the cron.\n2. Re-fire.",
                "repo_id": repo,
            }
        )
        cls.rule = cls.env["practice.rule"].create(
            {
                "name": "Don't bypass the ORM for image bytes",
                "rule": "Write images through the ORM.",
                "fix": "Use write() in batches of 100.",
                "incident": "2026-03-02: 4,000 thumbnails lost.",
                "root_cause": "A raw SQL update skipped the attachment.",
                "severity": "critical",
                "repo_id": repo,
                "runbook_ids": [(6, 0, cls.runbook.ids)],
            }
        )
        cls.adr = cls.env["practice.adr"].create(
            {
                "number": 7,
                "name": "Queue image jobs",
                "decision": "Use queue_job for images.",
                "repo_id": repo,
            }
        )
        cls.term = cls.env["practice.glossary.term"].create(
            {"name": "FBM", "definition": "Fulfilled-By-Merchant: the seller ships.", "repo_id": repo}
        )
        cls.memory = cls.Memory.with_context(default_repo_id=repo).create(
            {"topic": "Thumbnails", "summary": "Regenerate in batches."}
        )

    def get(self, kind, ref, user=None, repo="test-repo"):
        Context = self.env["practice.context"]
        return (Context.with_user(user) if user else Context).get(kind, ref, repo=repo)


@tagged("post_install", "-at_install", "practice_rules")
class TestContextGet(GetCase):
    def test_every_kind_whole(self):
        rule = self.get("rule", self.rule.id, user=self.reader)
        self.assertEqual((rule["kind"], rule["id"], rule["title"]), ("rule", self.rule.id, self.rule.name))
        for text in ("Write images through the ORM.", "## Fix", "batches of 100", "## Root cause", "0014"):
            self.assertIn(text, rule["markdown"])
        self.assertEqual(rule["data"]["runbooks"][0]["number"], 14)
        self.assertEqual(self.get("rule", str(self.rule.id))["id"], self.rule.id)
        runbook = self.get("runbook", "0014", user=self.reader)
        self.assertEqual(runbook["id"], self.runbook.id)
        self.assertIn("2. Re-fire.", runbook["markdown"])
        self.assertEqual(self.get("runbook", 14)["id"], self.runbook.id)
        adr = self.get("adr", "ADR-0007", user=self.reader)
        self.assertEqual((adr["id"], adr["data"]["decision"]), (self.adr.id, "Use queue_job for images."))
        self.assertIn("## Decision", adr["markdown"])
        term = self.get("term", "fbm", user=self.reader)
        self.assertEqual((term["id"], term["title"]), (self.term.id, "FBM"))
        self.assertIn("the seller ships", term["markdown"])
        memory = self.get("memory", self.memory.id, user=self.reader)
        self.assertEqual((memory["id"], memory["title"]), (self.memory.id, "Thumbnails"))
        self.assertIn("Regenerate in batches.", memory["markdown"])
        self.assertEqual(set(rule), {"kind", "id", "title", "markdown", "data"})

    def test_numbers_and_terms_are_per_repository(self):
        with self.assertRaisesRegex(UserError, "No runbook"):
            self.get("runbook", 14, repo="other-repo")
        with self.assertRaisesRegex(UserError, "No term"):
            self.get("term", "FBM", repo="other-repo")

    def test_unknown_kind_and_bad_refs_are_user_errors(self):
        for kind, ref in (
            ("spell", 1),
            (None, 1),
            ("rule", None),
            ("rule", "abc"),
            ("rule", -3),
            ("rule", [1]),
            ("rule", 999999),
            ("memory", 999999),
            ("adr", 99),
            ("runbook", "x" * 300),
            ("term", "no such term"),
        ):
            with self.subTest(kind=kind, ref=ref), self.assertRaises(UserError):
                self.get(kind, ref)


@tagged("post_install", "-at_install", "practice_security")
class TestContextGetSecurity(GetCase):
    def test_a_user_without_rights_gets_access_error(self):
        for kind, ref in (
            ("rule", self.rule.id),
            ("runbook", 14),
            ("adr", 7),
            ("term", "FBM"),
            ("memory", self.memory.id),
        ):
            with self.subTest(kind=kind), self.assertRaises(AccessError):
                self.get(kind, ref, user=self.outsider, repo=self.repo.id)
