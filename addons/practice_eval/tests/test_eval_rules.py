# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import EvalCase, junit_case, junit_doc


@tagged("post_install", "-at_install", "practice_rules")
class TestEvalRules(EvalCase):
    def test_latest_and_trend(self):
        self.assertFalse(self.Run.latest("test-repo"))
        self.assertEqual(self.Run.trend("test-repo"), [])
        first = self.push(
            self.engineer,
            junit_doc(junit_case("a"), junit_case("b", "failed"), timestamp="2026-03-01T09:00:00"),
        )
        second = self.push(
            self.engineer, junit_doc(junit_case("a"), junit_case("b"), timestamp="2026-03-02T09:00:00")
        )
        self.push(self.engineer, junit_doc(junit_case("a")), repo="other-repo")
        self.assertEqual(self.Run.latest("test-repo")["id"], second["id"])
        trend = self.Run.trend("test-repo", limit=5)
        self.assertEqual(
            [(t["id"], t["pass_rate"], t["green"]) for t in trend],
            [(first["id"], 50.0, False), (second["id"], 100.0, True)],
        )
        self.assertEqual(trend[0]["date"], "2026-03-01 09:00:00")
        self.assertEqual([t["id"] for t in self.Run.trend("test-repo", limit=1)], [second["id"]])

    def test_skips_only_is_not_green_and_rate_counts_what_ran(self):
        only_skips = self.push(self.engineer, junit_doc(junit_case("a", "skipped")))
        # nothing ran: no rate (False over RPC: `is`, as 0.0 == False), not 0 %
        self.assertEqual((only_skips["green"], only_skips["ran"]), (False, 0))
        self.assertIs(only_skips["pass_rate"], False)
        mixed = self.push(
            self.engineer, junit_doc(junit_case("a"), junit_case("b", "skipped"), junit_case("c", "error"))
        )
        self.assertEqual((mixed["green"], mixed["pass_rate"], mixed["errors"]), (False, 50.0, 1))

    def test_failing_since_and_flaky(self):
        self.push(self.engineer, junit_doc(junit_case("t"), timestamp="2026-03-01T09:00:00"), commit="c1")
        broke = self.push(
            self.engineer, junit_doc(junit_case("t", "failed"), timestamp="2026-03-02T09:00:00"), commit="c2"
        )
        self.push(
            self.engineer, junit_doc(junit_case("t", "error"), timestamp="2026-03-03T09:00:00"), commit="c3"
        )
        scenario = self.Scenario.search([("repo_id", "=", self.repo.id), ("name", "=", "pkg.TestThing::t")])
        self.assertEqual((scenario.failing, scenario.last_status), (True, "error"))
        self.assertEqual(scenario.failing_since_run_id.id, broke["id"])
        self.assertEqual(str(scenario.failing_since), "2026-03-02 09:00:00")
        self.assertFalse(scenario.flaky)
        # same commit, passes this time: flaky, and no longer failing
        self.push(self.engineer, junit_doc(junit_case("t"), timestamp="2026-03-04T09:00:00"), commit="c3")
        self.assertEqual((scenario.failing, scenario.flaky, scenario.flaky_commits), (False, True, "c3"))
        self.assertEqual(len(scenario.case_ids), 4)

    def test_a_small_suite_in_a_repository_of_many_scenarios(self):
        # a repository of many tests and a push of one of them: the import looks its scenario up
        # by name instead of reading them all, with the same outcome
        many = [junit_case(f"t{i}") for i in range(5)]
        self.push(self.engineer, junit_doc(*many), commit="c1")
        self.push(self.engineer, junit_doc(junit_case("t3", "failed")), commit="c1")
        self.push(self.engineer, junit_doc(junit_case("new")), commit="c2")
        scenarios = self.Scenario.search([("repo_id", "=", self.repo.id)])
        self.assertEqual(len(scenarios), 6)
        by_name = {s.test_name: s for s in scenarios}
        self.assertEqual(
            (by_name["t3"].failing, by_name["t3"].flaky, by_name["t3"].flaky_commits), (True, True, "c1")
        )
        self.assertEqual([len(by_name[n].case_ids) for n in ("t0", "t3", "new")], [1, 2, 1])
        self.assertFalse(by_name["t0"].failing)
