# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import KnowledgeCase, read_vault


@tagged("post_install", "-at_install", "practice_domain")
class TestKnowledgeBundle(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["practice.vault"].import_files(read_vault(cls.env), repo=cls.repo.id)

    def _bundle(self, modules=()):
        return self.env["practice.context"].bundle(modules=list(modules), repo=self.repo.id, max_bytes=200000)

    def test_rules_of_named_modules_first_then_the_rest(self):
        items = self._bundle(["practice_lock"])["sections"]["rules"]["items"]
        named = [item for item in items if item["for_modules"]]
        self.assertIn(
            "Renew your lock lease; check the fencing token before writing", [i["title"] for i in named]
        )
        self.assertEqual(items[: len(named)], named, "the rules of the named modules come first")
        # the rest: severity, newest first
        self.assertEqual(items[len(named)]["severity"], "critical")
        total = self.env["practice.rule"].search_count([("repo_id", "=", self.repo.id)])
        self.assertEqual(len(items), total)

    def test_retired_rules_left_out(self):
        rule = self.env["practice.rule"].search(
            [("repo_id", "=", self.repo.id), ("severity", "=", "critical")]
        )
        rule.action_retire()
        titles = [i["title"] for i in self._bundle()["sections"]["rules"]["items"]]
        self.assertNotIn(rule.name, titles)

    def test_glossary_holds_terms_the_rules_use_first_then_the_rest(self):
        sections = self._bundle(["practice_lock"])["sections"]
        items = sections["glossary"]["items"]
        used = [i["term"] for i in items if i["used"]]
        self.assertIn("fencing token", used)  # named in a rule
        self.assertIn("lease", used)
        self.assertIn("module lock", used)  # by its alias "lock"
        self.assertNotIn("quality score", used)  # in no shown item
        self.assertEqual(used, sorted(used, key=str.lower))
        # then the rest of the repository's glossary, while it fits
        rest = [i["term"] for i in items if not i["used"]]
        self.assertIn("quality score", rest)
        self.assertEqual([i["term"] for i in items], used + rest)
        total = self.env["practice.glossary.term"].search_count([("repo_id", "=", self.repo.id)])
        self.assertEqual(len(items), total)

    def test_runbooks_linked_by_the_rules(self):
        sections = self._bundle()["sections"]
        self.assertEqual(sorted(i["number"] for i in sections["runbooks"]["items"]), [1, 2])
        self.assertEqual(sections["rules"]["priority"], 10)
        self.assertEqual(sections["glossary"]["priority"], 30)
        self.assertEqual(sections["runbooks"]["priority"], 40)

    def test_bundle_deterministic_and_markdown_ordered(self):
        first, second = self._bundle(["practice_watchdog"]), self._bundle(["practice_watchdog"])
        self.assertEqual(first, second)
        text = first["markdown"]
        self.assertLess(text.index("## Hard rules"), text.index("## Glossary"))
        self.assertLess(text.index("## Glossary"), text.index("## Runbooks"))
        self.assertIn("Raw SQL deletes bypass ORM hooks", text.split("## Hard rules")[1].split("\n- ")[1])
