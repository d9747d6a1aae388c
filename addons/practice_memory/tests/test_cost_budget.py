# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 27 item 5: cost budgets per repository and model (daily and monthly), their 80 % and
100 % alerts (once per period), the cost report and the context bundle's budget lines."""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemoryCase

MAIN = "claude-test-9-20261201"
SIDE = "claude-test-mini-1"
MILLION = 1_000_000


def usage(main_input=0, side_input=0):
    """Usage whose cost is ``3 * main_input + 1 * side_input`` (in millions of input tokens)."""
    result = {}
    if main_input:
        result[MAIN] = {"input_tokens": int(main_input * MILLION), "messages": 1}
    if side_input:
        result[SIDE] = {"input_tokens": int(side_input * MILLION), "messages": 1}
    return result


class BudgetCase(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.env.company.currency_id
        Price = cls.env["practice.model.price"]
        for family, inp in (("claude-test-9", 3.0), ("claude-test-mini", 1.0)):
            Price.create(
                {
                    "name": family,
                    "date_from": "2020-01-01",
                    "currency_id": cls.currency.id,
                    "input_price": inp,
                    "output_price": 0,
                    "cache_write_price": 0,
                    "cache_write_1h_price": 0,
                    "cache_read_price": 0,
                }
            )
        cls.Budget = cls.env["practice.cost.budget"]
        cls.Usage = cls.env["practice.session.usage"]
        cls.today = fields.Date.today()

    def budget(self, **vals):
        vals = {"name": "Test repo budget", "repo_id": self.repo.id, "daily_amount": 10.0, **vals}
        return self.Budget.with_user(self.manager).create(vals)

    def record(self, session_id, answer, user=None):
        return self.Log.with_user(user or self.ai_user).record_usage(session_id, answer)

    def todos(self, budget):
        return self.env["mail.activity"].search(
            [("res_model", "=", "practice.cost.budget"), ("res_id", "=", budget.id)]
        )

    def alerts(self, budget):
        subtype = self.env.ref("practice_memory.mt_cost_budget_crossed")
        return budget.message_ids.filtered(lambda m: m.subtype_id == subtype)


@tagged("post_install", "-at_install", "practice_security")
class TestCostBudgetSecurity(BudgetCase):
    def test_only_managers_edit_budgets(self):
        budget = self.budget()
        for user in (self.reader, self.engineer, self.ai_user):
            with self.subTest(user=user.login):
                self.assertEqual(self.Budget.with_user(user).search([("id", "=", budget.id)]), budget)
                with self.assertRaises(AccessError):
                    self.Budget.with_user(user).create({"name": "Mine", "daily_amount": 1000.0})
                with self.assertRaises(AccessError):
                    budget.with_user(user).write({"daily_amount": 1000.0})
                with self.assertRaises(AccessError):
                    budget.with_user(user).unlink()
        budget.with_user(self.manager).write({"daily_amount": 20.0})
        self.assertEqual(budget.daily_amount, 20.0)
        with self.assertRaises(AccessError):
            self.Budget.with_user(self.outsider).search([]).read(["name"])

    def test_nobody_writes_the_alert_levels(self):
        """The levels change through the budget check only: not even a Manager sets them, so
        an alert cannot be silenced (or faked) by a write."""
        budget = self.budget()
        for user in (self.engineer, self.ai_user, self.manager):
            for vals in (
                {"daily_state": "exceeded"},
                {"monthly_state": "ok", "monthly_period": "2020-01-01"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    budget.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.Budget.with_user(self.manager).create(
                {"name": "Pre-alerted", "daily_amount": 5.0, "daily_state": "exceeded"}
            )
        self.assertEqual((budget.daily_state, budget.monthly_state), ("ok", "ok"))

    def test_ai_session_recording_usage_raises_the_alert_it_cannot_write(self):
        budget = self.budget()
        self.start("sec-1", user=self.ai_user)
        self.record("sec-1", usage(main_input=4))  # 12 of 10
        self.assertEqual(budget.daily_state, "exceeded")
        with self.assertRaises(AccessError):
            budget.with_user(self.ai_user).write({"daily_state": "ok"})

    def test_budgets_follow_their_company(self):
        other = self.env["res.company"].create({"name": "Other practice company"})
        foreign = self.Budget.create({"name": "Other company's", "daily_amount": 1.0, "company_id": other.id})
        self.assertFalse(self.Budget.with_user(self.manager).search([("id", "=", foreign.id)]))
        foreign_repo = self.env["practice.repo"].create({"name": "foreign-repo", "company_id": other.id})
        with self.assertRaises(ValidationError):
            self.Budget.create({"name": "Mismatch", "daily_amount": 1.0, "repo_id": foreign_repo.id})

    def test_bad_values_are_refused(self):
        with self.assertRaises(ValidationError):
            self.budget(daily_amount=0.0, monthly_amount=0.0)
        with self.assertRaises(ValidationError):
            self.budget(model_family="claude opus; drop")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.budget(daily_amount=-1.0, monthly_amount=10.0)

    def test_report_needs_a_practice_group(self):
        with self.assertRaises(AccessError):
            self.Usage.with_user(self.outsider).report()
        self.assertIn("totals", self.Usage.with_user(self.ai_user).report())


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestCostBudgetLifecycle(BudgetCase):
    def test_80_then_100_percent_each_raised_once(self):
        budget = self.budget(user_id=self.engineer.id, monthly_amount=100.0)
        self.start("life-1", user=self.ai_user)
        self.record("life-1", usage(main_input=1))  # 3 of 10
        self.assertEqual(budget.daily_state, "ok")
        self.assertFalse(self.todos(budget))

        self.record("life-1", usage(main_input=2.7))  # 8.1 of 10: 81 %
        self.assertEqual((budget.daily_state, budget.daily_period), ("warning", self.today))
        todos = self.todos(budget)
        self.assertEqual(len(todos), 1)
        self.assertEqual(todos.user_id, self.engineer)
        self.assertIn("80 %", todos.summary)
        self.assertEqual(len(self.alerts(budget)), 1)

        for _i in range(3):  # the same totals again, and more below 100 %: nothing new
            self.record("life-1", usage(main_input=2.7))
        self.record("life-1", usage(main_input=3.2))  # 9.6
        self.env["practice.cost.budget"]._cron_check_budgets()
        self.assertEqual(len(self.todos(budget)), 1)

        self.record("life-1", usage(main_input=3.4))  # 10.2 of 10
        self.assertEqual(budget.daily_state, "exceeded")
        todos = self.todos(budget)
        self.assertEqual(len(todos), 2)
        self.assertEqual(len(todos.filtered(lambda a: "exceeded" in a.summary)), 1)
        self.assertEqual(len(self.alerts(budget)), 2)
        self.assertEqual(budget.monthly_state, "ok")  # 10.2 of 100

        self.start("life-2", user=self.ai_user2)
        self.record("life-2", usage(main_input=1), user=self.ai_user2)
        self.env["practice.cost.budget"]._cron_check_budgets()
        self.assertEqual(len(self.todos(budget)), 2)
        self.assertEqual(len(self.alerts(budget)), 2)

    def test_a_jump_past_100_percent_raises_one_alert(self):
        budget = self.budget(daily_amount=0.0, monthly_amount=5.0, user_id=self.manager.id)
        self.start("jump-1", user=self.ai_user)
        self.record("jump-1", usage(main_input=2))  # 6 of 5
        self.assertEqual(
            (budget.monthly_state, budget.monthly_period), ("exceeded", self.today.replace(day=1))
        )
        self.assertEqual(len(self.todos(budget)), 1)
        self.assertEqual(budget.daily_state, "ok")

    def test_a_new_period_starts_over(self):
        budget = self.budget(user_id=self.engineer.id)
        self.start("day-1", user=self.ai_user)
        self.record("day-1", usage(main_input=3))  # 9 of 10
        self.assertEqual(budget.daily_state, "warning")
        tomorrow = self.today + timedelta(days=1)
        self.assertEqual(self.Budget._cron_check_budgets(today=tomorrow), 0)
        self.assertEqual((budget.daily_state, budget.daily_period), ("ok", tomorrow))
        self.assertEqual(len(self.todos(budget)), 1)

    def test_changing_the_amount_checks_again(self):
        budget = self.budget(user_id=self.engineer.id)
        self.start("amount-1", user=self.ai_user)
        self.record("amount-1", usage(main_input=3.4))  # 10.2 of 10
        self.assertEqual(len(self.todos(budget)), 1)
        budget.with_user(self.manager).daily_amount = 20.0  # 51 %
        self.assertEqual(budget.daily_state, "ok")
        budget.with_user(self.manager).daily_amount = 12.0  # 85 %
        self.assertEqual(budget.daily_state, "warning")
        self.assertEqual(len(self.todos(budget)), 2)

    def test_without_responsible_the_managers_get_the_todo(self):
        budget = self.budget()
        self.start("mgr-1", user=self.ai_user)
        self.record("mgr-1", usage(main_input=3))
        todos = self.todos(budget)
        self.assertIn(self.manager, todos.user_id)
        self.assertEqual(len(todos), len(budget._alert_users()))
        self.assertFalse(
            todos.user_id.filtered(lambda u: not u.has_group("practice_base.group_practice_manager"))
        )

    def test_model_family_and_repository_scope(self):
        opus_only = self.budget(name="Main model", model_family="claude-test-9", user_id=self.engineer.id)
        other_repo = self.budget(name="Other repo", repo_id=self.other_repo.id, user_id=self.engineer.id)
        self.start("scope-1", user=self.ai_user)
        self.record("scope-1", usage(side_input=9))  # 9 of the side model only
        self.assertEqual(opus_only.daily_state, "ok")
        self.assertEqual(other_repo.daily_state, "ok")
        self.assertEqual(self.budget(name="Every model").daily_state, "warning")  # checked at creation


@tagged("post_install", "-at_install", "practice_integration")
class TestCostReport(BudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log.with_user(cls.ai_user).start("rep-1", "First", repo="test-repo")
        cls.Log.with_user(cls.ai_user).record_usage("rep-1", usage(main_input=2, side_input=1))  # 6 + 1
        cls.Log.with_user(cls.ai_user2).start("rep-2", "Second", repo="test-repo")
        cls.Log.with_user(cls.ai_user2).record_usage("rep-2", usage(main_input=1))  # 3
        cls.Log.with_user(cls.ai_user).start("rep-3", "Elsewhere", repo="other-repo")
        cls.Log.with_user(cls.ai_user).record_usage("rep-3", usage(side_input=4))  # 4

    def report(self, **kwargs):
        return self.Usage.with_user(self.reader).report(**kwargs)

    def test_by_model_in_one_repository(self):
        result = self.report(period="today", by="model", repo="test-repo")
        self.assertEqual(result["repo"], "test-repo")
        self.assertEqual((result["date_from"], result["date_to"]), (str(self.today), str(self.today)))
        self.assertEqual(result["currency"], self.currency.name)
        self.assertEqual(result["totals"]["cost"], 10.0)
        self.assertEqual(result["totals"]["sessions"], 2)
        self.assertEqual(result["totals"]["tokens"], 4 * MILLION)
        rows = [(row["key"], row["cost"], row["sessions"], row["share"]) for row in result["rows"]]
        self.assertEqual(rows, [(MAIN, 9.0, 2, 90), (SIDE, 1.0, 1, 10)])
        self.assertEqual(result["more"], 0)

    def test_by_session_and_by_repo(self):
        by_session = self.report(by="session", repo="test-repo")
        self.assertEqual([row["key"] for row in by_session["rows"]], ["rep-1", "rep-2"])
        first = by_session["rows"][0]
        self.assertEqual(
            (first["label"], first["user"], first["repo"], first["cost"]), ("First", "t_ai", "test-repo", 7.0)
        )
        by_repo = self.report(period="month", by="repo")
        costs = {row["key"]: row["cost"] for row in by_repo["rows"]}
        self.assertEqual((costs["test-repo"], costs["other-repo"]), (10.0, 4.0))
        self.assertFalse(by_repo["repo"])
        limited = self.report(by="session", repo="test-repo", limit=1)
        self.assertEqual((len(limited["rows"]), limited["more"]), (1, 1))
        self.assertEqual(limited["totals"]["cost"], 10.0)

    def test_periods_and_bad_arguments(self):
        week = self.report(period="week", repo="test-repo")
        self.assertEqual(fields.Date.from_string(week["date_from"]).weekday(), 0)
        month = self.report(period="month", repo="test-repo")
        self.assertEqual(month["date_from"][-2:], "01")
        for kwargs in (
            {"period": "year"},
            {"by": "user"},
            {"limit": 0},
            {"period": ["today"]},
            {"repo": "nope"},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(UserError):
                self.report(**kwargs)

    def test_budgets_in_the_report(self):
        budget = self.budget(daily_amount=12.0, monthly_amount=100.0)  # 10 of 12: 83 %
        self.budget(name="Other repo", repo_id=self.other_repo.id)
        result = self.report(repo="test-repo")
        self.assertEqual([b["name"] for b in result["budgets"]], ["Test repo budget"])
        info = result["budgets"][0]
        self.assertEqual(info["id"], budget.id)
        self.assertEqual(info["state"], "warning")
        self.assertEqual(
            (
                info["daily"]["spent"],
                info["daily"]["percent"],
                info["daily"]["state"],
                info["daily"]["alerted"],
            ),
            (10.0, 83, "warning", "warning"),
        )
        self.assertEqual((info["monthly"]["percent"], info["monthly"]["state"]), (10, "ok"))
        self.assertEqual(len(self.report()["budgets"]), 2)

    def test_bundle_mentions_a_budget_above_80_percent(self):
        bundle = self.env["practice.context"].with_user(self.ai_user).bundle(repo="test-repo")
        self.assertNotIn("cost_budget", bundle.get("sections", {}))
        self.assertNotIn("Cost budget", bundle["markdown"])
        self.budget(name="Tight", daily_amount=11.0)  # 10 of 11: 91 %
        self.budget(name="Loose", daily_amount=100.0)
        bundle = self.env["practice.context"].with_user(self.ai_user).bundle(repo="test-repo")
        self.assertIn("## Cost budget", bundle["markdown"])
        self.assertIn(
            "**Tight** (test-repo): above 80 % — 91 % of the daily budget (10.00 of 11.00", bundle["markdown"]
        )
        self.assertNotIn("Loose", bundle["markdown"])
        json_bundle = (
            self.env["practice.context"].with_user(self.ai_user).bundle(repo="test-repo", fmt="json")
        )
        items = json_bundle["sections"]["cost_budget"]["items"]
        self.assertEqual([item["name"] for item in items], ["Tight"])
        other = self.env["practice.context"].with_user(self.ai_user).bundle(repo="other-repo")
        self.assertNotIn("Cost budget", other["markdown"])
