# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import SopCase


@tagged("post_install", "-at_install", "practice_integration")
class TestSopContext(SopCase):
    def test_bundle_shows_open_runs_of_named_modules_and_codes_of_shown_rules(self):
        answer = self.start(title="ctx: checkout 500s", severity="critical")
        run = self.Run.browse(answer["id"])
        repo = run.repo_id
        module = self.env["practice.code.module"]._ensure(repo, ["ctx_checkout"])
        run.write({"module_ids": [(6, 0, module.ids)]})
        self.start(title="ctx: unrelated run")
        Context = self.env["practice.context"].with_user(self.reader)
        bundle = Context.bundle(modules=["ctx_checkout"], fmt="json")
        runs = bundle["sections"]["sop_runs"]["items"]
        self.assertEqual([r["id"] for r in runs], [run.id])
        self.assertEqual((runs[0]["sop"], runs[0]["state"]), ("SOP-TRIAGE-001", "running"))
        self.assertNotIn("sop_runs", Context.bundle(modules=["other_module_x"], fmt="json")["sections"])
        # error codes of the rules the bundle shows
        rule = self.env["practice.rule"].create(
            {
                "name": "ctx rule",
                "rule": "close cursors",
                "repo_id": repo.id,
                "module_ids": [(6, 0, module.ids)],
            }
        )
        self.Code.with_user(self.engineer).register("CTX_CURSOR_LEAK", "high", "cursor leak", "close cursors")
        self.Code.search([("name", "=", "CTX_CURSOR_LEAK")]).write({"rule_ids": [(4, rule.id)]})
        self.Code.with_user(self.engineer).register("CTX_NOT_SHOWN", "low", "no rule")
        bundle = Context.bundle(modules=["ctx_checkout"])
        self.assertIn("CTX_CURSOR_LEAK", bundle["markdown"])
        self.assertNotIn("CTX_NOT_SHOWN", bundle["markdown"])
        # a completed run leaves the section
        self.walk(answer)
        self.api(self.engineer).finish(run.id)
        self.assertNotIn("ctx: checkout 500s", Context.bundle(modules=["ctx_checkout"])["markdown"])
