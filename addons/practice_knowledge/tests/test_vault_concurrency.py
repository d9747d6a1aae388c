# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Optimistic concurrency of the vault (versions, base, conflicts, force) and dry runs that
check the rights the real import needs."""

import hashlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TERM, KnowledgeCase, sample_files

TERM_PATH = "glossary/fencing-token.md"
LEASE_PATH = "glossary/lease.md"
LEASE = "---\nterm: lease\n---\n\nValid until renewed.\n"


class ConcurrencyCase(KnowledgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vault.import_files(sample_files(), repo=cls.repo.id)

    def pull(self, user=None):
        vault = self.vault.with_user(user) if user else self.vault
        pulled = vault.export_files(repo=self.repo.id, versions=True)
        return pulled["files"], pulled["versions"]

    def term(self):
        return self.env["practice.glossary.term"].search(
            [("repo_id", "=", self.repo.id), ("name", "=", "Fencing token")]
        )


@tagged("post_install", "-at_install", "practice_integrity")
class TestVaultVersions(ConcurrencyCase):
    def test_export_with_versions_keeps_the_plain_contract(self):
        files, versions = self.pull()
        self.assertEqual(files, self.vault.export_files(repo=self.repo.id), "export_files() is unchanged")
        self.assertEqual(set(versions), set(files))
        for path, text in files.items():
            self.assertEqual(versions[path], hashlib.sha256(text.encode()).hexdigest())
        self.assertEqual(self.vault.file_versions(repo=self.repo.id), versions)
        self.assertEqual(
            self.vault.file_versions(repo=self.repo.id, paths=[TERM_PATH, "nowhere.md"]),
            {TERM_PATH: versions[TERM_PATH]},
        )
        with self.assertRaisesRegex(UserError, "list of relative paths"):
            self.vault.file_versions(repo=self.repo.id, paths="glossary")

    def test_round_trip_with_a_fresh_base_writes_nothing_and_answers_versions(self):
        files, versions = self.pull(self.engineer)
        result = self.vault.with_user(self.engineer).import_files(files, repo=self.repo.id, base=versions)
        self.assertEqual((result["errors"], result["conflicts"]), ([], []))
        self.assertEqual(len(result["unchanged"]), len(files))
        self.assertEqual(result["versions"], versions)

    def test_a_version_changes_with_the_content(self):
        _files, before = self.pull()
        self.import_ok({TERM_PATH: TERM.replace("checked by storage", "checked by the store")})
        after = self.vault.file_versions(repo=self.repo.id)
        self.assertNotEqual(after[TERM_PATH], before[TERM_PATH])
        self.assertEqual(
            {p: v for p, v in after.items() if p != TERM_PATH},
            {p: v for p, v in before.items() if p != TERM_PATH},
        )


@tagged("post_install", "-at_install", "practice_integrity")
class TestStalePush(ConcurrencyCase):
    def test_stale_push_is_refused_listed_and_writes_nothing(self):
        files, versions = self.pull(self.engineer)
        # another client changes the term after our pull
        newer = TERM.replace("checked by storage", "checked by storage, newer")
        self.vault.with_user(self.engineer2).import_files({TERM_PATH: newer}, repo=self.repo.id)
        server_version = self.vault.file_versions(repo=self.repo.id)[TERM_PATH]
        # our push still holds the old text, edited
        mine = dict(files, **{TERM_PATH: TERM.replace("checked by storage", "checked by us")})
        vault = self.vault.with_user(self.engineer)
        for dry_run in (True, False):
            with self.subTest(dry_run=dry_run):
                result = vault.import_files(mine, repo=self.repo.id, base=versions, dry_run=dry_run)
                self.assertEqual(
                    result["conflicts"],
                    [
                        {
                            "path": TERM_PATH,
                            "base": versions[TERM_PATH],
                            "server": server_version,
                            "reason": "changed",
                            "message": result["conflicts"][0]["message"],
                        }
                    ],
                )
                self.assertIn("changed on the server since your last pull", result["conflicts"][0]["message"])
                self.assertEqual([(e["path"], e["line"]) for e in result["errors"]], [(TERM_PATH, 1)])
                self.assertEqual(result["updated"], [])
                self.assertIn("newer", self.term().definition, "nothing written")
        forced = vault.import_files(mine, repo=self.repo.id, base=versions, force=True)
        self.assertEqual(forced["errors"], [])
        self.assertEqual([c["path"] for c in forced["conflicts"]], [TERM_PATH], "still listed")
        self.assertEqual(forced["updated"], [TERM_PATH])
        self.assertIn("checked by us", self.term().definition)
        self.assertEqual(forced["versions"], self.vault.file_versions(repo=self.repo.id))

    def test_without_base_the_old_contract_holds(self):
        self.import_ok({TERM_PATH: TERM.replace("checked by storage", "newer")})
        result = self.import_ok(sample_files())
        self.assertEqual(result["updated"], [TERM_PATH])
        self.assertNotIn("conflicts", result)
        self.assertNotIn("versions", result)

    def test_same_content_is_no_conflict_whatever_the_base(self):
        newer = TERM.replace("checked by storage", "newer")
        self.import_ok({TERM_PATH: newer})
        result = self.import_ok({TERM_PATH: newer}, base={TERM_PATH: "0" * 64})
        self.assertEqual((result["conflicts"], result["unchanged"]), ([], [TERM_PATH]))

    def test_a_file_never_pulled_or_deleted_since_is_a_conflict(self):
        _files, versions = self.pull()
        self.import_ok({LEASE_PATH: LEASE})  # another client adds it after our pull
        result = self.vault.import_files(
            {LEASE_PATH: LEASE.replace("Valid", "Still valid")}, repo=self.repo.id, base=versions
        )
        (conflict,) = result["conflicts"]
        self.assertEqual((conflict["path"], conflict["reason"], conflict["base"]), (LEASE_PATH, "added", ""))
        self.assertIn("not in your last pull", conflict["message"])
        # a manager prunes the term; our stale push would bring it back
        without_term = {p: t for p, t in sample_files().items() if p != TERM_PATH}
        self.vault.with_user(self.manager).import_files(
            dict(without_term, **{LEASE_PATH: LEASE}), repo=self.repo.id, prune=True
        )
        result = self.vault.import_files({TERM_PATH: TERM}, repo=self.repo.id, base=versions)
        (conflict,) = result["conflicts"]
        self.assertEqual(
            (conflict["path"], conflict["reason"], conflict["server"]), (TERM_PATH, "deleted", "")
        )
        self.assertFalse(self.term())

    def test_prune_deleting_a_file_added_since_the_pull_is_a_conflict(self):
        files, versions = self.pull(self.manager)
        self.import_ok({LEASE_PATH: LEASE})
        vault = self.vault.with_user(self.manager)
        result = vault.import_files(files, repo=self.repo.id, base=versions, prune=True)
        self.assertEqual([(c["path"], c["reason"]) for c in result["conflicts"]], [(LEASE_PATH, "added")])
        self.assertEqual(result["deleted"], [])
        self.assertTrue(self.env["practice.glossary.term"].search([("name", "=", "lease")]))
        # pulled again: the prune goes through and answers the versions of what it sent
        files, versions = self.pull(self.manager)
        files.pop(LEASE_PATH)
        result = vault.import_files(files, repo=self.repo.id, base=versions, prune=True)
        self.assertEqual((result["errors"], result["deleted"]), ([], [LEASE_PATH]))
        self.assertNotIn(LEASE_PATH, result["versions"])

    def test_bad_base_is_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "base must be a mapping"):
            self.vault.import_files(sample_files(), repo=self.repo.id, base=["x"])


@tagged("post_install", "-at_install", "practice_security")
class TestDryRunChecksRights(ConcurrencyCase):
    def test_reader_and_ai_user_dry_run_reports_the_refusal(self):
        files = dict(sample_files(), **{LEASE_PATH: LEASE})
        for user in (self.reader, self.ai_user):
            with self.subTest(user=user.login):
                vault = self.vault.with_user(user)
                dry = vault.import_files(files, repo=self.repo.id, dry_run=True)
                self.assertEqual([(e["path"], e["line"]) for e in dry["errors"]], [(LEASE_PATH, 1)])
                self.assertIn("only Practice engineers may import", dry["errors"][0]["message"])
                with self.assertRaisesRegex(AccessError, "Only Practice engineers"):
                    vault.import_files(files, repo=self.repo.id)
                # even when nothing would change, the real import is refused: so is the dry run
                dry = vault.import_files(sample_files(), repo=self.repo.id, dry_run=True)
                self.assertEqual(len(dry["errors"]), 1)
                self.assertIn("only Practice engineers may import", dry["errors"][0]["message"])

    def test_engineer_prune_dry_run_reports_the_refusal(self):
        vault = self.vault.with_user(self.engineer)
        dry = vault.import_files(sample_files(), repo=self.repo.id, dry_run=True, prune=True)
        self.assertEqual(len(dry["errors"]), 1, dry["errors"])
        self.assertIn("only Practice managers may prune", dry["errors"][0]["message"])
        with self.assertRaisesRegex(AccessError, "managers may prune"):
            vault.import_files(sample_files(), repo=self.repo.id, prune=True)
        manager = self.vault.with_user(self.manager).import_files(
            sample_files(), repo=self.repo.id, dry_run=True, prune=True
        )
        self.assertEqual(manager["errors"], [])

    def test_record_rights_are_checked_before_writing(self):
        """A user in the Engineer group whose write access to terms is taken away: the dry run
        and the real run both answer a located error and write nothing."""
        self.env.ref("practice_knowledge.access_practice_glossary_term_engineer").perm_write = False
        vault = self.vault.with_user(self.engineer)
        edited = {TERM_PATH: TERM.replace("checked by storage", "changed")}
        for dry_run in (True, False):
            with self.subTest(dry_run=dry_run):
                result = vault.import_files(edited, repo=self.repo.id, dry_run=dry_run)
                self.assertEqual([(e["path"], e["line"]) for e in result["errors"]], [(TERM_PATH, 1)])
                self.assertIn("you may not change", result["errors"][0]["message"])
        self.assertIn("checked by storage", self.term().definition)
