# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10 item 7: start/note/finish, remember and index answer hostile input with an Odoo
exception (never TypeError/ValueError/KeyError) and bounded work."""

from odoo.tests import tagged

from odoo.addons.practice_base.tests.test_hostile_input import BIG, HostileMixin

from .common import MemoryCase

NAN, INF = float("nan"), float("inf")


@tagged("post_install", "-at_install", "practice_rules")
class TestMemoryHostileInput(HostileMixin, MemoryCase):
    def test_start_note_finish_refuse_hostile_arguments(self):
        Log = self.Log.with_user(self.ai_user)
        self.start("h-run", user=self.ai_user)
        modules_before = self.env["practice.code.module"].search_count([])
        logs_before = self.Log.search_count([])
        calls = []
        for bad in (None, 5, ["s"], {"s": 1}, "", "s" * 10_000):
            calls.append(("start session_id", lambda b=bad: Log.start(b, "t", repo="test-repo")))
            calls.append(("note session_id", lambda b=bad: Log.note(b, "note", "x")))
            calls.append(("finish session_id", lambda b=bad: Log.finish(b, "success", "x")))
        for bad in (None, 5, ["t"], "", "t" * 300, BIG):
            calls.append(("start title", lambda b=bad: Log.start("h-new", b, repo="test-repo")))
        for bad in (
            5,
            1.5,
            {"a": 1},
            [None],
            [5],
            ["bad name!"],
            ["x" * 10_000],
            [f"m{i}" for i in range(5000)],
            [f"m{i}" for i in range(51)],
        ):
            calls.append(
                ("start modules", lambda b=bad: Log.start("h-new", "t", modules=b, repo="test-repo"))
            )
        for bad in (5, ["gpt"], {"m": 1}, "m" * 300):
            calls.append(
                ("start model_name", lambda b=bad: Log.start("h-new", "t", model_name=b, repo="test-repo"))
            )
        for bad in ([1], {"a": 1}, 1.5, "r" * 10_000, "no-such-repo"):
            calls.append(("start repo", lambda b=bad: Log.start("h-new", "t", repo=b)))
        for bad in (None, 5, ["tried"], {"k": 1}, "shouted"):
            calls.append(("note kind", lambda b=bad: Log.note("h-run", b, "x")))
        for bad in (None, 5, ["x"], {"x": 1}, "", "   ", "x" * 20_001, BIG):
            calls.append(("note text", lambda b=bad: Log.note("h-run", "note", b)))
        for bad in (None, 5, ["success"], {"o": 1}, "great"):
            calls.append(("finish outcome", lambda b=bad: Log.finish("h-run", b, "x")))
        for bad in (NAN, INF, -INF, -1, "cheap", "nan", [1], {"c": 1}, True, 1e300, 10**400):
            calls.append(("finish cost", lambda b=bad: Log.finish("h-run", "success", "x", cost=b)))
        for bad in (NAN, INF, -1, 1.5, "many", [1], True, 2**40):
            calls.append(("finish tokens", lambda b=bad: Log.finish("h-run", "success", "x", tokens=b)))
        calls.append(("finish summary", lambda: Log.finish("h-run", "success", BIG)))
        for label, call in calls:
            self.assertOdooError(call, label)
        self.assertEqual(self.env["practice.code.module"].search_count([]), modules_before)
        self.assertEqual(self.Log.search_count([]), logs_before)
        log = self.log("h-run")
        self.assertEqual((log.state, log.outcome, log.cost, len(log.entry_ids)), ("running", False, 0.0, 0))
        # good input still works
        Log.finish("h-run", "success", "done", cost="0.25", tokens=10.0)
        self.assertEqual((self.log("h-run").cost, self.log("h-run").tokens), (0.25, 10))

    def test_finish_nan_cost_is_a_user_error(self):
        self.start("h-nan", user=self.ai_user)
        err = self.assertOdooError(
            lambda: self.Log.with_user(self.ai_user).finish("h-nan", "success", "x", cost=NAN), "nan"
        )
        self.assertIn("cost must be a finite number", str(err))

    def test_remember_and_index_refuse_hostile_arguments(self):
        Memory = self.Memory.with_user(self.ai_user)
        before = self.Memory.search_count([])
        calls = []
        for bad in (None, 5, ["t"], {"t": 1}, "", "t" * 201, BIG):
            calls.append(("remember topic", lambda b=bad: Memory.remember(b, "summary")))
        for bad in (None, 5, ["s"], {"s": 1}, "", "s" * 5001, BIG):
            calls.append(("remember summary", lambda b=bad: Memory.remember("topic", b)))
        for bad in (5, ["s"], {"s": 1}, "no-such-session", "s" * 10_000):
            calls.append(
                ("remember session", lambda b=bad: Memory.remember("topic", "summary", session_id=b))
            )
        for bad in (5, {"a": 1}, [None], ["bad name!"], [f"m{i}" for i in range(5000)]):
            calls.append(("remember modules", lambda b=bad: Memory.remember("topic", "summary", modules=b)))
        for bad in (None, [1], {"a": 1}, NAN, INF, -INF, "many", 1, 2.5, True, 10**12, 10**400):
            calls.append(("index max_lines", lambda b=bad: Memory.index(max_lines=b)))
        for bad in ([1], {"a": 1}, 1.5, "r" * 10_000, "no-such-repo"):
            calls.append(("index repo", lambda b=bad: Memory.index(repo=b)))
        for label, call in calls:
            self.assertOdooError(call, label)
        self.assertEqual(self.Memory.search_count([]), before)
        result = Memory.remember("Hostile check topic", "Works with modules.", modules=["sale_ext"])
        self.assertEqual(result["modules"], ["sale_ext"])
        self.assertIn("markdown", Memory.index(max_lines="20"))
