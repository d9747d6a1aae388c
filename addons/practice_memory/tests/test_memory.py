# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_memory.tools import similarity

from .common import MemoryCase

TOPIC = "Image writes through the ORM time out"
SUMMARY = "Writing image bytes on product.template in one transaction times out; commit in batches of 500."
# near-identical wording of the same finding
TOPIC2 = "image writes through the ORM time out."
SUMMARY2 = "Writing image bytes on product.template in one transaction times out: commit in batches of 500!"

METHODS = ("pg_trgm", "python")


@tagged("post_install", "-at_install", "practice_domain")
class TestMemoryDedupe(MemoryCase):
    def _clean(self):
        """Archive every memory so each path starts from an empty active set."""
        self.Memory.search([]).write({"status": "archived"})

    def _memory(self, method):
        ctx = {"practice_memory_similarity": "python"} if method == "python" else {}
        return self.Memory.with_user(self.ai_user).with_context(**ctx)

    def test_pg_trgm_is_installed_by_the_hook(self):
        self.assertEqual(self.Memory._similarity_method(), "pg_trgm")
        self.assertEqual(
            self.Memory.with_context(practice_memory_similarity="python")._similarity_method(), "python"
        )

    def test_python_trigram_matches_postgresql(self):
        pairs = [
            (TOPIC, TOPIC2),
            (SUMMARY, SUMMARY2),
            ("word", "words"),
            ("fl_marketplaces_amazon sync", "amazon marketplace sync"),
            ("Totally different", "nothing alike here"),
        ]
        for a, b in pairs:
            self.env.cr.execute("SELECT similarity(%s, %s)", [a, b])
            with self.subTest(a=a, b=b):
                self.assertAlmostEqual(
                    similarity.trigram_similarity(a, b), self.env.cr.fetchone()[0], places=5
                )

    def test_remember_creates_new_memory_linked_to_session(self):
        self.start("m-new", user=self.ai_user)
        for method in METHODS:
            with self.subTest(method=method):
                self._clean()
                topic = f"{method} fresh topic about locks"
                result = self._memory(method).remember(topic, "Summary of a new finding.", session_id="m-new")
                self.assertTrue(result["created"])
                self.assertEqual(result["method"], method)
                self.assertEqual((result["times_seen"], result["sessions"]), (1, ["m-new"]))
                self.assertEqual(result["promotion"], "none")

    def test_near_identical_updates_and_counts_both_paths(self):
        for method in METHODS:
            with self.subTest(method=method):
                self._clean()
                sid1, sid2 = f"m-dup1-{method}", f"m-dup2-{method}"
                self.start(sid1, user=self.ai_user)
                self.start(sid2, user=self.ai_user)
                Memory = self._memory(method)
                first = Memory.remember(f"{method} {TOPIC}", SUMMARY, session_id=sid1)
                memory = self.Memory.browse(first["id"])
                memory.date = "2020-01-01"
                second = Memory.remember(f"{method} {TOPIC2}", SUMMARY2, session_id=sid2)
                self.assertFalse(second["created"])
                self.assertEqual(second["id"], first["id"])
                self.assertGreaterEqual(second["similarity"], similarity.SUMMARY_THRESHOLD)
                self.assertEqual(memory.times_seen, 2)
                self.assertEqual(memory.session_ids.mapped("name"), [sid1, sid2])
                # today as the caller sees it (its time zone): admin's differs around midnight UTC
                self.assertEqual(memory.date, fields.Date.context_today(Memory))
                self.assertEqual(memory.summary, SUMMARY2, "latest wording wins")
                self.assertEqual(self.Memory.search_count([("topic", "ilike", f"{method} image writes")]), 1)

    def test_different_findings_are_kept_apart(self):
        for method in METHODS:
            with self.subTest(method=method):
                self._clean()
                Memory = self._memory(method)
                a = Memory.remember(f"{method} {TOPIC}", SUMMARY)
                b = Memory.remember(
                    f"{method} {TOPIC}", "Thumbnails went blank after an attachment cleanup cron ran."
                )
                c = Memory.remember(f"{method} Lock leases expire after 30 minutes", SUMMARY)
                self.assertTrue(b["created"] and c["created"])
                self.assertEqual(len({a["id"], b["id"], c["id"]}), 3)

    def test_same_finding_in_two_repositories_kept_apart(self):
        self.start("m-here", user=self.ai_user)
        self.Log.with_user(self.ai_user).start("m-there", "Work", repo="other-repo")
        for method in METHODS:
            with self.subTest(method=method):
                self._clean()
                Memory = self._memory(method)
                here = Memory.remember(f"{method} {TOPIC}", SUMMARY, session_id="m-here")
                there = Memory.remember(f"{method} {TOPIC}", SUMMARY, session_id="m-there")
                again = Memory.remember(f"{method} {TOPIC2}", SUMMARY2, session_id="m-there")
                self.assertTrue(here["created"] and there["created"])
                self.assertNotEqual(here["id"], there["id"])
                self.assertEqual((again["id"], again["created"]), (there["id"], False))
                records = self.Memory.browse([here["id"], there["id"]])
                self.assertEqual(records.mapped("repo_id"), self.repo | self.other_repo)

    def test_archived_memory_is_not_matched(self):
        first = self.Memory.remember(TOPIC, SUMMARY)
        self.Memory.browse(first["id"]).action_archive_memory()
        again = self.Memory.remember(TOPIC, SUMMARY)
        self.assertTrue(again["created"])
        self.assertNotEqual(again["id"], first["id"])

    def test_curated_memory_keeps_its_wording(self):
        first = self.Memory.remember(TOPIC, SUMMARY)
        memory = self.Memory.browse(first["id"])
        memory.with_user(self.engineer).action_accept_promotion()
        self.Memory.with_user(self.ai_user).remember(TOPIC2, SUMMARY2)
        self.assertEqual((memory.summary, memory.times_seen), (SUMMARY, 2))

    def test_same_session_counts_once_for_promotion(self):
        self.start("m-same", user=self.ai_user)
        for _i in range(4):
            result = self.Memory.with_user(self.ai_user).remember(TOPIC, SUMMARY, session_id="m-same")
        self.assertEqual((result["times_seen"], result["sessions"]), (4, ["m-same"]))
        self.assertEqual(result["promotion"], "none")

    def test_bad_input(self):
        Memory = self.Memory.with_user(self.ai_user)
        with self.assertRaisesRegex(UserError, "needs a topic"):
            Memory.remember("  ", "x")
        with self.assertRaisesRegex(UserError, "needs a summary"):
            Memory.remember("topic", "")
        with self.assertRaisesRegex(UserError, "limited to 200"):
            Memory.remember("t" * 201, "x")
        with self.assertRaisesRegex(UserError, "Unknown session"):
            Memory.remember("topic", "summary", session_id="missing")
        self.assertFalse(self.Memory.search([("topic", "=", "topic")]))


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestMemoryPromotion(MemoryCase):
    def _seen_in_sessions(self, count, prefix="p"):
        result = None
        for i in range(count):
            sid = f"{prefix}-{i}"
            self.start(sid, user=self.ai_user)
            result = self.Memory.with_user(self.ai_user).remember(TOPIC, SUMMARY, session_id=sid)
        return self.Memory.browse(result["id"])

    def test_proposed_at_three_distinct_sessions(self):
        memory = self._seen_in_sessions(2)
        self.assertEqual(memory.promotion_state, "none")
        self.start("p-2", user=self.ai_user)
        result = self.Memory.with_user(self.ai_user).remember(TOPIC, SUMMARY, session_id="p-2")
        self.assertEqual(result["promotion"], "proposed")
        self.assertEqual(memory.session_count, 3)

    def test_threshold_is_configurable(self):
        self.env["ir.config_parameter"].set_param("practice_memory.promotion_sessions", "2")
        memory = self._seen_in_sessions(2)
        self.assertEqual(memory.promotion_state, "proposed")

    def test_accept_pins_in_index(self):
        other = self.Memory.create(
            {"topic": "Often seen", "summary": "Seen a lot.", "times_seen": 50, "repo_id": self.repo.id}
        )
        memory = self._seen_in_sessions(3)
        memory.with_user(self.engineer).action_accept_promotion()
        self.assertEqual((memory.promotion_state, memory.pinned), ("accepted", True))
        lines = self.Memory.index(max_lines=500, repo="test-repo")["markdown"].splitlines()
        entry_lines = [line for line in lines if line.startswith("- ")]
        pinned = [i for i, line in enumerate(entry_lines) if "📌" in line]
        self.assertIn(TOPIC, "".join(entry_lines[i] for i in pinned))
        self.assertLess(
            max(pinned), entry_lines.index(next(line for line in entry_lines if other.topic in line))
        )

    def test_dismiss_is_final_for_automatic_proposals(self):
        memory = self._seen_in_sessions(3)
        memory.with_user(self.engineer).action_dismiss_promotion()
        self.assertEqual(memory.promotion_state, "dismissed")
        self.start("p-more", user=self.ai_user)
        self.Memory.with_user(self.ai_user).remember(TOPIC, SUMMARY, session_id="p-more")
        self.assertEqual((memory.promotion_state, memory.session_count), ("dismissed", 4))
        # an Engineer may still curate it by hand
        memory.with_user(self.engineer).action_accept_promotion()
        self.assertTrue(memory.pinned)

    def test_transition_guards(self):
        memory = self.Memory.create({"topic": "Guarded", "summary": "Guarded summary."})
        with self.assertRaisesRegex(UserError, "not proposed"):
            memory.with_user(self.engineer).action_dismiss_promotion()
        with self.assertRaisesRegex(UserError, "not curated"):
            memory.with_user(self.engineer).action_unpin()
        memory.action_archive_memory()
        with self.assertRaisesRegex(UserError, "only active memories"):
            memory.with_user(self.engineer).action_accept_promotion()
        with self.assertRaisesRegex(UserError, "not active"):
            memory.action_archive_memory()
        memory.action_restore()
        memory.with_user(self.engineer).action_accept_promotion()
        with self.assertRaisesRegex(UserError, "already curated"):
            memory.with_user(self.engineer).action_accept_promotion()
        memory.with_user(self.engineer).action_unpin()
        self.assertEqual((memory.promotion_state, memory.pinned), ("dismissed", False))

    def test_archiving_unpins_and_supersede(self):
        old = self.Memory.create({"topic": "Old way", "summary": "Do it the old way."})
        new = self.Memory.create({"topic": "New way", "summary": "Do it the new way."})
        old.with_user(self.engineer).action_accept_promotion()
        old._supersede(new)
        self.assertEqual((old.status, old.superseded_by_id, old.pinned), ("superseded", new, False))
        self.assertNotIn("Old way", self.Memory.index()["markdown"])
        with self.assertRaisesRegex(UserError, "cannot supersede itself"):
            new._supersede(new)
        old.action_restore()
        self.assertEqual((old.status, old.superseded_by_id.id, old.pinned), ("active", False, True))

    def test_archived_memory_not_proposed(self):
        memory = self._seen_in_sessions(2)
        memory.action_archive_memory()
        memory.write(
            {"session_ids": [(4, self.Log.create({"name": "p-x", "title": "x", "repo_id": self.repo.id}).id)]}
        )
        self.assertEqual(memory.promotion_state, "none")


@tagged("post_install", "-at_install", "practice_domain")
class TestMemoryIndex(MemoryCase):
    def test_index_format_and_order(self):
        self.Memory.search([]).write({"status": "archived"})
        self.Memory.create({"topic": "Rare", "summary": "Seen once.", "date": "2026-01-03"})
        self.Memory.create(
            {"topic": "Common", "summary": "Seen\nmany times.", "date": "2026-01-01", "times_seen": 5}
        )
        self.Memory.create({"topic": "Newer", "summary": "Seen once, later.", "date": "2026-01-04"})
        result = self.Memory.with_user(self.reader).index()
        self.assertEqual(
            result["markdown"],
            "# Memory\n\n"
            "- **Common** · 2026-01-01 · Seen many times. (seen 5×)\n"
            "- **Newer** · 2026-01-04 · Seen once, later.\n"
            "- **Rare** · 2026-01-03 · Seen once.\n",
        )
        self.assertEqual((result["lines"], result["truncated"], result["total"]), (5, False, 3))

    def test_index_per_repository(self):
        self.Memory.search([]).write({"status": "archived"})
        self.Memory.create({"topic": "Here", "summary": "In test-repo.", "repo_id": self.repo.id})
        self.Memory.create({"topic": "There", "summary": "In other-repo.", "repo_id": self.other_repo.id})
        here = self.Memory.with_user(self.reader).index(repo="test-repo")
        there = self.Memory.with_user(self.reader).index(repo=self.other_repo.id)
        self.assertIn("**Here**", here["markdown"])
        self.assertNotIn("**There**", here["markdown"])
        self.assertEqual((here["total"], there["total"]), (1, 1))
        self.assertIn("**There**", there["markdown"])
        with self.assertRaises(UserError):
            self.Memory.index(repo="no-such-repo")

    def test_index_truncates_to_max_lines(self):
        self.Memory.create([{"topic": f"Topic {i:03d}", "summary": f"Summary {i}"} for i in range(30)])
        result = self.Memory.index(max_lines=10)
        lines = result["markdown"].splitlines()
        self.assertEqual(len(lines), 10)
        self.assertEqual(result["lines"], 10)
        self.assertTrue(result["truncated"])
        self.assertRegex(lines[-1], r"^- … \d+ more entries not shown$")
        self.assertEqual(result["shown"], 7)

    def test_index_bad_max_lines(self):
        with self.assertRaisesRegex(UserError, "at least 3"):
            self.Memory.index(max_lines=1)
        with self.assertRaisesRegex(UserError, "whole number"):
            self.Memory.index(max_lines="many")

    def test_export_memory_md(self):
        memory = self.Memory.create(
            {"topic": "Exported topic", "summary": "Exported summary.", "repo_id": self.repo.id}
        )
        files = self.Memory.export_memory_md(repo="test-repo")
        self.assertEqual(list(files), ["memory/MEMORY.md"])
        text = files["memory/MEMORY.md"]
        self.assertTrue(text.startswith("# Memory\n\n## Exported topic\n\n- **Key**: exported-topic\n"))
        self.assertEqual(memory.key, "exported-topic")
        self.assertEqual(text, self.env["practice.vault"].export_files(repo=self.repo.id)["memory/MEMORY.md"])
        self.assertEqual(self.Memory.export_memory_md(repo="other-repo"), {})
