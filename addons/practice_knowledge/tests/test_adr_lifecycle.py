# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ADR_1, KnowledgeCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestAdrLifecycle(KnowledgeCase):
    def _adr(self, number=1, **vals):
        return self.env["practice.adr"].create(
            {
                "repo_id": self.repo.id,
                "number": number,
                "name": f"Decision {number}",
                "decision": "Do it.",
                **vals,
            }
        )

    def test_proposed_to_accepted_to_deprecated(self):
        adr = self._adr()
        self.assertEqual(adr.status, "proposed")
        adr.action_accept()
        self.assertEqual(adr.status, "accepted")
        adr.action_deprecate()
        self.assertEqual(adr.status, "deprecated")

    def test_proposed_to_rejected_is_final(self):
        adr = self._adr()
        adr.action_reject()
        self.assertEqual(adr.status, "rejected")
        for action in (adr.action_accept, adr.action_deprecate):
            with self.assertRaisesRegex(UserError, "cannot go from rejected"):
                action()

    def test_accepted_to_superseded_with_links(self):
        old, new = self._adr(1), self._adr(2)
        old.action_accept()
        with self.assertRaisesRegex(UserError, "Superseded By"):
            old.action_supersede()
        old.superseded_by_id = new
        old.action_supersede()
        self.assertEqual(old.status, "superseded")
        self.assertEqual(new.supersede_ids, old)
        with self.assertRaisesRegex(UserError, "cannot go from superseded"):
            old.write({"status": "accepted"})

    def test_deprecated_to_superseded(self):
        old, new = self._adr(1), self._adr(2)
        old.action_accept()
        old.action_deprecate()
        old.write({"superseded_by_id": new.id})
        old.action_supersede()
        self.assertEqual(old.status, "superseded")

    def test_proposed_cannot_jump_to_superseded_or_deprecated(self):
        adr = self._adr()
        for status in ("deprecated", "superseded"):
            with self.assertRaisesRegex(UserError, "cannot go from proposed"):
                adr.write({"status": status})

    def test_accepted_content_is_immutable(self):
        adr = self._adr(context="Why.")
        adr.write({"decision": "Do it better."})  # still proposed: editable
        adr.action_accept()
        for field, value in (
            ("decision", "Changed."),
            ("context", "Other"),
            ("name", "New title"),
            ("number", 5),
        ):
            with self.subTest(field=field), self.assertRaisesRegex(UserError, "immutable"):
                adr.write({field: value})
        self.assertEqual(adr.decision, "Do it better.")
        # same value, status and links may still change
        adr.write({"decision": "Do it better.", "runbook_ids": [(6, 0, [])]})
        adr.action_deprecate()
        with self.assertRaisesRegex(UserError, "immutable"):
            adr.write({"decision": "Rewritten after deprecation"})

    def test_cannot_supersede_itself(self):
        adr = self._adr()
        with self.assertRaisesRegex(UserError, "itself"):
            adr.superseded_by_id = adr

    def test_import_refuses_to_change_accepted_decision(self):
        self.import_ok({"adr/0001-use-postgresql.md": ADR_1})
        changed = ADR_1.replace("PostgreSQL.\n", "MySQL.\n")
        result = self.vault.import_files({"adr/0001-use-postgresql.md": changed}, repo=self.repo.id)
        self.assertEqual(len(result["errors"]), 1)
        self.assertEqual(result["errors"][0]["line"], 14)
        self.assertIn("'decision' is immutable", result["errors"][0]["message"])
        adr = self.env["practice.adr"].search([("repo_id", "=", self.repo.id)])
        self.assertEqual(adr.decision, "PostgreSQL.")

    def test_import_supersedes_and_status_change(self):
        self.import_ok({"adr/0001-use-postgresql.md": ADR_1})
        superseded = ADR_1.replace("status: accepted", "status: superseded")
        new = (
            ADR_1.replace("number: 1", "number: 2")
            .replace("Use PostgreSQL", "Use PostgreSQL 16")
            .replace("deciders:", "supersedes:\n- 1\ndeciders:")
        )
        files = {"adr/0001-use-postgresql.md": superseded, "adr/0002-use-postgresql-16.md": new}
        result = self.import_ok(files)
        self.assertEqual(result["updated"], ["adr/0001-use-postgresql.md"])
        old = self.env["practice.adr"].search([("repo_id", "=", self.repo.id), ("number", "=", 1)])
        self.assertEqual(old.status, "superseded")
        self.assertEqual(old.superseded_by_id.number, 2)
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertIn("supersedes:\n- 1\n", exported["adr/0002-use-postgresql-16.md"])
        self.assertEqual(self.import_ok(exported)["unchanged"], sorted(files))

    def test_import_refuses_invalid_transition(self):
        self.import_ok({"adr/0001-use-postgresql.md": ADR_1})
        back = ADR_1.replace("status: accepted", "status: proposed")
        result = self.vault.import_files({"adr/0001-use-postgresql.md": back}, repo=self.repo.id)
        self.assertEqual([(e["line"], e["message"][:40]) for e in result["errors"]][0][0], 5)
        self.assertIn("cannot go from accepted to proposed", result["errors"][0]["message"])
