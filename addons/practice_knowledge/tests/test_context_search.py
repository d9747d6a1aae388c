# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KnowledgeCase, read_vault


@tagged("post_install", "-at_install", "practice_domain")
class TestContextSearch(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["practice.vault"].import_files(read_vault(cls.env), repo=cls.repo.id)
        cls.env.flush_all()

    def _search(self, query, user=None, **kwargs):
        ctx = self.env["practice.context"]
        if user:
            ctx = ctx.with_user(user)
        return ctx.search(query, repo=self.repo.id, **kwargs)

    def test_finds_rules_by_words_with_a_ref_get_accepts(self):
        result = self._search("tree list view", user=self.engineer)
        rules = [r for r in result["results"] if r["kind"] == "rule"]
        self.assertTrue(rules)
        self.assertIn("<list>", rules[0]["title"])
        scores = [r["score"] for r in result["results"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        whole = self.env["practice.context"].get("rule", rules[0]["ref"], repo=self.repo.id)
        self.assertEqual(whole["id"], rules[0]["id"])

    def test_kinds_and_limit_restrict_results(self):
        result = self._search("odoo", kinds=["runbook", "adr"], limit=2)
        self.assertLessEqual(len(result["results"]), 2)
        self.assertTrue({r["kind"] for r in result["results"]} <= {"runbook", "adr"})
        self.assertEqual(self._search("zzzqqqxxyy")["results"], [])

    def test_other_repositories_are_not_searched(self):
        other = self.env["practice.context"].search("tree list view", repo=self.other_repo.id)
        self.assertEqual(other["results"], [])

    def test_bad_input_is_a_user_error(self):
        for query, kwargs in (("", {}), ("x" * 501, {}), ("ok", {"kinds": ["memory"]}), ("ok", {"limit": 0})):
            with self.assertRaises(UserError):
                self._search(query, **kwargs)

    def test_reads_with_the_callers_rights(self):
        with self.assertRaises(AccessError):
            self._search("tree list view", user=self.outsider)

    def test_rpc_answer_is_the_dict_not_record_ids(self):
        # an override of BaseModel.search inherits its returns("self") spec unless reset:
        # over RPC the dict answer would be turned into `.ids` (AttributeError)
        from odoo import api

        method = type(self.env["practice.context"]).search
        answer = self._search("tree list view", user=self.engineer)
        self.assertEqual(api.downgrade(method, answer, self.env["practice.context"], (), {}), answer)
