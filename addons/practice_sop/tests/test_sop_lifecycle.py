# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import T0, SopCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestSopLifecycle(SopCase):
    def test_start_answers_the_contract_shape(self):
        answer = self.start(severity="critical", session_id="agent-1")
        self.assertEqual(answer["state"], "running")
        self.assertEqual(answer["sla_minutes"], 15)
        self.assertEqual(answer["due_at"], "2025-11-01 11:00:00")
        self.assertEqual(
            [(s["sequence"], s["state"]) for s in answer["steps"]], [(i, "pending") for i in range(1, 7)]
        )
        self.assertEqual(answer["steps"][0]["title"], "Classify the error and its severity")
        # each step says how to do it and what it should produce (issue 28 item 5a)
        self.assertIn("5 whys", answer["steps"][2]["instructions"])
        self.assertTrue(all(s["instructions"] for s in answer["steps"]))
        self.assertIn("expected_result", answer["steps"][0])
        shown = self.api(self.engineer).get_run(answer["id"])["steps"]
        self.assertEqual([s["instructions"] for s in shown], [s["instructions"] for s in answer["steps"]])
        run = self.Run.browse(answer["id"])
        self.assertEqual((run.session_id, run.origin, run.user_id), ("agent-1", "rpc", self.engineer))
        self.assertEqual(run.sop_version, self.sop.version)

    def test_every_transition_lands_in_the_chatter(self):
        answer = self.start()
        run_id = answer["id"]
        api = self.api(self.engineer)
        with self.clock(T0):
            api.step(run_id, 1, "in_progress")
            api.step(run_id, 1, "completed", result="DB timeout, CRITICAL")
            api.step(run_id, 2, "completed", result="logs attached")
            api.step(run_id, 3, "skipped", reason="known cause")
            for seq in (4, 5, 6):
                api.step(run_id, seq, "completed", result=f"done {seq}")
        with self.clock(T0 + timedelta(minutes=12)):
            done = api.finish(run_id)
        self.assertEqual(done["state"], "completed")
        self.assertEqual(done["sla"], "met")
        self.assertEqual(done["duration_minutes"], 12)
        run = self.Run.browse(run_id)
        bodies = " | ".join(self.chatter(run))
        for expected in (
            "Run started",
            "Step 1 Classify the error and its severity: in_progress",
            "Step 1 Classify the error and its severity: completed",
            "Step 3 Root cause (5 whys): skipped. Reason: known cause",
            "Run completed in 12 min: SLA met",
        ):
            self.assertIn(expected, bodies)
        step3 = run.step_result_ids.filtered(lambda s: s.sequence == 3)
        self.assertEqual(
            (step3.state, step3.skip_reason, step3.done_by_id), ("skipped", "known cause", self.engineer)
        )

    def test_refused_steps(self):
        answer = self.start()
        run_id = answer["id"]
        api = self.api(self.engineer)
        with self.assertRaisesRegex(UserError, "done in order"):
            api.step(run_id, 2, "completed", result="too early")
        with self.assertRaisesRegex(UserError, "skipping needs a reason"):
            api.step(run_id, 1, "skipped")
        with self.assertRaisesRegex(UserError, "skipping needs a reason"):
            api.step(run_id, 1, "skipped", reason="   ")
        with self.assertRaisesRegex(UserError, "expects evidence"):
            api.step(run_id, 1, "completed")
            api.step(run_id, 2, "completed")
        with self.assertRaisesRegex(UserError, "cannot go from completed to skipped"):
            api.step(run_id, 1, "skipped", reason="changed my mind")
        with self.assertRaisesRegex(UserError, "has no step 7"):
            api.step(run_id, 7, "completed")
        with self.assertRaisesRegex(
            UserError, r"every step must be completed or skipped first \(open: 2, 3, 4, 5, 6\)"
        ):
            api.finish(run_id)
        run = self.Run.browse(run_id)
        self.assertEqual(run.step_result_ids.mapped("state"), ["completed"] + ["pending"] * 5)
        self.assertEqual(run.state, "running")

    def test_abort_needs_a_reason_and_is_final(self):
        answer = self.start()
        api = self.api(self.engineer)
        with self.assertRaisesRegex(UserError, "aborting a run needs a reason"):
            api.finish(answer["id"], "aborted")
        with self.clock(T0 + timedelta(minutes=5)):
            done = api.finish(answer["id"], "aborted", reason="false alarm")
        self.assertEqual((done["state"], done["sla"]), ("aborted", "met"))
        run = self.Run.browse(answer["id"])
        self.assertEqual(run.abort_reason, "false alarm")
        with self.assertRaisesRegex(UserError, "only while it is running"):
            api.step(answer["id"], 1, "completed", result="x")
        with self.assertRaisesRegex(UserError, "an aborted run cannot become completed"):
            api.finish(answer["id"])

    def test_button_flow_draft_then_start(self):
        action = self.sop.with_user(self.engineer).action_new_run()
        run = self.Run.browse(action["res_id"])
        self.assertEqual((run.state, run.origin, run.started_at), ("draft", "manual", False))
        run.with_user(self.engineer).write({"severity": "medium"})  # a draft's severity may change
        with self.clock(T0):
            run.with_user(self.engineer).action_start()
        self.assertEqual((run.state, run.sla_minutes), ("running", 1440))
        with self.assertRaisesRegex(UserError, "severity of a started run is fixed"):
            run.with_user(self.engineer).write({"severity": "low"})
        with self.assertRaisesRegex(UserError, "a running run cannot become running"):
            run.with_user(self.engineer).action_start()

    def test_step_wizard_records_through_the_run(self):
        answer = self.start()
        run = self.Run.browse(answer["id"])
        step1 = run.step_result_ids.filtered(lambda s: s.sequence == 1)
        action = step1.with_user(self.engineer).action_open_done()
        wizard = self.env["practice.sop.step.wizard"].with_user(self.engineer).browse(action["res_id"])
        wizard.write({"result": "DB timeout"})
        wizard.action_confirm()
        self.assertEqual((step1.state, step1.result), ("completed", "DB timeout"))
        step2 = run.step_result_ids.filtered(lambda s: s.sequence == 2)
        self.assertTrue(step2.can_act)
        action = step2.with_user(self.engineer).action_open_skip()
        wizard = self.env["practice.sop.step.wizard"].with_user(self.engineer).browse(action["res_id"])
        with self.assertRaisesRegex(UserError, "skipping needs a reason"):
            wizard.action_confirm()
        action = run.with_user(self.engineer).action_open_abort()
        wizard = self.env["practice.sop.step.wizard"].with_user(self.engineer).browse(action["res_id"])
        wizard.write({"reason": "duplicate of run 4"})
        wizard.action_confirm()
        self.assertEqual((run.state, run.abort_reason), ("aborted", "duplicate of run 4"))

    def test_editing_steps_of_a_run_sop_makes_a_new_version(self):
        answer = self.start()
        before = self.sop.version
        self.sop.step_ids[0].with_user(self.manager).write({"name": "Classify (new wording)"})
        self.assertEqual(self.sop.version, before + 1)
        run = self.Run.browse(answer["id"])
        self.assertEqual(run.sop_version, before)
        self.assertEqual(run.step_result_ids[0].name, "Classify the error and its severity")
        again = self.start(title="second")
        self.assertEqual(again["steps"][0]["title"], "Classify (new wording)")
        self.assertEqual(self.Run.browse(again["id"]).sop_version, before + 1)
        # an SOP without runs keeps its version when edited
        fresh = (
            self.env["practice.sop"]
            .with_user(self.manager)
            .create({"code": "SOP-FRESH-001", "name": "Fresh", "step_ids": [(0, 0, {"name": "one"})]})
        )
        fresh.step_ids.write({"name": "one, reworded"})
        self.assertEqual(fresh.version, 1)
