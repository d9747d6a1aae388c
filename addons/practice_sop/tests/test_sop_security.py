# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TRIAGE, SopCase


@tagged("post_install", "-at_install", "practice_security")
class TestSopSecurity(SopCase):
    def test_readers_read_but_do_not_run(self):
        answer = self.start()
        run = self.Run.with_user(self.reader).browse(answer["id"])
        self.assertEqual(run.name, "Deploy failed: DB timeout")
        self.assertEqual(len(run.step_result_ids), 6)
        with self.assertRaisesRegex(AccessError, "Only .*Engineer users may run SOPs"):
            self.api(self.reader).start(TRIAGE, "no")
        with self.assertRaisesRegex(AccessError, "record SOP steps"):
            self.api(self.reader).step(answer["id"], 1, "completed", result="x")
        with self.assertRaisesRegex(AccessError, "finish SOP runs"):
            self.api(self.reader).finish(answer["id"], "aborted", reason="x")
        with self.assertRaisesRegex(AccessError, "register error codes"):
            self.Code.with_user(self.reader).register("READER_CODE", "low", "x")
        with self.assertRaises(AccessError):
            self.api(self.outsider).start(TRIAGE, "no")

    def test_engineers_run_managers_edit_sops_and_delete(self):
        answer = self.start()
        sop = self.sop.with_user(self.engineer)
        with self.assertRaises(AccessError):
            sop.write({"name": "renamed by an engineer"})
        with self.assertRaises(AccessError):
            sop.step_ids[0].write({"name": "renamed"})
        with self.assertRaises(AccessError):
            self.Run.with_user(self.engineer).browse(answer["id"]).unlink()
        self.sop.with_user(self.manager).write({"purpose": "edited by a manager"})
        code = self.Code.with_user(self.engineer).register("TO_DELETE", "low", "x")
        with self.assertRaises(AccessError):
            self.Code.with_user(self.engineer).browse(code["id"]).unlink()
        self.Code.with_user(self.manager).browse(code["id"]).unlink()
        self.Run.with_user(self.manager).browse(answer["id"]).unlink()
        self.assertFalse(self.Run.browse(answer["id"]).exists())

    def test_ai_sessions_run_their_own_runs_only(self):
        mine = self.start(user=self.ai_user, session_id="agent-7")
        self.api(self.ai_user).step(mine["id"], 1, "completed", result="classified")
        theirs = self.start(user=self.engineer)
        with self.assertRaises(AccessError):
            self.api(self.ai_user).step(theirs["id"], 1, "completed", result="not mine")
        self.assertEqual(self.Run.browse(theirs["id"]).step_result_ids[0].state, "pending")
        # engineers may help on any run
        self.api(self.engineer2).step(mine["id"], 2, "completed", result="logs")

    def test_guarded_fields_refuse_direct_writes(self):
        answer = self.start()
        run = self.Run.with_user(self.engineer).browse(answer["id"])
        for vals in (
            {"state": "completed"},
            {"sla_state": "met"},
            {"due_at": "2030-01-01 00:00:00"},
            {"user_id": self.engineer2.id},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                run.write(vals)
        step = run.step_result_ids[0]
        for vals in ({"state": "completed"}, {"result": "forged"}, {"name": "renamed"}):
            with self.assertRaises(AccessError, msg=str(vals)):
                step.write(vals)
        with self.assertRaisesRegex(UserError, "not a direct create"):
            self.Run.with_user(self.engineer).create({"name": "x", "sop_id": self.sop.id})
        with self.assertRaisesRegex(UserError, "copied from the SOP"):
            self.env["practice.sop.run.step"].with_user(self.engineer).create(
                {"run_id": run.id, "sequence": 9, "name": "extra"}
            )
        with self.assertRaises(AccessError):
            self.sop.with_user(self.manager).write({"version": 99})
        self.assertEqual((run.state, step.state), ("running", "pending"))
