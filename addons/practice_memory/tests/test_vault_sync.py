# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sessions/*.md and memory/MEMORY.md through practice.vault import_files / export_files."""

from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemoryCase
from .test_vault_tools import MEMORY, SESSION, SESSION_PATH

VAULT_DIR = Path(__file__).resolve().parents[3] / "knowledge"
MEMORY_PATH = "memory/MEMORY.md"
MODELS = ("practice.session.log", "practice.session.log.entry", "practice.memory")


class VaultCase(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vault = cls.env["practice.vault"]

    def project_files(self):
        return {
            p.relative_to(VAULT_DIR).as_posix(): p.read_text(encoding="utf-8")
            for folder in ("memory", "sessions")
            for p in sorted((VAULT_DIR / folder).glob("*.md"))
        }

    def sample(self):
        return {SESSION_PATH: SESSION, MEMORY_PATH: MEMORY}

    def import_ok(self, files, user=None, **kwargs):
        vault = self.vault.with_user(user) if user else self.vault
        result = vault.import_files(files, repo=self.repo.id, **kwargs)
        self.assertEqual(result["errors"], [])
        return result

    def counts(self):
        return {m: self.env[m].with_context(active_test=False).search_count([]) for m in MODELS}

    def memories(self):
        return self.Memory.search([("repo_id", "=", self.repo.id)])

    def age(self):
        """Date every row back, so that a write in this transaction shows in write_date."""
        self.env.flush_all()
        for table in ("practice_session_log", "practice_session_log_entry", "practice_memory"):
            self.env.cr.execute(f"UPDATE {table} SET write_date = '2000-01-01'")  # pylint: disable=sql-injection
        self.env.invalidate_all()

    def written(self):
        """Rows written since :meth:`age`."""
        self.env.flush_all()
        total = 0
        for table in ("practice_session_log", "practice_session_log_entry", "practice_memory"):
            self.env.cr.execute(f"SELECT count(*) FROM {table} WHERE write_date > '2000-01-01'")  # pylint: disable=sql-injection
            total += self.env.cr.fetchone()[0]
        return total


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultRoundTrip(VaultCase):
    def test_project_memory_and_sessions_round_trip_byte_for_byte(self):
        files = self.project_files()
        self.assertGreaterEqual(len([p for p in files if p.startswith("sessions/")]), 2)
        # the project's sessions are admin's: attributing them is a Manager's import
        result = self.import_ok(files, user=self.manager)
        self.assertEqual(sorted(result["created"]), sorted(files))
        exported = self.vault.export_files(repo=self.repo.id)
        mine = {p: t for p, t in exported.items() if p.startswith(("memory/", "sessions/"))}
        self.assertEqual(sorted(mine), sorted(files))
        for path, text in files.items():
            self.assertEqual(mine[path], text, f"{path} is not reproduced byte for byte")
        self.assertEqual(
            {
                **self.Log.export_session_files(repo=self.repo.id),
                **self.Memory.export_memory_md(repo=self.repo.id),
            },
            files,
        )
        before = self.counts()
        self.age()
        again = self.import_ok(exported, user=self.engineer)
        self.assertEqual((again["created"], again["updated"]), ([], []))
        self.assertEqual(sorted(again["unchanged"]), sorted(exported))
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.written(), 0, "a re-import must not write")

    def test_imported_records_carry_the_file(self):
        self.import_ok(self.sample())
        log = self.log("run-42")
        self.assertEqual((log.state, log.outcome, log.user_id), ("finished", "partial", self.ai_user))
        self.assertEqual(sorted(log.module_ids.mapped("name")), ["fl_catalog", "sale_ext"])
        self.assertEqual(log.module_ids.repo_id, self.repo)
        self.assertEqual((log.tokens, log.cost, log.vault_path), (184000, 2.75, SESSION_PATH))
        self.assertEqual(log.entry_ids.mapped("kind"), ["tried", "failed", "worked"])
        self.assertIn("ticket: OPS-12", log.vault_extra)
        memories = self.memories()
        self.assertEqual(sorted(memories.mapped("key")), ["image-writes", "image-writes-2", "old-advice"])
        old = memories.filtered(lambda m: m.key == "old-advice")
        self.assertEqual(
            (old.status, old.superseded_by_id.key, old.times_seen), ("superseded", "image-writes", 2)
        )
        curated = memories.filtered(lambda m: m.key == "image-writes")
        self.assertTrue(curated.pinned)
        self.assertEqual(str(curated.first_seen), "2026-01-02")
        exported = self.vault.export_files(repo=self.repo.id)
        self.assertEqual((exported[SESSION_PATH], exported[MEMORY_PATH]), (SESSION, MEMORY))


@tagged("post_install", "-at_install", "practice_integration")
class TestVaultUpdates(VaultCase):
    def test_timeline_is_rewritten_only_where_it_differs(self):
        self.import_ok(self.sample())
        log = self.log("run-42")
        first, second, third = log.entry_ids.sorted("id")
        self.age()
        changed = SESSION.replace("timed out after 10 minutes", "timed out after 12 minutes")
        result = self.import_ok({SESSION_PATH: changed})
        self.assertEqual(result["updated"], [SESSION_PATH])
        self.assertEqual(log.entry_ids.sorted("id"), first | second | third, "entries are kept, not replaced")
        self.assertEqual(second.text, "timed out after 12 minutes")
        self.assertEqual(str(first.write_date), "2000-01-01 00:00:00", "an identical entry is not written")
        self.assertEqual(self.written(), 2, "the log and the one entry that differs")
        # an entry removed from the file goes, a new one is added
        shorter = changed.replace("- 2026-01-05 10:05:00 **worked**: batches of 500\n", "")
        shorter = shorter.replace(
            "## Timeline\n\n", "## Timeline\n\n- 2026-01-05 09:10:00 **note**: started\n"
        )
        self.import_ok({SESSION_PATH: shorter})
        self.assertEqual(
            log.entry_ids.sorted(lambda e: (e.timestamp, e.id)).mapped("kind"), ["note", "tried", "failed"]
        )
        self.assertEqual(len(log.entry_ids), 3)
        self.assertEqual(self.vault.export_files(repo=self.repo.id)[SESSION_PATH], shorter)

    def test_finished_rpc_session_exports_and_reimports_unchanged(self):
        self.start("r-vault", user=self.ai_user, modules=["sale_ext"], model_name="llm-y")
        Log = self.Log.with_user(self.ai_user)
        Log.note("r-vault", "failed", "ORM loop timed out\n## indented, no escape needed")
        Log.finish("r-vault", "success", "Batched it.\n## not a heading", cost=0.5)
        self.start("r-running", user=self.ai_user)
        self.Memory.with_user(self.ai_user).remember(
            "Image writes time out", "Commit in batches.", session_id="r-vault"
        )
        files = self.vault.export_files(repo=self.repo.id)
        log = self.log("r-vault")
        self.assertIn(log.vault_path, files)
        self.assertTrue(log.vault_path.startswith(f"sessions/{log.started_on}-r-vault"))
        self.assertFalse(self.log("r-running").vault_path in files, "running sessions are not exported")
        self.assertIn("Batched it.\n\\## not a heading\n", files[log.vault_path])
        self.assertIn("timed out\n  ## indented, no escape needed\n", files[log.vault_path])
        self.assertIn("- **Key**: image-writes-time-out", files[MEMORY_PATH])
        result = self.import_ok(files)
        self.assertEqual(result["updated"] + result["created"], [])


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestMissingMemory(VaultCase):
    def test_memory_missing_from_the_file_is_archived_by_prune_not_deleted(self):
        self.import_ok(self.sample())
        kept = MEMORY.split("\n## Image writes time out\n\n- **Key**: image-writes-2")[0] + "\n"
        kept += "\n## Old advice" + MEMORY.split("\n## Old advice", 1)[1]
        whole = {SESSION_PATH: SESSION, MEMORY_PATH: kept}
        dry = self.import_ok(whole, dry_run=True, prune=True)
        self.assertEqual(dry["updated"], [MEMORY_PATH])
        self.assertEqual(self.memories().filtered(lambda m: m.key == "image-writes-2").status, "active")
        result = self.import_ok(whole, user=self.manager, prune=True)
        self.assertEqual(result["updated"], [MEMORY_PATH])
        gone = self.Memory.search([("key", "=", "image-writes-2"), ("repo_id", "=", self.repo.id)])
        self.assertTrue(gone, "never deleted")
        self.assertEqual(gone.status, "archived")
        # the archived memory stays in the export, so the next round trip is stable
        exported = self.vault.export_files(repo=self.repo.id)[MEMORY_PATH]
        self.assertIn(
            "- **Key**: image-writes-2\n- **Date**: 2026-01-07\n- **Seen**: 1\n- **Status**: archived",
            exported,
        )
        self.age()
        self.assertEqual(self.import_ok({MEMORY_PATH: exported})["unchanged"], [MEMORY_PATH])
        # a file that still omits it leaves it archived and writes nothing
        self.assertEqual(self.import_ok({MEMORY_PATH: kept})["unchanged"], [MEMORY_PATH])
        self.assertEqual(self.written(), 0)

    def test_restoring_through_the_file(self):
        self.import_ok(self.sample())
        text = self.vault.export_files(repo=self.repo.id)[MEMORY_PATH]
        archived = text.replace(
            "- **Key**: image-writes-2\n- **Date**: 2026-01-07\n- **Seen**: 1\n- **Status**: active",
            "- **Key**: image-writes-2\n- **Date**: 2026-01-07\n- **Seen**: 1\n- **Status**: archived",
        )
        self.import_ok({MEMORY_PATH: archived})
        memory = self.Memory.search([("key", "=", "image-writes-2"), ("repo_id", "=", self.repo.id)])
        self.assertEqual(memory.status, "archived")
        self.import_ok({MEMORY_PATH: text})
        self.assertEqual(memory.status, "active")


@tagged("post_install", "-at_install", "practice_rules")
class TestVaultImportErrors(VaultCase):
    def assert_refused(self, files, path, line, message, user=None):
        before = self.counts()
        self.age()
        vault = self.vault.with_user(user) if user else self.vault
        result = vault.import_files(files, repo=self.repo.id)
        self.assertEqual(len(result["errors"]), 1, result["errors"])
        error = result["errors"][0]
        self.assertEqual((error["path"], error["line"]), (path, line), error)
        self.assertIn(message, error["message"])
        self.assertEqual((result["created"], result["updated"]), ([], []))
        self.assertEqual(self.counts(), before, "nothing written")
        self.assertEqual(self.written(), 0, "nothing written")

    def test_parse_errors_name_path_and_line_and_write_nothing(self):
        files = self.sample()
        files[SESSION_PATH] = SESSION.replace("outcome: partial", "outcome: great")
        self.assert_refused(files, SESSION_PATH, 8, "unknown outcome 'great'")
        files = self.sample()
        files[MEMORY_PATH] = MEMORY.replace("- **Key**: image-writes-2", "- **Key**: image-writes")
        self.assert_refused(files, MEMORY_PATH, 20, "duplicate memory key")
        self.assert_refused({"sessions/notes.md": SESSION}, "sessions/notes.md", 1, "sessions/YYYY-MM-DD-")

    def test_unknown_user_and_reference_refused(self):
        files = self.sample()
        files[SESSION_PATH] = SESSION.replace("user: t_ai", "user: ghost")
        self.assert_refused(files, SESSION_PATH, 13, "unknown user login 'ghost'")
        files = self.sample()
        files[MEMORY_PATH] = MEMORY.replace(
            "- **Superseded by**: image-writes", "- **Superseded by**: nowhere"
        )
        self.assert_refused(files, MEMORY_PATH, 33, "unknown memory key 'nowhere'")

    def test_session_ids_are_unique_and_running_sessions_untouched(self):
        self.import_ok(self.sample())
        # the same session id in another file, or in another repository
        other = "sessions/2026-01-05-copy.md"
        self.assert_refused({other: SESSION}, other, 2, "already logged as sessions/2026-01-05-run-42.md")
        result = self.vault.import_files({SESSION_PATH: SESSION}, repo=self.other_repo.id)
        self.assertIn("of repository test-repo", result["errors"][0]["message"])
        # a running session is its owner's
        self.start("r-live", user=self.ai_user)
        path = self.log("r-live").vault_path
        text = SESSION.replace("session_id: run-42", "session_id: r-live").replace(
            "2026-01-05 ", f"{path[9:19]} "
        )
        self.assert_refused({path: text}, path, 2, "is still running")
        self.assertEqual(self.log("r-live").state, "running")

    def test_model_validation_is_reported_with_the_file(self):
        text = MEMORY.replace("Same topic, another finding.", "x" * 5001)
        self.assert_refused({MEMORY_PATH: text}, MEMORY_PATH, 25, "limited to 5000 characters")


@tagged("post_install", "-at_install", "practice_security")
class TestVaultSecurity(VaultCase):
    def test_ai_user_may_dry_run_but_not_import(self):
        before = self.counts()
        dry = self.vault.with_user(self.ai_user).import_files(self.sample(), repo=self.repo.id, dry_run=True)
        self.assertEqual(sorted(e["path"] for e in dry["errors"]), sorted(self.sample()))
        self.assertIn("only Practice engineers may import", dry["errors"][0]["message"])
        self.assertEqual(self.counts(), before)
        with self.assertRaisesRegex(AccessError, "Only Practice engineers"):
            self.vault.with_user(self.ai_user).import_files(self.sample(), repo=self.repo.id)
        with self.assertRaises(AccessError):
            self.vault.with_user(self.reader).import_files(self.sample(), repo=self.repo.id)
        self.assertEqual(self.counts(), before)
        # reading the vault is open to readers and AI sessions
        self.import_ok(self.sample())
        self.assertEqual(
            self.vault.with_user(self.ai_user).export_files(repo=self.repo.id)[MEMORY_PATH], MEMORY
        )

    def test_import_context_does_not_let_an_ai_user_note_a_finished_session(self):
        self.start("r-closed", user=self.ai_user)
        Log = self.Log.with_user(self.ai_user)
        Log.finish("r-closed", "success", "done")
        with self.assertRaisesRegex(UserError, "notes are refused"):
            Log.with_context(practice_memory_vault_import=True).note("r-closed", "note", "late")
        self.assertFalse(self.log("r-closed").entry_ids)

    def test_engineer_import_rewrites_timelines_without_unlink_rights(self):
        self.assertFalse(
            self.env["practice.session.log.entry"].with_user(self.engineer).has_access("unlink"),
        )
        self.import_ok(self.sample())  # run-42 is t_ai's: an engineer may not attribute it
        shorter = SESSION.replace("- 2026-01-05 10:05:00 **worked**: batches of 500\n", "")
        self.import_ok({SESSION_PATH: shorter}, user=self.engineer)
        self.assertEqual(len(self.log("run-42").entry_ids), 2)


@tagged("post_install", "-at_install", "practice_domain")
class TestMemoryKeys(VaultCase):
    def test_keys_are_given_once_and_unique_per_repository(self):
        one = self.Memory.create({"topic": "Shared topic", "summary": "One.", "repo_id": self.repo.id})
        two = self.Memory.create({"topic": "Shared topic", "summary": "Two.", "repo_id": self.repo.id})
        three = self.Memory.create(
            {"topic": "Shared topic", "summary": "Three.", "repo_id": self.other_repo.id}
        )
        self.assertEqual((one.key, two.key, three.key), ("shared-topic", "shared-topic-2", "shared-topic"))
        one.topic = "Renamed topic"
        self.assertEqual(one.key, "shared-topic", "the key does not follow the topic")
        self.assertEqual((one.vault_path, two.vault_path), (MEMORY_PATH, MEMORY_PATH))
        text = self.Memory.export_memory_md(repo=self.repo.id)[MEMORY_PATH]
        self.assertEqual(text.count("## "), 2)
        self.assertIn("- **Key**: shared-topic-2", text)


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultPruneMemory(VaultCase):
    def test_pruned_memory_file_archives_its_memories(self):
        self.import_ok(self.sample())
        active = self.memories().filtered(lambda m: m.status == "active")
        self.assertTrue(active)
        result = self.import_ok({SESSION_PATH: SESSION}, prune=True)
        self.assertEqual((result["updated"], result["deleted"]), ([MEMORY_PATH], []))
        self.assertEqual(set(active.mapped("status")), {"archived"}, "archived, never deleted")
        again = self.import_ok({SESSION_PATH: SESSION}, prune=True)
        self.assertEqual((again["updated"], again["deleted"], again["unchanged"]), ([], [], [SESSION_PATH]))
