# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TRIAGE, SopCase


@tagged("post_install", "-at_install", "practice_rules")
class TestSopBadInput(SopCase):
    def _count(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT (SELECT count(*) FROM practice_sop_run), (SELECT count(*) FROM practice_sop_run_step)"
        )
        return self.env.cr.fetchone()

    def test_bad_start_input_is_a_clear_error_and_writes_nothing(self):
        api = self.api(self.engineer)
        before = self._count()
        cases = [
            (("SOP-NOPE-404", "t"), {}, "No active SOP SOP-NOPE-404"),
            (("", "t"), {}, "sop_code must be an SOP code"),
            ((None, "t"), {}, "sop_code must be an SOP code"),
            ((TRIAGE, ""), {}, "title is required"),
            ((TRIAGE, 42), {}, "title must be text"),
            ((TRIAGE, "x" * 201), {}, "title must be at most 200 characters"),
            ((TRIAGE, "t"), {"severity": "urgent"}, "severity must be one of"),
            ((TRIAGE, "t"), {"session_id": ["a"]}, "session_id must be text"),
            ((TRIAGE, "t"), {"alert_id": "7"}, "alert_id must be a watchdog alert id"),
            ((TRIAGE, "t"), {"repo": "no-such-repo"}, "no-such-repo"),
        ]
        for args, kwargs, message in cases:
            with self.assertRaisesRegex(UserError, message, msg=f"{args} {kwargs}"):
                api.start(*args, **kwargs)
        self.assertEqual(self._count(), before)

    def test_bad_step_and_finish_input(self):
        answer = self.start()
        api = self.api(self.engineer)
        for run_id, message in (
            (0, "positive whole number"),
            ("1", "positive whole number"),
            (True, "positive"),
            (10**9, "No SOP run"),
        ):
            with self.assertRaisesRegex(UserError, message):
                api.step(run_id, 1, "completed")
        with self.assertRaisesRegex(UserError, "sequence must be a step number"):
            api.step(answer["id"], "1", "completed")
        with self.assertRaisesRegex(UserError, "state must be one of"):
            api.step(answer["id"], 1, "done")
        with self.assertRaisesRegex(UserError, "result must be text"):
            api.step(answer["id"], 1, "completed", result={"a": 1})
        with self.assertRaisesRegex(UserError, "state must be completed or aborted"):
            api.finish(answer["id"], "running")
        with self.assertRaisesRegex(UserError, "limit must be between 1 and 200"):
            api.list_runs(limit=10**6)
        self.assertEqual(self.Run.browse(answer["id"]).step_result_ids.mapped("state"), ["pending"] * 6)
