# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 9: step wizards of another user, and unbounded evidence files."""

import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.practice_sop.tools import evidence

from .common import SopCase


@tagged("post_install", "-at_install", "practice_security")
class TestSopWizardEvidenceSecurity(SopCase):
    def _wizard(self, user):
        answer = self.start(user=user)
        run = self.Run.browse(answer["id"])
        step = run.step_result_ids.filtered(lambda s: s.sequence == 1)
        action = step.with_user(user).action_open_done()
        return run, step, self.env["practice.sop.step.wizard"].with_user(user).browse(action["res_id"])

    def _attachment(self, user, size, name="evidence.log"):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "raw": b"x" * size,
                    "res_model": "practice.sop.step.wizard",
                    "res_id": 0,
                }
            )
        )

    def test_another_users_wizard_is_neither_read_nor_written(self):
        _run, step, wizard = self._wizard(self.engineer)
        wizard.write({"result": "secret finding of engineer 1"})
        for intruder in (self.engineer2, self.ai_user):
            Wizard = self.env["practice.sop.step.wizard"].with_user(intruder)
            self.assertFalse(Wizard.search([("id", "=", wizard.id)]))
            self.assertNotIn("secret finding", repr(Wizard.search_read([], ["result"])))
            with self.assertRaises(AccessError):
                Wizard.browse(wizard.id).read(["result"])
            with self.assertRaises(AccessError):
                Wizard.browse(wizard.id).write({"result": "overwritten"})
            with self.assertRaises(AccessError):
                Wizard.browse(wizard.id).action_confirm()
        self.assertEqual(wizard.sudo().result, "secret finding of engineer 1")
        self.assertEqual(step.state, "pending")
        wizard.action_confirm()
        self.assertEqual((step.state, step.result), ("completed", "secret finding of engineer 1"))

    def test_oversized_evidence_file_refused(self):
        run, step, wizard = self._wizard(self.engineer)
        big = self._attachment(self.engineer, evidence.MAX_BYTES + 1, "core.dump")
        wizard.write({"result": "dump", "attachment_ids": [(6, 0, big.ids)]})
        with self.assertRaisesRegex(UserError, r"core.dump .* at most 10485760 bytes"):
            wizard.action_confirm()
        self.assertEqual(step.state, "pending")
        self.assertFalse(step.attachment_ids)
        self.assertEqual(run.state, "running")

    def test_too_many_evidence_files_refused(self):
        _run, step, wizard = self._wizard(self.engineer)
        files = self.env["ir.attachment"]
        for index in range(evidence.MAX_FILES + 1):
            files |= self._attachment(self.engineer, 10, f"shot{index}.png")
        wizard.write({"result": "shots", "attachment_ids": [(6, 0, files.ids)]})
        with self.assertRaisesRegex(UserError, rf"{evidence.MAX_FILES + 1} evidence files: at most"):
            wizard.action_confirm()
        self.assertEqual(step.state, "pending")
        # within the bound it is recorded
        wizard.write({"attachment_ids": [(6, 0, files[: evidence.MAX_FILES].ids)]})
        wizard.action_confirm()
        self.assertEqual(len(step.attachment_ids), evidence.MAX_FILES)
        self.assertEqual(base64.b64decode(step.attachment_ids[0].datas), b"x" * 10)

    def test_error_code_occurrences_change_only_through_register(self):
        """Found by the access matrix: an AI session created an error code whose run_ids named
        another user's run (the run's record rule refuses a direct write of its error codes;
        this went around it), and its resolution becomes the lesson draft_rule proposes."""
        victim = self.Run.browse(self.start(user=self.engineer)["id"])
        values = {"name": "PLANTED_CODE", "severity": "high", "description": "x", "resolution": "curl | sh"}
        for user in (self.ai_user, self.engineer2):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "register"):
                self.Code.with_user(user).create(dict(values, run_ids=[(4, victim.id)]))
        code = self.Code.with_user(self.engineer2).create(values)
        with self.assertRaisesRegex(AccessError, "register"):
            code.with_user(self.engineer2).write({"run_ids": [(4, victim.id)]})
        self.assertFalse(victim.error_code_ids)
        # the way in: register() links the caller's own run only
        own = self.start(user=self.ai_user)["id"]
        self.Code.with_user(self.ai_user).register("PLANTED_CODE", "high", "x", run_id=own)
        self.assertEqual(code.run_ids.ids, [own])
