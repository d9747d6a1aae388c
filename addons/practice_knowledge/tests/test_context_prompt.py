# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""practice.context.prompt: the practice relevant to one prompt that the session was not
shown yet, whole, within a small budget (issue 25 item 1)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import recall_fixture
from .common import KnowledgeCase

THUMBNAIL_TITLE = recall_fixture.TARGETS[0]["name"]
FENCING_TITLE = recall_fixture.TARGETS[2]["name"]
THUMBNAIL_TASK = "Bulk regenerate product thumbnails"


class PromptCase(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Context = cls.env["practice.context"]
        cls.runbook = cls.env["practice.runbook"].create(
            {
                "repo_id": cls.repo.id,
                "number": 14,
                "name": "Image pipeline recovery",
                "steps": "1. Stop the thumbnail cron.\n2. Restore ir_attachment rows from the snapshot.",
            }
        )
        vals = recall_fixture.make_rules(200, seed=11)
        for rule in vals:
            rule["repo_id"] = cls.repo.id
        vals[0]["runbook_ids"] = [(6, 0, cls.runbook.ids)]
        cls.rules = cls.env["practice.rule"].create(vals)
        cls.by_title = {rule.name: rule for rule in cls.rules}
        cls.thumbnail = cls.by_title[THUMBNAIL_TITLE]
        cls.fencing = cls.by_title[FENCING_TITLE]
        cls.term = cls.env["practice.glossary.term"].create(
            {
                "repo_id": cls.repo.id,
                "name": "Fencing token",
                "aliases": "token",
                "definition": "A monotonic number the storage checks before a write under a lock.",
            }
        )

    def prompt(self, task, **kwargs):
        kwargs.setdefault("repo", self.repo.id)
        return self.Context.prompt(task, **kwargs)


@tagged("post_install", "-at_install", "practice_domain")
class TestContextPrompt(PromptCase):
    def test_relevant_rule_whole_with_fix_first(self):
        answer = self.prompt(THUMBNAIL_TASK)
        self.assertEqual(set(answer), {"markdown", "keys", "bytes", "repo"})
        self.assertEqual(answer["repo"], self.repo.name)
        self.assertEqual(answer["keys"][0], f"rule:{self.thumbnail.id}")
        markdown = answer["markdown"]
        # rules first, the best one first, whole: its text and its fix
        first_section = markdown.split("\n## ", 2)[1]
        self.assertTrue(first_section.startswith("Hard rules"), markdown[:300])
        self.assertIn(f"rule #{self.thumbnail.id}", first_section.split("\n- ")[1])
        fix = " ".join(self.thumbnail.fix.split())
        self.assertIn(fix, " ".join(markdown.split()))
        self.assertIn("**Fix:**", markdown)
        # the runbook its rule links, whole, with a key
        self.assertIn(f"runbook:{self.runbook.id}", answer["keys"])
        self.assertIn("Stop the thumbnail cron", markdown)
        # no locks, alerts, sessions or scope
        for title in ("## Scope", "## Locks", "## Recent sessions", "## Alerts"):
            self.assertNotIn(title, markdown)
        self.assertEqual(answer["bytes"], len(markdown.encode()))

    def test_relevance_only(self):
        """Only what the prompt's words find: no severity fallback, nothing for a prompt that
        names nothing of the practice."""
        answer = self.prompt("zyxwv qqqplm")
        self.assertEqual(answer, {"markdown": "", "keys": [], "bytes": 0, "repo": self.repo.name})
        rule = self.env["practice.rule"].create(
            {
                "repo_id": self.repo.id,
                "name": "Quuxification of the frobnicator",
                "severity": "low",
                "rule": "Quuxify the frobnicator before release.",
                "fix": "Run the quuxifier.",
            }
        )
        answer = self.prompt("please quuxify the frobnicator")
        self.assertEqual(answer["keys"], [f"rule:{rule.id}"])
        self.assertIn("Run the quuxifier.", answer["markdown"])
        critical = self.rules.filtered(lambda r: r.severity == "critical")
        self.assertTrue(critical)
        for other in critical:
            self.assertNotIn(f"rule #{other.id}", answer["markdown"])

    def test_terms_named_by_the_prompt(self):
        answer = self.prompt("Check the fencing token after the lease renewal")
        self.assertIn(f"term:{self.term.id}", answer["keys"])
        self.assertIn(f"rule:{self.fencing.id}", answer["keys"])
        self.assertIn("## Glossary", answer["markdown"])
        self.assertIn("A monotonic number the storage checks", answer["markdown"])

    def test_shown_items_are_not_repeated(self):
        first = self.prompt(THUMBNAIL_TASK)
        self.assertTrue(first["keys"])
        second = self.prompt(THUMBNAIL_TASK, shown=first["keys"])
        self.assertFalse(set(first["keys"]) & set(second["keys"]))
        self.assertNotIn(f"rule #{self.thumbnail.id}", second["markdown"])
        # shown everything relevant: nothing new
        shown = list(first["keys"])
        for _round in range(30):
            answer = self.prompt(THUMBNAIL_TASK, shown=shown, max_bytes=25000)
            if not answer["keys"]:
                break
            shown += answer["keys"]
        self.assertEqual(answer["markdown"], "")
        self.assertEqual(answer["keys"], [])
        self.assertEqual(len(shown), len(set(shown)))

    def test_budget_respected(self):
        for max_bytes in (256, 700, 1500, 4000, 9000):
            answer = self.prompt(THUMBNAIL_TASK, max_bytes=max_bytes)
            self.assertLessEqual(answer["bytes"], max_bytes)
            self.assertEqual(answer["bytes"], len(answer["markdown"].encode()))
            # every key's item is whole in the markdown
            for key in answer["keys"]:
                kind, record_id = key.split(":")
                if kind == "rule":
                    rule = self.env["practice.rule"].browse(int(record_id))
                    self.assertIn(" ".join(rule.fix.split()), " ".join(answer["markdown"].split()))
        # the default budget is 4,000 bytes
        self.assertLessEqual(self.prompt(THUMBNAIL_TASK)["bytes"], 4000)
        small = self.prompt(THUMBNAIL_TASK, max_bytes=700)
        self.assertIn("## Left out", small["markdown"])

    def test_readers_and_ai_sessions_call_it(self):
        for user in (self.reader, self.ai_user, self.engineer):
            answer = self.Context.with_user(user).prompt(
                THUMBNAIL_TASK, session_id="s-prompt", repo=self.repo.name, modules=["fl_catalog"]
            )
            self.assertEqual(answer["keys"][0], f"rule:{self.thumbnail.id}")
        # who may not read the practice is refused first, whatever the arguments
        for args in ((THUMBNAIL_TASK,), (None,)):
            with self.assertRaises(AccessError):
                self.Context.with_user(self.outsider).prompt(*args, repo=self.repo.name)

    def test_bundle_unchanged(self):
        """prompt() leaves bundle() as it was: full rule form, no keys, same answer twice."""
        before = self.Context.bundle(repo=self.repo.id, task=THUMBNAIL_TASK)
        self.prompt(THUMBNAIL_TASK, shown=[f"rule:{self.fencing.id}"])
        after = self.Context.bundle(repo=self.repo.id, task=THUMBNAIL_TASK)
        self.assertEqual(before, after)
        self.assertNotIn("keys", after)
        self.assertIn("**Incident (", after["markdown"])
        self.assertIn("## Scope", after["markdown"])
        item = after["sections"]["rules"]["items"][0]
        self.assertNotIn("key", item)


@tagged("post_install", "-at_install", "practice_rules")
class TestContextPromptInput(PromptCase):
    def test_bad_input_is_a_clear_user_error(self):
        cases = [
            ((None,), {}, "task is required"),
            (("   ",), {}, "task is required"),
            ((42,), {}, "task must be text"),
            (("x" * 2001,), {}, "task must be text"),
            ((THUMBNAIL_TASK,), {"max_bytes": 255}, "max_bytes must be at least 256"),
            ((THUMBNAIL_TASK,), {"max_bytes": 25001}, "max_bytes must be at most 25000"),
            ((THUMBNAIL_TASK,), {"max_bytes": "lots"}, "max_bytes must be a whole number"),
            ((THUMBNAIL_TASK,), {"max_bytes": True}, "max_bytes must be a whole number"),
            ((THUMBNAIL_TASK,), {"shown": "rule:1"}, "shown must be a list"),
            ((THUMBNAIL_TASK,), {"shown": ["rule:1", 7]}, "shown must hold keys"),
            ((THUMBNAIL_TASK,), {"shown": ["rule:x"]}, "shown must hold keys"),
            ((THUMBNAIL_TASK,), {"shown": ["rule:0"]}, "shown must hold keys"),
            ((THUMBNAIL_TASK,), {"shown": ["rule:1"] * 2001}, "shown holds at most 2000"),
            ((THUMBNAIL_TASK,), {"session_id": "x" * 500}, "session_id must be text"),
            ((THUMBNAIL_TASK,), {"session_id": ["a"]}, "session_id must be text"),
        ]
        for args, kwargs, message in cases:
            with self.subTest(args=str(args)[:40], kwargs=str(kwargs)[:60]):
                with self.assertRaises(UserError) as caught:
                    self.prompt(*args, **kwargs)
                self.assertIn(message, str(caught.exception))

    def test_defaults_and_empty_values(self):
        answer = self.prompt(THUMBNAIL_TASK, max_bytes=None, shown=None, session_id=False)
        self.assertLessEqual(answer["bytes"], 4000)
        self.assertTrue(answer["keys"])
        # keys of unknown kinds or records are accepted (an older answer's, another addon's)
        again = self.prompt(THUMBNAIL_TASK, shown=["adr:3", "rule:999999999"])
        self.assertEqual(again["keys"], answer["keys"])
