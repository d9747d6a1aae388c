# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import T0, LockCase


@tagged("post_install", "-at_install", "practice_domain")
class TestLockDomain(LockCase):
    def test_refusal_names_the_holder_and_writes_nothing(self):
        grant = self.take(self.engineer, "sale_ext", "s-1", reason="pricing fix")
        before = self.counts()
        refused = self.take(self.engineer2, "sale_ext", "s-2")
        self.assertEqual(self.counts(), before)
        self.assertFalse(refused["granted"])
        self.assertEqual(refused["token"], 0)
        self.assertEqual(
            {k: refused["holder"][k] for k in ("session_id", "user", "reason")},
            {"session_id": "s-1", "user": self.engineer.name, "reason": "pricing fix"},
        )
        self.assertEqual(refused["holder"]["since"], grant["holder"]["since"])
        self.assertEqual(refused["expires_at"], grant["expires_at"])
        self.assertIn("s-1", refused["message"])
        # same user, other session: still refused (sessions, not users, hold locks)
        self.assertFalse(self.take(self.engineer, "sale_ext", "s-3")["granted"])

    def test_tokens_strictly_increase_across_modules_and_repos(self):
        tokens = []
        for i in range(4):
            grant = self.take(self.engineer, f"mod_{i}", "s-1")
            tokens.append(grant["token"])
            tokens.append(self.take(self.engineer, f"mod_{i}", "s-1", repo="other-repo")["token"])
            self.api(self.engineer).release(grant["token"], "s-1")
        tokens.append(self.take(self.engineer2, "mod_0", "s-2")["token"])
        self.assertEqual(tokens, sorted(set(tokens)))
        self.env.cr.execute("SELECT last_value FROM practice_lock_token_seq")
        self.assertEqual(self.env.cr.fetchone()[0], tokens[-1])

    def test_same_module_in_two_repos_is_two_locks(self):
        a = self.take(self.engineer, "shared", "s-1")
        b = self.take(self.engineer2, "shared", "s-2", repo="other-repo")
        self.assertTrue(a["granted"] and b["granted"])
        self.assertEqual(self.lock_of(a).repo_id, self.repo)
        self.assertEqual(self.lock_of(b).repo_id, self.other_repo)

    def test_unknown_module_is_created_and_locked(self):
        Module = self.env["practice.code.module"]
        self.assertFalse(Module.search([("name", "=", "brand_new_mod")]))
        grant = self.take(self.ai_user, "brand_new_mod", "agent-1")
        module = Module.search([("name", "=", "brand_new_mod"), ("repo_id", "=", self.repo.id)])
        self.assertTrue(module)
        self.assertEqual(self.lock_of(grant).module_id, module)

    def test_verify_splits_ours_theirs_free(self):
        self.take(self.engineer, "mine", "s-1")
        self.take(self.engineer2, "theirs", "s-2")
        self.take(self.engineer, "same_user_other_session", "s-9")
        result = self.api(self.engineer).verify(
            ["theirs", "free_one", "mine", "same_user_other_session", "never_seen"], "s-1", repo="test-repo"
        )
        self.assertEqual([lock["module"] for lock in result["ours"]], ["mine"])
        self.assertEqual([lock["module"] for lock in result["theirs"]], ["theirs", "same_user_other_session"])
        self.assertEqual(result["free"], ["free_one", "never_seen"])
        self.assertEqual(result["theirs"][0]["session_id"], "s-2")
        # verify is read-only: it does not create unknown modules
        self.assertFalse(self.env["practice.code.module"].search([("name", "=", "never_seen")]))

    def test_verify_counts_lapsed_leases_as_free(self):
        with freeze_time(T0):
            self.take(self.engineer2, "lapsing", "s-2", ttl_seconds=60)
        with freeze_time("2026-03-02 09:01:00"):
            result = self.api(self.engineer).verify(["lapsing"], "s-1", repo="test-repo")
        self.assertEqual(result, {"ours": [], "theirs": [], "free": ["lapsing"], "repo": "test-repo"})

    def test_held_is_the_one_answer_of_live_locks(self):
        with freeze_time(T0):
            self.take(self.engineer2, "lapsing", "s-2", ttl_seconds=60)
            self.take(self.engineer, "mine", "s-1", reason="fix")
            self.take(self.engineer2, "theirs", "s-2")
            self.take(self.engineer, "elsewhere", "s-1", repo="other-repo")
            released = self.take(self.engineer, "done", "s-1")
            self.api(self.engineer).release(released["token"], "s-1")
        with freeze_time("2026-03-02 09:01:00"):
            api = self.api(self.ai_user)
            here = api.held(repo="test-repo")
            self.assertEqual(here["repo"], "test-repo")
            self.assertEqual([lk["module"] for lk in here["locks"]], ["mine", "theirs"])
            first = here["locks"][0]
            self.assertEqual(
                {k: first[k] for k in ("repo", "session_id", "user", "state", "reason")},
                {
                    "repo": "test-repo",
                    "session_id": "s-1",
                    "user": self.engineer.name,
                    "state": "held",
                    "reason": "fix",
                },
            )
            self.assertTrue(first["token"] and first["expires_at"] and first["since"])
            mine = api.held(session_id="s-1", every_repo=True)
            self.assertEqual(
                sorted((lk["module"], lk["repo"]) for lk in mine["locks"]),
                [("elsewhere", "other-repo"), ("mine", "test-repo")],
            )
            self.assertIs(mine["repo"], False)

    def test_check_token_fences_stale_holders(self):
        with freeze_time(T0):
            first = self.take(self.engineer, "sale_ext", "s-1", ttl_seconds=60)
            check = self.api(self.engineer).check_token("sale_ext", first["token"], repo="test-repo")
            self.assertEqual(check, dict(check, valid=True, current_token=first["token"]))
            self.assertFalse(
                self.api(self.engineer).check_token("sale_ext", first["token"] + 1, "test-repo")["valid"]
            )
        with freeze_time("2026-03-02 09:01:00"):
            # lapsed but not yet collected: no longer valid
            self.assertFalse(
                self.api(self.engineer).check_token("sale_ext", first["token"], "test-repo")["valid"]
            )
            second = self.take(self.engineer2, "sale_ext", "s-2")
            stale = self.api(self.engineer).check_token("sale_ext", first["token"], repo="test-repo")
            self.assertEqual((stale["valid"], stale["current_token"]), (False, second["token"]))
            self.assertTrue(
                self.api(self.engineer2).check_token("sale_ext", second["token"], "test-repo")["valid"]
            )
            self.api(self.engineer2).release(second["token"], "s-2")
            after = self.api(self.engineer2).check_token("sale_ext", second["token"], repo="test-repo")
        self.assertEqual(
            (after["valid"], after["current_token"], after["held"]), (False, second["token"], False)
        )
        never = self.api(self.reader).check_token("never_locked", 5, repo="test-repo")
        self.assertEqual((never["valid"], never["current_token"]), (False, 0))

    def test_bundle_locks_section(self):
        self.take(self.engineer, "alpha", "s-1", reason="my work")
        self.take(self.engineer2, "beta", "s-2")
        self.take(self.engineer2, "gamma", "s-3")
        self.take(self.engineer2, "elsewhere", "s-4", repo="other-repo")
        result = (
            self.env["practice.context"]
            .with_user(self.engineer)
            .bundle(session_id="s-1", modules=["beta", "alpha"], repo="test-repo", fmt="json")
        )
        section = result["sections"]["locks"]
        self.assertEqual(section["priority"], 50)
        # named modules: theirs first (route around them), then ours; the others apart
        self.assertEqual(
            [(item["scope"], item["module"]) for item in section["items"]],
            [("theirs", "beta"), ("ours", "alpha")],
        )
        self.assertEqual(
            [(item["scope"], item["module"]) for item in result["sections"]["locks_other"]["items"]],
            [("other", "gamma")],
        )
        self.assertRegex(section["items"][0]["since"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        markdown = (
            self.env["practice.context"]
            .with_user(self.reader)
            .bundle(session_id="s-1", modules=["beta"], repo="test-repo")["markdown"]
        )
        self.assertIn("## Locks on your modules", markdown)
        self.assertIn("route around it", markdown)
        self.assertNotIn("elsewhere", markdown)

    def test_bundle_section_without_locks(self):
        result = self.env["practice.context"].with_user(self.reader).bundle(repo="other-repo", fmt="json")
        # no noise: a repository without locks gets no Locks section at all
        self.assertNotIn("locks", result["sections"])
        self.assertNotIn(
            "## Locks",
            self.env["practice.context"].with_user(self.reader).bundle(repo="other-repo")["markdown"],
        )

    def test_shorter_ttl_never_shortens_a_lease(self):
        with freeze_time(T0):
            grant = self.take(self.engineer, "short_ttl", "s-1", ttl_seconds=3600)
        self.assertEqual(grant["expires_at"], "2026-03-02 10:00:00")
        with freeze_time("2026-03-02 09:10:00"):
            renewed = self.api(self.engineer).renew(grant["token"], "s-1", ttl_seconds=60)
        self.assertTrue(renewed["ok"])
        self.assertEqual(renewed["expires_at"], "2026-03-02 10:00:00")
        with freeze_time("2026-03-02 09:20:00"):
            again = self.take(self.engineer, "short_ttl", "s-1", ttl_seconds=60)
        self.assertEqual((again["token"], again["expires_at"]), (grant["token"], "2026-03-02 10:00:00"))
        # at 09:50 a 30-minute renewal reaches past the current end: it extends the lease
        with freeze_time("2026-03-02 09:50:00"):
            longer = self.api(self.engineer).renew(grant["token"], "s-1", ttl_seconds=1800)
        self.assertEqual(longer["expires_at"], "2026-03-02 10:20:00")
        with freeze_time("2026-03-02 10:10:00"):
            split = self.api(self.engineer2).verify(["short_ttl"], "s-2", repo="test-repo")
        self.assertEqual([e["module"] for e in split["theirs"]], ["short_ttl"])
