# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 25 item 7: a session's tokens and cost per model (record_usage), priced from the model
price table in the company currency; the session log's tokens, cost and model follow."""

from datetime import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemoryCase

MAIN = "claude-test-9-20261201"
SIDE = "claude-test-mini-1"


def counters(inp=0, out=0, write=0, write_1h=0, read=0, messages=1):
    return {
        "input_tokens": inp,
        "output_tokens": out,
        "cache_creation_input_tokens": write,
        "cache_creation_1h_input_tokens": write_1h,
        "cache_read_input_tokens": read,
        "messages": messages,
    }


class UsageCase(MemoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Price = cls.env["practice.model.price"]
        cls.currency = cls.env.company.currency_id
        # families of this test only: the shipped Claude prices stay out of the arithmetic
        cls.price_main = cls.price("claude-test-9", 3.0, 15.0, 3.75, 6.0, 0.30)
        cls.price_side = cls.price("claude-test-mini", 1.0, 5.0, 1.25, 2.0, 0.10)

    @classmethod
    def price(cls, family, inp, out, write, write_1h, read, date_from="2020-01-01", currency=None):
        return cls.Price.create(
            {
                "name": family,
                "date_from": date_from,
                "currency_id": (currency or cls.currency).id,
                "input_price": inp,
                "output_price": out,
                "cache_write_price": write,
                "cache_write_1h_price": write_1h,
                "cache_read_price": read,
            }
        )

    def record(self, session_id, usage, user=None):
        return self.Log.with_user(user or self.ai_user).record_usage(session_id, usage)


@tagged("post_install", "-at_install", "practice_integrity")
class TestSessionUsageRecording(UsageCase):
    def test_record_replaces_lines_and_sets_the_session_totals(self):
        self.start("u-replace", user=self.ai_user)
        first = {MAIN: counters(10, 200, 1000, 0, 50_000, 2), SIDE: counters(5, 40, 0, 0, 1200, 1)}
        answer = self.record("u-replace", first)
        log = self.log("u-replace")
        self.assertEqual(len(log.usage_ids), 2)
        self.assertEqual(answer["session_id"], "u-replace")
        self.assertEqual(answer["currency"], self.currency.name)
        self.assertEqual(set(answer["usage"]), {MAIN, SIDE})
        self.assertEqual(answer["usage"][MAIN]["messages"], 2)
        self.assertEqual(answer["tokens"], 10 + 200 + 1000 + 50_000 + 5 + 40 + 1200)
        self.assertEqual(log.tokens, answer["tokens"])
        self.assertAlmostEqual(log.cost, sum(log.usage_ids.mapped("cost")), places=4)
        self.assertEqual(log.model_name, MAIN, "the model that cost most names the session")
        ids = log.usage_ids.ids

        # the same totals again (stop, then session end): nothing changes
        again = self.record("u-replace", first)
        self.assertEqual(again, answer)
        self.assertEqual(log.usage_ids.ids, ids)

        # the transcript grew: the totals are replaced, not added
        grown = {MAIN: counters(20, 400, 1000, 0, 90_000, 4), SIDE: counters(5, 40, 0, 0, 1200, 1)}
        self.record("u-replace", grown)
        main = log.usage_ids.filtered(lambda line: line.model_name == MAIN)
        self.assertEqual((main.input_tokens, main.output_tokens, main.messages), (20, 400, 4))
        self.assertEqual(log.usage_ids.ids, ids, "lines are updated in place")
        self.assertEqual(log.tokens, 20 + 400 + 1000 + 90_000 + 5 + 40 + 1200)

        # a model that is no longer there loses its line; an empty usage empties the totals
        self.record("u-replace", {SIDE: counters(5, 40, 0, 0, 1200, 1)})
        self.assertEqual(log.usage_ids.mapped("model_name"), [SIDE])
        self.assertEqual(log.model_name, SIDE)
        self.record("u-replace", {})
        self.assertFalse(log.usage_ids)
        self.assertEqual((log.tokens, log.cost), (0, 0.0))

    def test_finish_keeps_its_cost_and_tokens_without_usage(self):
        self.start("u-finish-plain", user=self.ai_user, model_name="llm-x")
        self.record("u-finish-plain", {})  # nothing recorded before: changes nothing
        self.Log.with_user(self.ai_user).finish("u-finish-plain", "success", "ok", cost=1.25, tokens=900)
        log = self.log("u-finish-plain")
        self.assertEqual((log.cost, log.tokens, log.model_name), (1.25, 900, "llm-x"))

    def test_usage_wins_over_finish_and_can_come_after_it(self):
        self.start("u-finish", user=self.ai_user, model_name="claude-test-9")
        self.record("u-finish", {MAIN: counters(0, 1_000_000)})  # 15.0 at the test price
        self.Log.with_user(self.ai_user).finish("u-finish", "success", "ok", cost=99.0, tokens=5)
        log = self.log("u-finish")
        self.assertEqual((log.state, log.cost, log.tokens), ("finished", 15.0, 1_000_000))
        # the session end hook comes after finish(): the finished session takes the last totals
        self.record("u-finish", {MAIN: counters(0, 2_000_000)})
        self.assertEqual(
            (log.state, log.outcome, log.cost, log.tokens), ("finished", "success", 30.0, 2_000_000)
        )
        self.assertEqual(log.model_name, MAIN)

    def test_per_model_reports_group_by_the_recorded_models(self):
        for session, model in (("u-rep-1", MAIN), ("u-rep-2", MAIN), ("u-rep-3", SIDE)):
            self.start(session, user=self.ai_user)
            self.record(session, {model: counters(0, 1_000_000)})
        domain = [("name", "in", ["u-rep-1", "u-rep-2", "u-rep-3"])]
        by_model = dict(self.Log._read_group(domain, ["model_name"], ["cost:sum"]))
        self.assertEqual(by_model, {MAIN: 30.0, SIDE: 5.0})
        lines = self.env["practice.session.usage"]._read_group(
            [("session_log_id.name", "in", ["u-rep-1", "u-rep-2", "u-rep-3"])],
            ["model_name"],
            ["cost:sum", "output_tokens:sum"],
        )
        self.assertEqual(sorted(lines), [(MAIN, 30.0, 2_000_000), (SIDE, 5.0, 1_000_000)])


@tagged("post_install", "-at_install", "practice_rules")
class TestSessionUsagePricing(UsageCase):
    def test_cost_uses_every_price_including_both_cache_writes(self):
        self.start("u-cost", user=self.ai_user)
        usage = {MAIN: counters(inp=1000, out=2000, write=10_000, write_1h=4000, read=100_000)}
        answer = self.record("u-cost", usage)
        # 1000*3 + 2000*15 + 6000*3.75 + 4000*6 + 100000*0.30 = 109,500 per million
        self.assertAlmostEqual(answer["usage"][MAIN]["cost"], 0.1095, places=6)
        line = self.log("u-cost").usage_ids
        self.assertEqual(line.price_id, self.price_main)
        self.assertEqual(line.currency_id, self.currency)
        self.assertEqual(line.total_tokens, 1000 + 2000 + 10_000 + 100_000)

    def test_cost_is_converted_to_the_company_currency(self):
        other = self.env["res.currency"].create({"name": "PXT", "symbol": "¤", "rounding": 0.01})
        # 0.5 PXT per unit of the company currency: one PXT is worth two
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "name": "2000-01-01", "rate": 0.5, "company_id": self.env.company.id}
        )
        self.price("claude-test-pxt", 10.0, 10.0, 10.0, 10.0, 10.0, currency=other)
        self.start("u-fx", user=self.ai_user)
        answer = self.record("u-fx", {"claude-test-pxt-1": counters(out=100_000)})  # 1.0 PXT
        self.assertAlmostEqual(answer["usage"]["claude-test-pxt-1"]["cost"], 2.0, places=4)
        self.assertAlmostEqual(self.log("u-fx").cost, 2.0, places=4)

    def test_unknown_model_records_tokens_at_zero_cost(self):
        self.start("u-unknown", user=self.ai_user)
        answer = self.record("u-unknown", {"gpt-unpriced-7": counters(10, 20, 30, 0, 40, 3)})
        line = self.log("u-unknown").usage_ids
        self.assertEqual((line.model_name, line.total_tokens, line.messages), ("gpt-unpriced-7", 100, 3))
        self.assertFalse(line.price_id)
        self.assertEqual((line.cost, answer["cost"], answer["tokens"]), (0.0, 0.0, 100))
        self.assertEqual(answer["model_name"], "gpt-unpriced-7")
        self.assertIs(answer["usage"]["gpt-unpriced-7"]["price"], False)

    def test_price_valid_at_the_session_start_and_longest_family(self):
        self.price("claude-test-9", 3.0, 100.0, 3.75, 6.0, 0.30, date_from="2999-01-01")
        self.price("claude-test-9-big", 3.0, 50.0, 3.75, 6.0, 0.30)
        cases = (
            # (session start, model, cost of one million output tokens)
            ("2026-06-01 10:00:00", "claude-test-9", 15.0),  # the row valid that day
            ("3000-01-01 10:00:00", "claude-test-9-20261201", 100.0),  # a later price change
            ("2010-01-01 10:00:00", "claude-test-9", 15.0),  # older than every row: the earliest
            ("2026-06-01 10:00:00", "claude-test-9-big-2", 50.0),  # the longest family wins
            ("2026-06-01 10:00:00", "claude-test-9-bigger", 15.0),  # a family ends at a separator
            ("2026-06-01 10:00:00", "us.anthropic.claude-test-9-v1:0", 15.0),  # a provider's prefix
        )
        for index, (start, model, expected) in enumerate(cases):
            with self.subTest(start=start, model=model):
                session = f"u-dated-{index}"
                self.start(session, user=self.ai_user)
                self.log(session).sudo().write({"started_at": fields.Datetime.to_datetime(start)})
                answer = self.record(session, {model: counters(out=1_000_000)})
                self.assertAlmostEqual(answer["usage"][model]["cost"], expected, places=4)

    def test_shipped_prices_cover_the_current_claude_models(self):
        day = datetime(2026, 12, 7).date()
        expected = {
            "claude-opus-4-6": (5.0, 25.0, 0.50),
            "claude-opus-4-20250514": (15.0, 75.0, 1.50),
            "claude-opus-5-5": (4.0, 20.0, 0.20),
            "claude-sonnet-4-5-20250929": (3.0, 15.0, 0.30),
            "claude-sonnet-5-5": (2.0, 10.0, 0.10),  # after the cache-read cut of 2026-10-07
            "claude-haiku-4-5-20251001": (1.0, 5.0, 0.10),
            "claude-fable-5-1": (10.0, 50.0, 0.25),
        }
        for model, (inp, out, read) in expected.items():
            with self.subTest(model=model):
                price = self.Price._price_for(model, day)
                self.assertEqual(
                    (price.input_price, price.output_price, price.cache_read_price), (inp, out, read)
                )
        before_cut = self.Price._price_for("claude-sonnet-5-5", datetime(2026, 10, 1).date())
        self.assertEqual(before_cut.cache_read_price, 0.20)

    def test_family_names_match_in_any_case_and_are_checked(self):
        self.price("Claude-Test-Upper", 1.0, 2.0, 1.0, 1.0, 1.0)
        self.start("u-upper", user=self.ai_user)
        answer = self.record("u-upper", {"claude-test-upper-1": counters(out=1_000_000)})
        self.assertAlmostEqual(answer["usage"]["claude-test-upper-1"]["cost"], 2.0, places=4)
        for bad in ("claude test spaces", " claude-test ", "x" * 129, "us.anthropic.claude-test"):
            with self.subTest(family=bad), self.assertRaisesRegex(ValidationError, "model family"):
                self.price(bad, 1, 1, 1, 1, 1)


@tagged("post_install", "-at_install", "practice_rules")
class TestSessionUsageValidation(UsageCase):
    def test_bad_usage_is_refused_with_a_clear_error(self):
        self.start("u-bad", user=self.ai_user)
        too_many = {f"claude-test-{i}": counters() for i in range(33)}
        cases = (
            (None, "usage must be a dict"),
            ([MAIN], "usage must be a dict"),
            ("claude", "usage must be a dict"),
            (too_many, "at most 32 models"),
            ({"": counters()}, "model id"),
            ({"x" * 129: counters()}, "at most 128 characters"),
            ({"claude test": counters()}, "model id"),
            ({7: counters()}, "model id"),
            ({MAIN: [1, 2]}, "must be a dict of token counts"),
            ({MAIN: {"input": 5}}, "unknown counter"),
            ({MAIN: {"input_tokens": -1}}, "at least 0"),
            ({MAIN: {"input_tokens": 1.5}}, "whole number"),
            ({MAIN: {"input_tokens": "many"}}, "whole number"),
            ({MAIN: {"input_tokens": True}}, "whole number"),
            ({MAIN: {"input_tokens": None}}, "whole number"),
            ({MAIN: {"output_tokens": 2**31}}, "at most"),
            ({MAIN: {"output_tokens": float("nan")}}, "whole number"),
            (
                {MAIN: {"cache_creation_input_tokens": 10, "cache_creation_1h_input_tokens": 11}},
                "is a part of",
            ),
        )
        for usage, message in cases:
            with self.subTest(usage=str(usage)[:60]), self.assertRaisesRegex(UserError, message):
                self.record("u-bad", usage)
        self.assertFalse(self.log("u-bad").usage_ids, "a refused call records nothing")

    def test_unknown_or_bad_session_is_a_user_error(self):
        for session_id in ("u-nobody", "", None, 42, "x" * 300):
            with self.subTest(session_id=session_id), self.assertRaises(UserError):
                self.record(session_id, {MAIN: counters()})

    def test_counts_accept_integral_numbers_and_text(self):
        self.start("u-loose", user=self.ai_user)
        self.record("u-loose", {f"  {MAIN}  ": {"input_tokens": 5.0, "output_tokens": "7"}})
        line = self.log("u-loose").usage_ids
        self.assertEqual(
            (line.model_name, line.input_tokens, line.output_tokens, line.messages), (MAIN, 5, 7, 0)
        )


@tagged("post_install", "-at_install", "practice_security")
class TestSessionUsageSecurity(UsageCase):
    def setUp(self):
        super().setUp()
        self.start("u-owned", user=self.ai_user)
        self.record("u-owned", {MAIN: counters(10, 200, 0, 0, 1000)})
        self.own_log = self.log("u-owned")
        self.line = self.own_log.usage_ids

    def test_only_the_owner_or_a_manager_records_usage(self):
        for user in (self.ai_user2, self.engineer, self.reader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.record("u-owned", {MAIN: counters(0, 1)}, user=user)
        self.assertEqual(self.line.output_tokens, 200)
        with self.assertRaises(AccessError):
            self.record("u-owned", {MAIN: counters(0, 1)}, user=self.outsider)
        # a Practice Manager may (e.g. to record a session's usage for its owner)
        self.record("u-owned", {MAIN: counters(0, 300)}, user=self.manager)
        self.assertEqual(self.line.output_tokens, 300)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_plain_practice_users_cannot_write_usage_lines(self):
        Usage = self.env["practice.session.usage"]
        for user in (self.ai_user, self.engineer, self.reader):
            line = self.line.with_user(user)
            self.assertEqual(line.cost, self.line.cost, "everyone in the practice reads usage")
            for vals in ({"output_tokens": 1}, {"cost": 0.0}, {"total_tokens": 1}, {"model_name": "cheap"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    line.write(vals)
            with self.subTest(user=user.login, action="create"), self.assertRaises(AccessError):
                Usage.with_user(user).create({"session_log_id": self.own_log.id, "model_name": "forged"})
            with self.subTest(user=user.login, action="unlink"), self.assertRaises(AccessError):
                line.unlink()
        # not even a Manager writes the counts or the cost directly: record_usage() does
        for vals in ({"output_tokens": 1}, {"cost": 0.0}, {"price_id": False}, {"session_log_id": False}):
            with self.subTest(user="manager", vals=vals), self.assertRaises(AccessError):
                self.line.with_user(self.manager).write(vals)
        with self.assertRaises(AccessError):
            Usage.with_user(self.manager).create(
                {"session_log_id": self.own_log.id, "model_name": "forged", "cost": 5.0}
            )
        self.assertEqual((self.line.output_tokens, self.line.model_name), (200, MAIN))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_session_tokens_cost_and_usage_lines_are_not_writable_directly(self):
        forged = [fields.Command.create({"model_name": "forged", "output_tokens": 1})]
        # the owner: guarded fields of its own session
        for vals in (
            {"tokens": 1},
            {"cost": 0.0},
            {"usage_ids": forged},
            {"usage_ids": [fields.Command.clear()]},
        ):
            with self.subTest(user="owner", vals=str(vals)), self.assertRaises(AccessError):
                self.own_log.with_user(self.ai_user).write(vals)
        # another AI session and an Engineer: another's session
        for user in (self.ai_user2, self.engineer):
            for vals in ({"tokens": 1}, {"cost": 0.0}, {"usage_ids": forged}):
                with self.subTest(user=user.login, vals=str(vals)), self.assertRaises(AccessError):
                    self.own_log.with_user(user).write(vals)
        self.assertEqual((self.own_log.tokens, len(self.own_log.usage_ids)), (1210, 1))

    def test_only_managers_edit_prices(self):
        for user in (self.ai_user, self.engineer, self.reader):
            price = self.price_main.with_user(user)
            self.assertEqual(price.input_price, 3.0, "the practice reads prices")
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                price.write({"input_price": 0.0})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Price.with_user(user).create({"name": "claude-free", "date_from": "2020-01-01"})
        self.price_main.with_user(self.manager).write({"input_price": 4.0})
        self.assertEqual(self.price_main.input_price, 4.0)
