# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import T0, SopCase


@tagged("post_install", "-at_install", "practice_integration")
class TestDraftRule(SopCase):
    def _completed_run(self, user):
        answer = self.start(user=user, title="Deploy failed: DB timeout", severity="critical")
        run = self.Run.browse(answer["id"])
        module = self.env["practice.code.module"]._ensure(run.repo_id, ["expense_approval"])
        run.write({"module_ids": [(6, 0, module.ids)], "root_cause": "Exception handlers leak connections"})
        api = self.api(user)
        with self.clock(T0 + timedelta(minutes=3)):
            api.step(run.id, 1, "completed", result="Database connection timeout, severity: CRITICAL")
            api.step(run.id, 2, "completed", result="deployment.log, application.log, db-stats.txt")
            api.step(run.id, 3, "completed", result="Root cause identified: DB_CONNECTION_LEAK")
            self.Code.with_user(user).register(
                "DB_CONNECTION_LEAK",
                "high",
                "Connections not released",
                "Always close cursors in finally",
                run.id,
            )
            api.step(run.id, 4, "completed", result="Fix in PR #456, verified in staging")
            api.step(run.id, 5, "completed", result="post-mortem written")
            api.step(run.id, 6, "completed", result="CI check for finally blocks")
        with self.clock(T0 + timedelta(minutes=14)):
            api.finish(run.id)
        return run

    def test_incident_becomes_a_proposed_rule_then_an_accepted_one(self):
        run = self._completed_run(self.engineer)
        answer = self.api(self.engineer).draft_rule(run.id)
        self.assertEqual(answer["state"], "proposed")
        rule = self.env["practice.rule"].browse(answer["rule_id"])
        # the title is the rule itself, from the lesson, not the incident's name
        self.assertEqual(rule.name, "Always close cursors in finally")
        self.assertEqual(answer["title"], rule.name)
        self.assertEqual(str(rule.date), "2025-11-01")
        self.assertEqual(rule.rule, "Always close cursors in finally")
        self.assertIn("deployment.log", rule.incident)
        self.assertIn(f"SOP run #{run.id}", rule.incident)
        self.assertEqual(rule.root_cause, "Exception handlers leak connections")
        self.assertIn("Fix in PR #456", rule.fix)
        self.assertIn("CI check for finally blocks", rule.fix)
        self.assertEqual((rule.severity, rule.module_ids.mapped("name")), ("critical", ["expense_approval"]))
        self.assertEqual(rule.sop_run_ids, run)
        self.assertEqual(rule.error_code_ids.mapped("name"), ["DB_CONNECTION_LEAK"])
        # drafting twice gives the same rule
        self.assertEqual(self.api(self.engineer).draft_rule(run.id)["rule_id"], rule.id)
        # proposed: outside the vault and the context bundle
        Vault = self.env["practice.vault"].with_user(self.engineer)
        Context = self.env["practice.context"].with_user(self.engineer)
        self.assertFalse(rule.vault_path)
        self.assertFalse([p for p, text in Vault.export_files().items() if "DB_CONNECTION_LEAK" in text])
        bundle = Context.bundle(modules=["expense_approval"], task="connection leak")
        self.assertNotIn("DB_CONNECTION_LEAK", bundle["markdown"])
        # a Reader cannot accept; an Engineer can
        with self.assertRaisesRegex(AccessError, "accept proposed hard rules"):
            rule.with_user(self.reader).action_accept()
        rule.with_user(self.engineer2).action_accept()
        self.assertEqual(rule.status, "active")
        self.assertTrue(rule.vault_path.startswith("rules/2025-11-01-"))
        exported = Vault.export_files()
        self.assertIn("Always close cursors in finally", exported[rule.vault_path])
        bundle = Context.bundle(modules=["expense_approval"], task="connection leak")
        self.assertIn("DB_CONNECTION_LEAK", bundle["markdown"])
        with self.assertRaisesRegex(UserError, "is not proposed"):
            rule.with_user(self.engineer).action_accept()

    def test_an_ai_session_proposes_but_cannot_accept(self):
        run = self._completed_run(self.ai_user)
        answer = self.api(self.ai_user).draft_rule(run.id)
        rule = self.env["practice.rule"].browse(answer["rule_id"])
        self.assertEqual((rule.status, rule.create_uid), ("proposed", self.ai_user))
        with self.assertRaisesRegex(AccessError, "accept proposed hard rules"):
            rule.with_user(self.ai_user).action_accept()
        # a proposed status cannot be written directly
        with self.assertRaises(AccessError):
            rule.with_user(self.engineer).write({"status": "active"})

    def test_only_completed_runs_with_a_lesson_draft_rules(self):
        answer = self.start()
        with self.assertRaisesRegex(UserError, "Only a completed run drafts a hard rule"):
            self.api(self.engineer).draft_rule(answer["id"])
        self.walk(answer)
        with self.clock(T0):
            self.api(self.engineer).finish(answer["id"])
        with self.assertRaisesRegex(UserError, "has no resolution"):
            self.api(self.engineer).draft_rule(answer["id"])
        self.assertFalse(self.Run.browse(answer["id"]).rule_id)

    def test_title_is_the_lessons_imperative_and_the_lesson_keeps_its_lines(self):
        answer = self.start()
        self.walk(answer)
        run = self.Run.browse(answer["id"])
        lesson = (
            "- We should release DB connections in finally blocks.\n"
            "- Add a CI check that every cursor is closed.\n\nSee PR #456."
        )
        run.with_user(self.engineer).write({"resolution": lesson})
        with self.clock(T0):
            self.api(self.engineer).finish(run.id)
        drafted = self.api(self.engineer).draft_rule(run.id)
        rule = self.env["practice.rule"].browse(drafted["rule_id"])
        self.assertEqual(drafted["title"], "Release DB connections in finally blocks")
        self.assertEqual(rule.rule, lesson)  # line breaks kept
        self.assertNotIn("Deploy failed", rule.name)
        # the title stays editable while the rule is proposed
        rule.with_user(self.engineer).write({"name": "Close DB connections in finally blocks"})
        rule.with_user(self.engineer2).action_accept()
        self.assertEqual((rule.status, rule.name), ("active", "Close DB connections in finally blocks"))
