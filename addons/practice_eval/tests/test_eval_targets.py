# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pass-rate targets per repository and category (practice.eval.target): a run or category with
failures is green when its pass rate reaches its target; the run's state, ``latest``,
``suite_state`` and the deploy gate all read that one decision (tools/passrate.run_green)."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..tools import passrate
from .common import EvalCase, junit_case, junit_doc

SHA = "c" * 40


def report(passed, failed, classname="pkg.TestThing", skipped=0):
    """A report of ``passed`` passing and ``failed`` failing cases (and skips) of one class."""
    cases = [junit_case(f"p{i}", classname=classname) for i in range(passed)]
    cases += [junit_case(f"f{i}", "failed", classname=classname) for i in range(failed)]
    cases += [junit_case(f"s{i}", "skipped", classname=classname) for i in range(skipped)]
    return junit_doc(*cases)


def categorized(**counts):
    """A report whose cases carry category properties: ``security=(passed, failed)``..."""
    cases = []
    for category, (passed, failed) in counts.items():
        prop = f'<properties><property name="category" value="{category}"/></properties>'
        for i in range(passed):
            cases.append(f'<testcase classname="c" name="{category}_p{i}" time="0">{prop}</testcase>')
        for i in range(failed):
            cases.append(
                f'<testcase classname="c" name="{category}_f{i}" time="0">{prop}'
                '<failure message="boom">boom</failure></testcase>'
            )
    return junit_doc(*cases)


@tagged("post_install", "-at_install", "practice_rules")
class TestEvalTargets(EvalCase):
    def _target(self, target, category=False, repo=None):
        return self.env["practice.eval.target"].create(
            {"repo_id": (repo or self.repo).id, "category": category, "target": target}
        )

    def test_without_a_target_green_means_no_failure(self):
        self.assertFalse(self.push(self.engineer, report(19, 1))["green"])
        answer = self.push(self.engineer, report(20, 0))
        self.assertTrue(answer["green"])
        self.assertFalse(answer["target"])

    def test_95_percent_with_target_90_is_green_85_is_red(self):
        self._target(90)
        green = self.push(self.engineer, report(19, 1), commit=SHA, tree_hash="")
        self.assertEqual((green["pass_rate"], green["green"], green["state"]), (95.0, True, "green"))
        self.assertEqual(green["target"], 90.0)
        red = self.push(self.engineer, report(17, 3))
        self.assertEqual((red["pass_rate"], red["green"], red["state"]), (85.0, False, "red"))
        # exactly at the target is green; skips stay out of the rate
        self.assertTrue(self.push(self.engineer, report(9, 1, skipped=5))["green"])
        # the stop hook's question reads the same decision, and names no failing test then
        state = self.Run.with_user(self.reader).suite_state(repo="test-repo", commit=SHA, tree_hash="")
        self.assertEqual((state["found"], state["green"], state["failing"]), (True, True, []))
        # another repository has no target
        self.assertFalse(self.push(self.engineer, report(19, 1), repo="other-repo")["green"])

    def test_latest_and_the_run_record_agree(self):
        self._target(90)
        answer = self.push(self.engineer, report(19, 1))
        run = self.Run.browse(answer["id"])
        self.assertEqual((run.state, run.target), ("green", 90.0))
        self.assertTrue(self.Run.with_user(self.reader).latest("test-repo")["green"])

    def test_nothing_ran_is_never_green(self):
        self._target(90)
        self.assertFalse(self.push(self.engineer, report(0, 0, skipped=3))["green"])

    def test_category_targets(self):
        """A category's own target; the whole run's target as the default of the others; a
        category with failures and no target at all keeps the run red."""
        self._target(90, "security")
        answer = self.push(self.engineer, categorized(security=(19, 1), domain=(5, 0)))
        self.assertTrue(answer["green"])
        self.assertEqual(
            {cat: (line["target"], line["green"]) for cat, line in answer["by_category"].items()},
            {"security": (90.0, True), "domain": (False, True)},
        )
        # a failure in a category without a target: red
        answer = self.push(self.engineer, categorized(security=(19, 1), domain=(4, 1)))
        self.assertFalse(answer["green"])
        self.assertFalse(answer["by_category"]["domain"]["green"])
        # the whole run's target covers domain now (80 % < 90 %: still red), then 75 lets it pass
        whole = self._target(90)
        self.assertFalse(self.push(self.engineer, categorized(security=(19, 1), domain=(4, 1)))["green"])
        whole.target = 75
        answer = self.push(self.engineer, categorized(security=(19, 1), domain=(4, 1)))
        self.assertTrue(answer["green"])
        self.assertEqual(answer["by_category"]["domain"]["target"], 75.0)
        # a category below its own target is red even when the run reaches the whole run's
        answer = self.push(self.engineer, categorized(security=(17, 3), domain=(30, 0)))
        self.assertGreaterEqual(answer["pass_rate"], 75.0)
        self.assertFalse(answer["green"])

    def test_targets_are_validated(self):
        self._target(90, "security")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(80, "security")  # one target per repository and category
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(80, "nonsense")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(80, "Security")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(120)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(0)
        self._target(80, "uncategorized")
        self._target(80, False)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target(70, False)  # one whole-run target per repository

    def test_the_rule_without_the_database(self):
        total = passrate.summary(["passed"] * 19 + ["failed"])
        rates = passrate.by_category([("rules", s) for s in ["passed"] * 19 + ["failed"]])
        self.assertFalse(passrate.run_green(total, rates))
        self.assertTrue(passrate.run_green(total, rates, {passrate.ALL: 90}))
        self.assertTrue(passrate.run_green(total, rates, {"rules": 95}))
        self.assertFalse(passrate.run_green(total, rates, {"rules": 95.01}))
        self.assertFalse(passrate.run_green(total, rates, {"security": 10}))
        only_skips = passrate.summary(["skipped"])
        self.assertFalse(passrate.run_green(only_skips, {}, {passrate.ALL: 1}))
        self.assertTrue(passrate.meets(only_skips, None))  # a category that only skipped fails nothing


@tagged("post_install", "-at_install", "practice_security")
class TestEvalTargetSecurity(EvalCase):
    def test_only_managers_write_targets(self):
        Target = self.env["practice.eval.target"]
        target = Target.with_user(self.manager).create({"repo_id": self.repo.id, "target": 90})
        target.with_user(self.manager).write({"target": 95})
        for user in (self.engineer, self.ai_user, self.reader):
            # everyone who reads runs reads the targets they are judged by
            self.assertEqual(target.with_user(user).target, 95.0)
            with self.assertRaises(AccessError), self.cr.savepoint():
                target.with_user(user).write({"target": 10})
            with self.assertRaises(AccessError), self.cr.savepoint():
                Target.with_user(user).create({"repo_id": self.other_repo.id, "target": 10})
            with self.assertRaises(AccessError), self.cr.savepoint():
                target.with_user(user).unlink()
        with self.assertRaises(AccessError):
            target.with_user(self.outsider).read(["target"])
        self.assertEqual(target.target, 95.0)

    def test_a_target_is_no_way_to_rewrite_an_imported_run(self):
        """Targets apply at import: setting one later does not turn a red run green."""
        red = self.push(self.ai_user, report(19, 1))
        self.env["practice.eval.target"].with_user(self.manager).create(
            {"repo_id": self.repo.id, "target": 90}
        )
        run = self.Run.browse(red["id"])
        self.assertEqual(run.state, "red")
        with self.assertRaises(AccessError), self.cr.savepoint():
            run.with_user(self.manager).write({"target": 10})
