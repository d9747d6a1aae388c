# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The prompt-time context's memory part and the session title a prompt gives (issue 25
item 1): practice.context.prompt answers the memories the prompt's words find, not yet shown;
practice.session.log.retitle names a running session after its task."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_domain")
class TestPromptMemory(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Memory.search([]).write({"status": "archived"})
        Memory = cls.Memory.with_context(default_repo_id=cls.repo.id)
        cls.mem_thumb = Memory.create(
            {"topic": "Thumbnail regeneration", "summary": "Regenerate thumbnails in batches of 500."}
        )
        cls.mem_other = Memory.create({"topic": "Quants", "summary": "stock_ext recomputes quants nightly."})
        # many memories ahead of it in the index order: the prompt still finds it
        Memory.create(
            [{"topic": f"Habit {i}", "summary": "Commit small.", "times_seen": 50} for i in range(250)]
        )

    def test_memories_the_prompt_words_find(self):
        answer = self.env["practice.context"].prompt("regenerate the product thumbnails", repo=self.repo.id)
        self.assertIn(f"memory:{self.mem_thumb.id}", answer["keys"])
        self.assertNotIn(f"memory:{self.mem_other.id}", answer["keys"])
        self.assertIn("## Memory", answer["markdown"])
        self.assertNotIn("Habit 1", answer["markdown"])
        again = self.env["practice.context"].prompt(
            "regenerate the product thumbnails", repo=self.repo.id, shown=answer["keys"]
        )
        self.assertNotIn(f"memory:{self.mem_thumb.id}", again["keys"])

    def test_one_common_word_of_a_long_prompt_is_not_relevant(self):
        common = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "Release check", "summary": "Check the changelog before a release."}
        )
        answer = self.env["practice.context"].prompt(
            "check the fencing token after the lease renewal", repo=self.repo.id
        )
        self.assertNotIn(f"memory:{common.id}", answer["keys"])
        answer = self.env["practice.context"].prompt("check the changelog of the release", repo=self.repo.id)
        self.assertIn(f"memory:{common.id}", answer["keys"])

    def test_unrelated_prompt_answers_nothing(self):
        answer = self.env["practice.context"].prompt("zyxwv qqqplm", repo=self.repo.id)
        self.assertEqual((answer["markdown"], answer["keys"]), ("", []))


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSessionRetitle(MemoryCase):
    def test_first_prompt_titles_the_session(self):
        self.start("s-title", user=self.ai_user, title="Agent session (startup) in repo")
        Log = self.Log.with_user(self.ai_user)
        answer = Log.retitle("s-title", "  Fix the\nthumbnail cron  ", only_untitled=True)
        self.assertEqual(
            answer, {"session_id": "s-title", "title": "Fix the thumbnail cron", "changed": True}
        )
        # a given title is kept when only an untitled one may change
        again = Log.retitle("s-title", "Something else", only_untitled=True)
        self.assertEqual((again["title"], again["changed"]), ("Fix the thumbnail cron", False))
        forced = Log.retitle("s-title", "Something else")
        self.assertTrue(forced["changed"])
        self.assertEqual(self.log("s-title").title, "Something else")

    def test_only_the_owner_while_running(self):
        self.start("s-own", user=self.ai_user, title="Agent session (startup) in repo")
        with self.assertRaises(AccessError):
            self.Log.with_user(self.ai_user2).retitle("s-own", "Mine now")
        with self.assertRaises(AccessError):
            self.Log.with_user(self.engineer).retitle("s-own", "Mine now")
        self.Log.with_user(self.ai_user).finish("s-own", "partial", "Done.")
        with self.assertRaises(UserError) as caught:
            self.Log.with_user(self.ai_user).retitle("s-own", "Later")
        self.assertIn("only a running session", str(caught.exception))

    def test_bad_input(self):
        self.start("s-bad", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        for title in (None, "", "   ", 5, ["x"], "x" * 201):
            with self.subTest(title=str(title)[:20]):
                with self.assertRaises(UserError):
                    Log.retitle("s-bad", title)
        with self.assertRaises(UserError):
            Log.retitle("no-such-session", "Title")
        with self.assertRaises(UserError):
            Log.retitle(None, "Title")
