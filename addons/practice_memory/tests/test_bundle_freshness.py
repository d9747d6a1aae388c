# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Memory per module, with freshness (issue 11 item 6) and no noise in the bundle (item 4)."""

import re

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemoryCase

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@tagged("post_install", "-at_install", "practice_domain")
class TestMemoryFreshness(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Memory.search([]).write({"status": "archived"})

    def remember(self, topic, summary, user=None, **kwargs):
        if "session_id" not in kwargs:  # a session of test-repo (without one: the default repository)
            self._sessions = getattr(self, "_sessions", 0) + 1
            kwargs["session_id"] = f"fresh-auto-{self._sessions}"
            self.start(kwargs["session_id"], user=user or self.ai_user)
        return self.Memory.with_user(user or self.ai_user).remember(topic, summary, **kwargs)

    def bundle(self, user=None, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        Context = self.env["practice.context"]
        return (Context.with_user(user) if user else Context).bundle(**kwargs)

    def memory_items(self, **kwargs):
        return self.bundle(fmt="json", **kwargs)["sections"].get("memory", {}).get("items", [])

    def test_modules_default_to_the_session_modules(self):
        self.start("fresh-1", user=self.ai_user, modules=["practice_lock", "sale_ext"])
        got = self.remember("Lease renewals", "Renew at half the TTL.", session_id="fresh-1")
        self.assertEqual(sorted(got["modules"]), ["practice_lock", "sale_ext"])
        named = self.remember(
            "Other lesson", "Something else entirely.", session_id="fresh-1", modules=["stock_ext"]
        )
        self.assertEqual(named["modules"], ["stock_ext"], "explicit modules win over the session's")
        bare = self.Memory.with_user(self.ai_user).remember("No session lesson", "Nothing to inherit here.")
        self.assertEqual(bare["modules"], [])

    def test_memory_of_the_named_modules_ranks_first(self):
        # an Engineer's memory: reviewed, in every session's bundle
        self.start("fresh-2", user=self.engineer, modules=["practice_lock"])
        general = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "Often seen", "summary": "General advice.", "times_seen": 20}
        )
        lock = self.remember(
            "Fencing tokens", "Compare the token on every write.", user=self.engineer, session_id="fresh-2"
        )
        ids = [item["id"] for item in self.memory_items(modules=["practice_lock"])]
        self.assertEqual(ids[:2], [lock["id"], general.id])
        self.assertEqual([item["id"] for item in self.memory_items()][:1], [general.id])

    def test_expires_on_hides_from_the_bundle_without_deleting(self):
        with freeze_time("2026-12-10 12:00:00"):
            # an Engineer's memory: reviewed, in every session's bundle and index
            got = self.remember(
                "Temporary workaround",
                "Pin the driver until 2.1.",
                user=self.engineer,
                expires_on="2026-12-10",
            )
            self.assertEqual(got["expires_on"], "2026-12-10")
            self.assertIn(got["id"], [item["id"] for item in self.memory_items()], "shown on its last day")
        with freeze_time("2026-12-11 08:00:00"):
            self.assertNotIn(got["id"], [item["id"] for item in self.memory_items()])
            memory = self.Memory.browse(got["id"])
            self.assertTrue(memory.exists())
            self.assertEqual(memory.status, "active")
            self.assertIn("Temporary workaround", self.Memory.index(repo="test-repo")["markdown"])
        with self.assertRaises(UserError):
            self.remember("Bad date", "Never stored.", expires_on="next week")
        with self.assertRaises(UserError):
            self.remember("Bad date", "Never stored.", expires_on=["2026-12-10"])
        self.assertFalse(self.Memory.search([("topic", "=", "Bad date")]))

    def test_supersede_keeps_history_and_leaves_the_bundle(self):
        # one AI session: its own (unreviewed) memories are in its own bundle
        self.start("fresh-sup", user=self.ai_user)
        old = self.remember("Image writes", "Commit in batches of 500 rows.", session_id="fresh-sup")
        new = self.remember(
            "Image writes in batches",
            "Commit every 100 rows since Odoo 18.",
            session_id="fresh-sup",
            supersedes=old["id"],
        )
        self.assertTrue(new["created"])
        previous = self.Memory.browse(old["id"])
        self.assertEqual((previous.status, previous.superseded_by_id.id), ("superseded", new["id"]))
        self.assertEqual(self.Memory.browse(new["id"]).supersede_ids, previous)
        own = self.memory_items(user=self.ai_user, session_id="fresh-sup")
        self.assertEqual([item["id"] for item in own], [new["id"]])
        # by key or topic too; a superseded one cannot be superseded again
        third = self.remember(
            "Image writes, final", "Use the queue job.", session_id="fresh-sup", supersedes=new["topic"]
        )
        self.assertEqual(self.Memory.browse(new["id"]).superseded_by_id.id, third["id"])
        with self.assertRaisesRegex(UserError, "superseded already"):
            self.remember("Again", "Nope.", supersedes=old["id"])
        with self.assertRaisesRegex(UserError, "No memory"):
            self.remember("Again", "Nope.", supersedes="no-such-key")
        # a curated memory is superseded only by an Engineer
        curated = self.Memory.browse(third["id"])
        curated.action_accept_promotion()
        with self.assertRaisesRegex(AccessError, "curated"):
            self.remember("AI rewrite", "Not allowed.", supersedes=third["id"])
        self.assertEqual(curated.status, "active")
        # the guarded fields stay guarded
        with self.assertRaises(AccessError):
            self.Memory.browse(third["id"]).with_user(self.engineer).write({"status": "superseded"})
        with self.assertRaises(AccessError):
            self.Memory.browse(third["id"]).with_user(self.engineer).write(
                {"supersede_ids": [(4, old["id"])]}
            )

    def test_supersede_from_the_backend(self):
        old = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "Old way", "summary": "Do it by hand."}
        )
        new = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "New way", "summary": "Use the wizard."}
        )
        with self.assertRaises(AccessError):
            old.with_user(self.ai_user).action_supersede_by(new.id)
        with self.assertRaises(UserError):
            old.with_user(self.engineer).action_supersede_by("new")
        old.with_user(self.engineer).action_supersede_by(new.id)
        self.assertEqual((old.status, old.superseded_by_id), ("superseded", new))
        # the form's "Superseded by..." wizard
        newest = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "Newest way", "summary": "Use the queue."}
        )
        wizard = (
            self.env["practice.memory.supersede"]
            .with_user(self.engineer)
            .with_context(active_model="practice.memory", active_id=new.id)
            .create({"replacement_id": newest.id})
        )
        self.assertEqual(wizard.memory_id, new)
        wizard.action_confirm()
        self.assertEqual((new.status, new.superseded_by_id), ("superseded", newest))
        self.assertEqual(newest.supersede_ids, new)
        with self.assertRaises(AccessError):
            self.env["practice.memory.supersede"].with_user(self.ai_user).create(
                {"memory_id": newest.id, "replacement_id": old.id}
            )

    @freeze_time("2026-12-04 12:00:00")
    def test_ages_and_iso_timestamps_against_a_fixed_now(self):
        memory = self.Memory.with_context(default_repo_id=self.repo.id).create(
            {"topic": "Dated", "summary": "Three days old.", "date": "2026-12-01", "first_seen": "2026-12-01"}
        )
        Log = self.Log.with_user(self.ai_user)
        with freeze_time("2026-12-02 09:30:00"):
            Log.start("aged-1", "Aged session", modules=["sale_ext"], repo="test-repo")
        with freeze_time("2026-12-02 10:00:00"):
            Log.finish("aged-1", "success", "Done.")
        result = self.bundle(modules=["sale_ext"], fmt="json")
        (item,) = [i for i in result["sections"]["memory"]["items"] if i["id"] == memory.id]
        self.assertEqual(item["age"], "3 days ago")
        (session,) = result["sections"]["sessions"]["items"]
        self.assertEqual(session["ended_at"], "2026-12-02T10:00:00Z")
        self.assertEqual(session["started_at"], "2026-12-02T09:30:00Z")
        self.assertEqual(session["age"], "2 days ago")
        text = self.bundle(modules=["sale_ext"])["markdown"]
        self.assertIn("- **Dated** · 2026-12-01 (3 days ago) · Three days old.", text)
        self.assertIn("- 2026-12-02T10:00:00Z (2 days ago) **success** · Aged session", text)
        self.assertNotIn("0 memories", text)
        self.assertNotIn("name your modules", text)

    def test_no_empty_memory_or_session_sections(self):
        result = self.bundle(repo="other-repo")
        self.assertNotIn("## Memory", result["markdown"])
        self.assertNotIn("## Recent sessions", result["markdown"])
        self.assertNotIn("memory", result["sections"])

    def test_session_title_is_the_task_when_none_is_given(self):
        self.start("task-1", user=self.ai_user, modules=["sale_ext"], title="Regenerate product thumbnails")
        Context = self.env["practice.context"].with_user(self.ai_user)
        request = Context._bundle_request("task-1", ["sale_ext"], "test-repo", 25000, "markdown")
        self.assertEqual(request["task"], "Regenerate product thumbnails")
        request = Context._bundle_request("task-1", [], "test-repo", 25000, "markdown", task="Fix invoices")
        self.assertEqual(request["task"], "Fix invoices")
        # the session must be of the bundle's repository
        other_repo = Context._bundle_request("task-1", [], "other-repo", 25000, "markdown")
        self.assertFalse(other_repo.get("task"))
        # the task ranks memories sharing its words first
        Memory = self.Memory.with_context(default_repo_id=self.repo.id)
        Memory.create({"topic": "Often seen", "summary": "General advice.", "times_seen": 30})
        thumbs = Memory.create({"topic": "Thumbnails", "summary": "Regenerate thumbnails in batches."})
        items = self.memory_items(session_id="task-1")
        self.assertEqual(items[0]["id"], thumbs.id)


@tagged("post_install", "-at_install", "practice_domain")
class TestPinnedLocksUnderBudget(MemoryCase):
    def test_locks_on_named_modules_survive_a_tiny_budget(self):
        if "practice.lock" not in self.env:
            self.skipTest("practice_lock is not installed")
        Memory = self.Memory.with_context(default_repo_id=self.repo.id)
        Memory.create([{"topic": f"Filler {i:03d}", "summary": "z" * 300} for i in range(60)])
        if "practice.rule" in self.env:
            self.env["practice.rule"].create(
                [
                    {
                        "name": f"Filler rule {i:03d}",
                        "rule": "Never do the thing. " * 10,
                        "fix": "Do the other thing. " * 5,
                        "severity": "high",
                        "repo_id": self.repo.id,
                    }
                    for i in range(200)
                ]
            )
        Lock = self.env["practice.lock"]
        Lock.with_user(self.engineer2).acquire("pinned_mod", "their-session", repo="test-repo")
        Lock.with_user(self.engineer).acquire("mine_mod", "my-session", repo="test-repo")
        Lock.with_user(self.engineer2).acquire("unrelated_mod", "third-session", repo="test-repo")
        result = (
            self.env["practice.context"]
            .with_user(self.engineer)
            .bundle(
                session_id="my-session", modules=["pinned_mod", "mine_mod"], repo="test-repo", max_bytes=2500
            )
        )
        self.assertLessEqual(result["bytes"], 2500)
        self.assertTrue(result["truncated"])
        text = result["markdown"]
        self.assertIn("## Locks on your modules", text)
        self.assertIn("pinned_mod", text)
        self.assertIn("mine_mod", text)
        self.assertLess(text.index("pinned_mod"), text.index("mine_mod"), "theirs first, then ours")
        self.assertIn("## Left out", text)
        locks = result["sections"]["locks"]
        self.assertEqual((locks["count"], locks["truncated"]), (2, False))
        for item in locks["items"]:
            self.assertRegex(item["since"], ISO_Z)
            self.assertRegex(item["expires_at"], ISO_Z)
