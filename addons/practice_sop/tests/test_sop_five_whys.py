# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 5 Whys of the root-cause step (issue 28 item 5d): ordered why -> because pairs and the
root cause, recorded with the step over RPC, carried into a drafted hard rule."""

import json

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import T0, SopCase

WHYS = [
    {"why": "Why did the deploy fail?", "because": "The DB connection timed out"},
    {"why": "did the connection time out", "because": "The pool was exhausted"},
    ["was the pool exhausted", "Exception handlers never released their connection"],
]


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSopFiveWhys(SopCase):
    def _at_step_3(self):
        answer = self.start()
        api = self.api(self.engineer)
        with self.clock(T0):
            api.step(answer["id"], 1, "completed", result="CRITICAL")
            api.step(answer["id"], 2, "completed", result="logs")
        return answer["id"], api

    def test_root_cause_step_records_the_whys_in_order(self):
        run_id, api = self._at_step_3()
        with self.clock(T0):
            answer = api.step(
                run_id,
                3,
                "completed",
                result="found",
                whys=WHYS,
                root_cause="Connections leak in except blocks",
            )
        self.assertEqual(
            [p["because"] for p in answer["five_whys"]],
            [
                "The DB connection timed out",
                "The pool was exhausted",
                "Exception handlers never released their connection",
            ],
        )
        self.assertEqual(answer["root_cause"], "Connections leak in except blocks")
        run = self.Run.browse(run_id)
        self.assertEqual(json.loads(run.five_whys)[2]["why"], "was the pool exhausted")
        self.assertEqual(
            run.five_whys_text.splitlines()[:2],
            [
                "1. Why did the deploy fail? Because The DB connection timed out",
                "2. Why did the connection time out? Because The pool was exhausted",
            ],
        )
        self.assertTrue(run.five_whys_text.endswith("Root cause: Connections leak in except blocks"))
        self.assertEqual(self.api(self.reader).get_run(run_id)["five_whys"], answer["five_whys"])
        # the drafted rule carries them as its root cause
        with self.clock(T0):
            for seq in (4, 5, 6):
                api.step(run_id, seq, "completed", result=f"result {seq}")
        run.write({"resolution": "Release DB connections in finally blocks"})
        with self.clock(T0):
            api.finish(run_id)
        rule = self.env["practice.rule"].browse(api.draft_rule(run_id)["rule_id"])
        self.assertIn("3. Why was the pool exhausted? Because Exception handlers", rule.root_cause)
        self.assertIn("Root cause: Connections leak in except blocks", rule.root_cause)

    def test_whys_are_refused_off_the_root_cause_step_or_malformed(self):
        run_id, api = self._at_step_3()
        with self.assertRaisesRegex(UserError, "is not the root-cause step"):
            api.step(run_id, 2, "completed", whys=WHYS)
        with self.assertRaisesRegex(UserError, "when the root-cause step is completed"):
            api.step(run_id, 3, "in_progress", root_cause="x")
        for bad, message in [
            ("not a list", "must be a list"),
            ([{"why": "a"}], "because must be non-empty"),
            ([{"why": "a", "because": "b", "x": 1}], "only the keys"),
            ([["a", "b", "c"]], "pair"),
            ([["a", "b"]] * 11, "at most 10 whys"),
        ]:
            with self.assertRaisesRegex(UserError, message):
                api.step(run_id, 3, "completed", whys=bad)
        run = self.Run.browse(run_id)
        self.assertEqual(run.step_result_ids.filtered(lambda s: s.sequence == 3).state, "pending")
        self.assertFalse(run.five_whys)
        # the stored field is checked too
        with self.assertRaisesRegex(ValidationError, "not valid JSON"):
            run.write({"five_whys": "{oops"})
