# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A vault import attributes sessions to someone else only for a Practice Manager (and says
so on the session); a memory missing from MEMORY.md is archived only by a pruning import;
a stale MEMORY.md push conflicts instead of losing what another client added."""

from odoo.tests import tagged

from .test_vault_sync import MEMORY_PATH, VaultCase
from .test_vault_tools import MEMORY, SESSION, SESSION_PATH

USER_LINE = 13  # "user: t_ai" in SESSION


def as_user(login):
    return SESSION.replace("user: t_ai", f"user: {login}")


def without_user():
    return SESSION.replace("user: t_ai\n", "")


@tagged("post_install", "-at_install", "practice_security")
class TestSessionOwnership(VaultCase):
    def messages(self, log):
        return log.message_ids.filtered(lambda m: "Imported as" in (m.body or "")).mapped("body")

    def test_engineer_cannot_attribute_a_new_session_to_someone_else(self):
        vault = self.vault.with_user(self.engineer)
        before = self.counts()
        for dry_run in (True, False):
            with self.subTest(dry_run=dry_run):
                result = vault.import_files(
                    {SESSION_PATH: as_user("admin")}, repo=self.repo.id, dry_run=dry_run
                )
                self.assertEqual(
                    [(e["path"], e["line"]) for e in result["errors"]], [(SESSION_PATH, USER_LINE)], result
                )
                self.assertIn(
                    "only a Practice Manager may attribute a session to another user",
                    result["errors"][0]["message"],
                )
        self.assertEqual(self.counts(), before, "nothing written")
        self.assertFalse(self.log("run-42"))

    def test_engineer_import_is_owned_by_the_engineer(self):
        self.import_ok({SESSION_PATH: without_user()}, user=self.engineer)
        self.assertEqual(self.log("run-42").user_id, self.engineer)
        self.log("run-42").unlink()
        self.import_ok({SESSION_PATH: as_user("t_engineer")}, user=self.engineer)
        self.assertEqual(self.log("run-42").user_id, self.engineer)
        self.assertFalse(self.messages(self.log("run-42")), "nothing to record: their own session")

    def test_engineer_pushes_back_a_pulled_session_of_another_user(self):
        self.import_ok({SESSION_PATH: SESSION}, user=self.manager)
        log = self.log("run-42")
        self.assertEqual(log.user_id, self.ai_user)
        pulled = self.vault.with_user(self.engineer).export_files(repo=self.repo.id)
        edited = pulled[SESSION_PATH].replace("Regenerated in batches.", "Regenerated in batches of 500.")
        result = self.import_ok({SESSION_PATH: edited}, user=self.engineer)
        self.assertEqual(result["updated"], [SESSION_PATH])
        self.assertEqual(log.user_id, self.ai_user, "the owner stays")
        # taking it over (or handing it to someone else) is a Manager's decision
        for login in ("t_engineer", "t_engineer2"):
            taken = self.vault.with_user(self.engineer).import_files(
                {SESSION_PATH: edited.replace("user: t_ai", f"user: {login}")}, repo=self.repo.id
            )
            self.assertEqual([(e["path"], e["line"]) for e in taken["errors"]], [(SESSION_PATH, USER_LINE)])
            self.assertIn("may change the owner of a session (owned by t_ai)", taken["errors"][0]["message"])
        self.assertEqual(log.user_id, self.ai_user)

    def test_manager_attribution_is_recorded_on_the_session(self):
        self.import_ok({SESSION_PATH: as_user("t_ai")}, user=self.manager)
        log = self.log("run-42")
        self.assertEqual(log.user_id, self.ai_user)
        self.assertEqual(len(self.messages(log)), 1)
        self.assertIn("Imported as t_ai by t_manager", self.messages(log)[0])
        # the same file again: no new attribution, no new message
        self.import_ok({SESSION_PATH: as_user("t_ai")}, user=self.manager)
        self.assertEqual(len(self.messages(log)), 1)
        # a dry run records nothing
        self.import_ok({SESSION_PATH: as_user("t_ai2")}, user=self.manager, dry_run=True)
        self.assertEqual((log.user_id, len(self.messages(log))), (self.ai_user, 1))
        self.import_ok({SESSION_PATH: as_user("t_ai2")}, user=self.manager)
        self.assertEqual(log.user_id, self.ai_user2)
        self.assertIn("Imported as t_ai2 by t_manager (was t_ai)", " ".join(self.messages(log)))


@tagged("post_install", "-at_install", "practice_integrity")
class TestMemoryArchivedOnlyByPrune(VaultCase):
    def one_section(self):
        return MEMORY.split("\n## Image writes time out\n\n- **Key**: image-writes-2")[0] + "\n"

    def test_partial_memory_file_archives_nothing_without_prune(self):
        self.import_ok(self.sample())
        statuses = {m.key: m.status for m in self.memories()}
        self.age()
        for dry_run in (True, False):
            result = self.import_ok({MEMORY_PATH: self.one_section()}, user=self.engineer, dry_run=dry_run)
            self.assertEqual((result["updated"], result["unchanged"]), ([], [MEMORY_PATH]))
        self.assertEqual({m.key: m.status for m in self.memories()}, statuses, "nothing archived")
        self.assertEqual(self.written(), 0)
        # the section it holds is still imported
        edited = self.one_section().replace("Commit in batches of 500.", "Commit in batches of 200.")
        result = self.import_ok({MEMORY_PATH: edited}, user=self.engineer)
        self.assertEqual(result["updated"], [MEMORY_PATH])
        self.assertEqual({m.key: m.status for m in self.memories()}, statuses)

    def test_prune_archives_for_managers_only(self):
        self.import_ok(self.sample())
        files = {SESSION_PATH: SESSION, MEMORY_PATH: self.one_section()}
        dry = self.vault.with_user(self.engineer).import_files(
            files, repo=self.repo.id, prune=True, dry_run=True
        )
        self.assertEqual([(e["path"], e["line"]) for e in dry["errors"]], [(MEMORY_PATH, 1)], dry["errors"])
        self.assertIn("only Practice managers may prune", dry["errors"][0]["message"])
        result = self.import_ok(files, user=self.manager, prune=True)
        self.assertEqual((result["updated"], result["deleted"]), ([MEMORY_PATH], []))
        gone = self.memories().filtered(lambda m: m.key == "image-writes-2")
        self.assertEqual(gone.status, "archived")


@tagged("post_install", "-at_install", "practice_integrity")
class TestStaleMemoryPush(VaultCase):
    def test_memory_added_since_the_pull_is_kept_and_a_stale_prune_conflicts(self):
        self.import_ok(self.sample())
        pulled = self.vault.with_user(self.manager).export_files(repo=self.repo.id, versions=True)
        files, versions = pulled["files"], pulled["versions"]
        # another client remembers something after our pull
        self.Memory.with_user(self.engineer).create(
            {"topic": "Locks need fencing", "summary": "Check the token.", "repo_id": self.repo.id}
        )
        added = self.memories().filtered(lambda m: m.key == "locks-need-fencing")
        self.assertEqual(added.status, "active")
        vault = self.vault.with_user(self.manager)
        # the stale push: our MEMORY.md lacks it; a plain push leaves it alone
        plain = vault.import_files(files, repo=self.repo.id, base=versions)
        self.assertEqual((plain["errors"], plain["conflicts"], plain["updated"]), ([], [], []))
        self.assertEqual(added.status, "active")
        # a prune would archive it: a conflict, in the dry run too, and nothing written
        for dry_run in (True, False):
            result = vault.import_files(files, repo=self.repo.id, base=versions, prune=True, dry_run=dry_run)
            self.assertEqual([c["path"] for c in result["conflicts"]], [MEMORY_PATH])
            self.assertEqual([(e["path"], e["line"]) for e in result["errors"]], [(MEMORY_PATH, 1)])
            self.assertEqual(added.status, "active")
        forced = vault.import_files(files, repo=self.repo.id, base=versions, prune=True, force=True)
        self.assertEqual((forced["errors"], forced["updated"]), ([], [MEMORY_PATH]))
        self.assertEqual(added.status, "archived")
