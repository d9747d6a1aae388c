# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10 item 4: owner, lifecycle and result fields of session logs, their timeline and
memories change only through start/note/finish, remember and the promotion actions."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemoryCase


@tagged("post_install", "-at_install", "practice_security")
class TestSessionLogGuards(MemoryCase):
    def finished(self, session_id, user=None):
        user = user or self.ai_user
        self.start(session_id, user=user)
        Log = self.Log.with_user(user)
        Log.note(session_id, "worked", "it did")
        Log.finish(session_id, "failed", "Honest summary.", cost=1.5, tokens=100)
        return self.log(session_id)

    def test_ai_user_cannot_reassign_its_log(self):
        self.start("g-owner", user=self.ai_user)
        log = self.log("g-owner").with_user(self.ai_user)
        admin = self.env.ref("base.user_admin")
        with self.assertRaisesRegex(AccessError, r"Owner \(user_id\).*start\(\), note\(\) and finish\(\)"):
            log.write({"user_id": admin.id})
        self.assertEqual(self.log("g-owner").user_id, self.ai_user)

    def test_ai_user_cannot_reopen_or_rewrite_a_finished_log(self):
        log = self.finished("g-reopen").with_user(self.ai_user)
        for vals in (
            {"state": "running"},
            {"outcome": False},
            {"summary": "All good, nothing failed."},
            {"state": "running", "outcome": False, "summary": "rewritten"},
            {"cost": 0.0},
            {"tokens": 1},
            {"ended_at": False},
            {"started_at": "2020-01-01 00:00:00"},
            {"name": "g-renamed"},
            {"duration_hours": 999.0},
            {"session_count": 50},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                log.write(vals)
        log = self.log("g-reopen")
        self.assertEqual(
            (log.name, log.state, log.outcome, log.summary, log.cost, log.tokens, log.session_count),
            ("g-reopen", "finished", "failed", "Honest summary.", 1.5, 100, 1),
        )
        # an Engineer may not either: the lifecycle is finish()'s
        with self.assertRaises(AccessError):
            log.with_user(self.engineer).write({"outcome": "success"})

    def test_unchanged_values_and_free_fields_still_write(self):
        log = self.finished("g-free").with_user(self.ai_user)
        log.write({"title": "Better title", "state": "finished", "outcome": "failed"})
        self.assertEqual(self.log("g-free").title, "Better title")

    def test_forged_grant_text_and_context_defaults_are_ignored(self):
        Log = self.Log.with_user(self.ai_user)
        with self.assertRaises(AccessError):
            Log.with_context(practice_guard="granted").create(
                {"name": "g-forged", "title": "x", "repo_id": self.repo.id, "state": "finished"}
            )
        log = self.finished("g-forged2").with_user(self.ai_user)
        with self.assertRaises(AccessError):
            log.with_context(practice_guard="granted").write({"state": "running"})
        # start() with hostile defaults: the log is the caller's and running
        admin = self.env.ref("base.user_admin")
        Log.with_context(
            default_user_id=admin.id,
            default_state="finished",
            default_outcome="success",
            default_summary="forged",
            default_cost=99.0,
        ).start("g-defaults", "Defaults", repo="test-repo")
        log = self.log("g-defaults")
        self.assertEqual(
            (log.user_id, log.state, log.outcome, log.summary, log.cost),
            (self.ai_user, "running", False, False, 0.0),
        )

    def test_direct_create_cannot_set_results(self):
        Log = self.Log.with_user(self.ai_user)
        for vals in (
            {"state": "finished"},
            {"outcome": "success"},
            {"summary": "done"},
            {"started_at": "2020-01-01 00:00:00"},
            {"cost": 5.0},
            {"user_id": self.ai_user2.id},
        ):
            with self.subTest(vals=vals), mute_logger("odoo.models"), self.assertRaises(AccessError):
                Log.create({"name": "g-create", "title": "x", "repo_id": self.repo.id, **vals})
        # defaults given explicitly are fine (a form sends them)
        log = Log.create(
            {
                "name": "g-create",
                "title": "x",
                "repo_id": self.repo.id,
                "state": "running",
                "user_id": self.ai_user.id,
            }
        )
        self.assertEqual((log.state, log.user_id), ("running", self.ai_user))

    def test_actions_still_work(self):
        self.start("g-abandon", user=self.ai_user)
        self.log("g-abandon").with_user(self.ai_user).action_abandon()
        self.assertEqual(self.log("g-abandon").outcome, "abandoned")

    def test_timeline_is_append_only(self):
        self.start("g-entries", user=self.ai_user)
        self.Log.with_user(self.ai_user).note("g-entries", "tried", "first")
        entry = self.log("g-entries").entry_ids
        # an Engineer may fix a running session's note, not its time or session
        entry.with_user(self.engineer).write({"text": "first (typo fixed)"})
        other = self.start("g-other", user=self.ai_user)
        for vals in ({"timestamp": "2020-01-01 00:00:00"}, {"session_log_id": other["id"]}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                entry.with_user(self.engineer).write(vals)
        Entry = self.env["practice.session.log.entry"].with_user(self.ai_user)
        with self.assertRaises(AccessError):
            Entry.create(
                {
                    "session_log_id": self.log("g-entries").id,
                    "kind": "note",
                    "text": "back-dated",
                    "timestamp": "2020-01-01 00:00:00",
                }
            )
        self.Log.with_user(self.ai_user).finish("g-entries", "success", "done")
        with self.assertRaisesRegex(AccessError, "finished"):
            entry.with_user(self.engineer).write({"text": "rewritten history"})
        self.assertEqual(entry.text, "first (typo fixed)")


@tagged("post_install", "-at_install", "practice_security")
class TestMemoryGuards(MemoryCase):
    def test_engineer_cannot_write_counters_or_curation_state(self):
        memory = self.Memory.create({"topic": "Guarded memory", "summary": "Text.", "repo_id": self.repo.id})
        other = self.Memory.create({"topic": "Another memory", "summary": "Other.", "repo_id": self.repo.id})
        self.start("g-mem", user=self.ai_user)
        log = self.log("g-mem")
        mine = memory.with_user(self.engineer)
        for vals in (
            {"times_seen": 99},
            {"first_seen": "2000-01-01"},
            {"promotion_state": "accepted"},
            {"status": "superseded"},
            {"superseded_by_id": other.id},
            {"session_ids": [(4, log.id)]},
            {"key": "renamed-key"},
            {"pinned": True},
            {"session_count": 7},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            self.Memory.with_user(self.engineer).create(
                {"topic": "Forged", "summary": "x", "repo_id": self.repo.id, "times_seen": 40}
            )
        memory.invalidate_recordset()
        self.assertEqual(
            (memory.times_seen, memory.promotion_state, memory.status, memory.key, len(memory.session_ids)),
            (1, "none", "active", "guarded-memory", 0),
        )
        # curation goes through the actions (as the Engineer, with their rights)
        mine.action_accept_promotion()
        self.assertTrue(memory.pinned)
        mine.action_unpin()
        mine.action_archive_memory()
        mine.action_restore()
        self.assertEqual((memory.promotion_state, memory.status), ("dismissed", "active"))
        # content stays editable by Engineers
        mine.write({"topic": "Guarded memory, renamed", "summary": "New text."})
        self.assertEqual(memory.summary, "New text.")

    def test_remember_ignores_hostile_defaults(self):
        result = (
            self.Memory.with_user(self.ai_user)
            .with_context(
                default_promotion_state="accepted", default_times_seen=50, default_status="archived"
            )
            .remember("Hostile defaults topic", "Nothing special here.")
        )
        memory = self.Memory.browse(result["id"])
        self.assertEqual((memory.promotion_state, memory.times_seen, memory.status), ("none", 1, "active"))
