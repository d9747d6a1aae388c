# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PracticeCase


@tagged("post_install", "-at_install", "practice_domain")
class TestContextBundle(PracticeCase):
    def test_bundle_contract_shape(self):
        result = self.env["practice.context"].bundle(modules=["sale_ext"], repo="test-repo")
        for key in ("markdown", "sections", "bytes", "truncated"):
            self.assertIn(key, result)
        self.assertIn("scope", result["sections"])
        self.assertEqual(result["bytes"], len(result["markdown"].encode()))
        self.assertLessEqual(result["bytes"], 25000)
        self.assertIn("test-repo", result["markdown"])
        self.assertIn("sale_ext", result["markdown"])

    def test_bundle_default_repo_and_unknown_module_flag(self):
        self.env["practice.code.module"].create({"name": "known_mod", "repo_id": self.repo.id})
        result = self.env["practice.context"].bundle(modules=["known_mod", "new_mod"], repo=self.repo.id)
        items = result["sections"]["scope"]["items"]
        self.assertEqual(
            items, [{"module": "known_mod", "known": True}, {"module": "new_mod", "known": False}]
        )
        default = self.env["practice.context"].bundle()
        self.assertEqual(default["repo"], self.env["practice.repo"]._resolve(None).name)

    def test_bundle_is_deterministic(self):
        Context = self.env["practice.context"]
        self.assertEqual(
            Context.bundle(modules=["a", "b"], repo="test-repo"),
            Context.bundle(modules=["a", "b"], repo="test-repo"),
        )

    def test_bundle_json_format(self):
        result = self.env["practice.context"].bundle(modules=["a"], repo="test-repo", fmt="json")
        self.assertEqual(result["markdown"], "")
        self.assertEqual(result["sections"]["scope"]["items"][0]["module"], "a")

    def test_bundle_budget_truncates(self):
        modules = [f"module_{i:04d}" for i in range(200)]
        result = self.env["practice.context"].bundle(modules=modules, repo="test-repo", max_bytes=1000)
        self.assertTrue(result["truncated"])
        self.assertLessEqual(result["bytes"], 1000)
        self.assertTrue(result["sections"]["scope"]["truncated"])
        self.assertLess(result["sections"]["scope"]["count"], 200)

    def test_bundle_bad_input(self):
        Context = self.env["practice.context"]
        with self.assertRaisesRegex(UserError, "Unknown format"):
            Context.bundle(fmt="xml")
        with self.assertRaisesRegex(UserError, "at least 256"):
            Context.bundle(max_bytes=10)
        with self.assertRaisesRegex(UserError, "whole number"):
            Context.bundle(max_bytes="lots")
        with self.assertRaises(ValidationError):
            Context.bundle(modules=["bad name"])
        with self.assertRaisesRegex(UserError, "Unknown repository"):
            Context.bundle(repo="missing")

    def test_reader_can_call_bundle(self):
        result = self.env["practice.context"].with_user(self.reader).bundle(repo="test-repo")
        self.assertIn("scope", result["sections"])
