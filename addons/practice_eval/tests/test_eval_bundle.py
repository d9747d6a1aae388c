# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import EvalCase, junit_case, junit_doc


@tagged("post_install", "-at_install", "practice_domain")
class TestEvalBundle(EvalCase):
    def test_bundle_shows_latest_run_and_failing_cases_of_named_modules_first(self):
        Context = self.env["practice.context"].with_user(self.ai_user)
        empty = Context.bundle(repo="test-repo", fmt="json")
        self.assertNotIn(
            "eval",
            [s["key"] for s in empty["sections"]]
            if isinstance(empty["sections"], list)
            else empty["sections"],
        )
        self.push(
            self.engineer,
            junit_doc(
                junit_case(
                    "t_other", "failed", classname="odoo.addons.stock_ext.tests.TestX", message="other"
                ),
                junit_case("t_mine", "failed", classname="odoo.addons.sale_ext.tests.TestY", message="mine"),
                junit_case("t_ok"),
            ),
            commit="abcdef1234567890",
        )
        result = Context.bundle(repo="test-repo", modules=["sale_ext"], fmt="markdown")
        text = result["markdown"]
        self.assertIn("## Latest eval run", text)
        self.assertIn("**RED**", text)
        self.assertIn("1/3 passed", text)
        self.assertLess(text.index("TestY::t_mine"), text.index("TestX::t_other"))
        self.assertIn("TestY::t_mine`: mine (your module)", text)
