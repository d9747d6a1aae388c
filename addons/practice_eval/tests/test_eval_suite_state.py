# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The work tree a run ran on (commit plus a hash of its uncommitted changes) and
``suite_state``: the stop hook's question "is there a green run for the work tree as it is?"."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EvalCase, junit_case, junit_doc

SHA = "a" * 40
OTHER_SHA = "b" * 40
HASH = "0123456789abcdef" * 4
OTHER_HASH = "f" * 64


@tagged("post_install", "-at_install", "practice_rules")
class TestSuiteState(EvalCase):
    def _state(self, user=None, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        return self.Run.with_user(user or self.reader).suite_state(**kwargs)

    def test_found_only_on_exactly_that_commit_and_tree_hash(self):
        green = self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=HASH)
        self.assertEqual(green["tree_hash"], HASH)
        state = self._state(commit=SHA, tree_hash=HASH)
        self.assertEqual(
            {
                k: state[k]
                for k in ("found", "green", "run_id", "failing", "tests", "commit", "tree_hash", "repo")
            },
            {
                "found": True,
                "green": True,
                "run_id": green["id"],
                "failing": [],
                "tests": 1,
                "commit": SHA,
                "tree_hash": HASH,
                "repo": "test-repo",
            },
        )
        self.assertTrue(state["suite_gate"])
        # another hash, another commit, the clean tree, another repository: no run
        for kwargs in (
            {"commit": SHA, "tree_hash": OTHER_HASH},
            {"commit": OTHER_SHA, "tree_hash": HASH},
            {"commit": SHA, "tree_hash": ""},
            {"commit": SHA, "tree_hash": HASH, "repo": "other-repo"},
        ):
            state = self._state(**kwargs)
            self.assertEqual((state["found"], state["green"], state["run_id"]), (False, False, False), kwargs)

    def test_a_red_run_names_its_failing_tests_and_the_latest_counts(self):
        self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash="")
        red = self.push(
            self.ai_user,
            junit_doc(junit_case("a"), junit_case("b", "failed"), junit_case("c", "error")),
            commit=SHA,
            tree_hash="",
        )
        state = self._state(commit=SHA, tree_hash="")
        self.assertEqual((state["found"], state["green"], state["run_id"]), (True, False, red["id"]))
        self.assertEqual(sorted(state["failing"]), ["pkg.TestThing::b", "pkg.TestThing::c"])
        self.assertEqual((state["failing_count"], state["tests"], state["tree_hash"]), (2, 3, ""))

    def test_runs_without_a_recorded_work_tree_never_answer(self):
        # an older client (no tree_hash) or the upload wizard: the work tree is unknown, not clean
        self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA)
        self.assertFalse(self._state(commit=SHA, tree_hash="")["found"])
        self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=None)
        self.assertFalse(self._state(commit=SHA, tree_hash="")["found"])

    def test_since_keeps_runs_received_after_the_session_started(self):
        answer = self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=HASH)
        self.Run.browse(answer["id"]).sudo().write({"received_at": datetime(2026, 3, 2, 10, 0, 0)})
        self.assertTrue(self._state(commit=SHA, tree_hash=HASH, since="2026-03-02T09:59:00Z")["found"])
        self.assertTrue(self._state(commit=SHA, tree_hash=HASH, since="2026-03-02 10:00:00")["found"])
        self.assertFalse(self._state(commit=SHA, tree_hash=HASH, since="2026-03-02T10:00:01")["found"])
        # an offset is converted to UTC: 11:30+02:00 is 09:30 UTC
        self.assertTrue(self._state(commit=SHA, tree_hash=HASH, since="2026-03-02T11:30:00+02:00")["found"])
        with self.assertRaises(UserError):
            self._state(commit=SHA, tree_hash=HASH, since="yesterday")

    def test_the_repository_switch_and_test_command_come_with_the_answer(self):
        self.repo.write({"suite_gate": False, "test_command": "setup/test"})
        state = self._state(commit=SHA, tree_hash=HASH)
        self.assertEqual(
            (state["found"], state["suite_gate"], state["test_command"]), (False, False, "setup/test")
        )
        self.assertTrue(self.other_repo.suite_gate, "on by default")


@tagged("post_install", "-at_install", "practice_integrity")
class TestTreeHashValidation(EvalCase):
    def test_import_validates_and_normalizes_the_tree_hash(self):
        before = self.counts()
        for bad in ("xyz", "g" * 10, "a" * 65, "ab cd", 12, ["ab"]):
            with self.assertRaises(UserError, msg=repr(bad)):
                self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=bad)
        self.assertEqual(self.counts(), before, "nothing imported")
        answer = self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=HASH.upper())
        run = self.Run.browse(answer["id"])
        self.assertEqual((run.tree_hash, run.tree_recorded, answer["tree_hash"]), (HASH, True, HASH))
        clean = self.Run.browse(self.push(self.ai_user, junit_doc(junit_case("a")), tree_hash="")["id"])
        self.assertEqual((clean.tree_hash, clean.tree_recorded), (False, True))
        unknown = self.push(self.ai_user, junit_doc(junit_case("a")))
        self.assertIs(unknown["tree_hash"], False)

    def test_suite_state_validates_its_arguments(self):
        for kwargs in (
            {"tree_hash": "nothex"},
            {"commit": "c" * 101},
            {"since": 12},
            {"repo": "no-such-repo"},
        ):
            with self.assertRaises(UserError, msg=repr(kwargs)):
                self.Run.with_user(self.reader).suite_state(**{"repo": "test-repo", **kwargs})


@tagged("post_install", "-at_install", "practice_security")
class TestSuiteStateAccess(EvalCase):
    def test_whoever_reads_runs_asks_others_do_not(self):
        self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=HASH)
        for user in (self.reader, self.engineer, self.ai_user, self.manager):
            self.assertTrue(
                self.Run.with_user(user).suite_state(repo="test-repo", commit=SHA, tree_hash=HASH)["found"],
                user.login,
            )
        with self.assertRaises(AccessError):
            self.Run.with_user(self.outsider).suite_state(repo="test-repo", commit=SHA, tree_hash=HASH)

    def test_the_tree_hash_is_not_written_by_hand(self):
        answer = self.push(self.ai_user, junit_doc(junit_case("a")), commit=SHA, tree_hash=HASH)
        with self.assertRaises(AccessError):
            self.Run.with_user(self.ai_user).browse(answer["id"]).write({"tree_hash": OTHER_HASH})
