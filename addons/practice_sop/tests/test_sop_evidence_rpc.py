# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Evidence files sent with a step over RPC (issue 28 item 5e): bounded, type-checked by
extension and content, stored as attachments of the run linked to the step."""

import base64
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_sop.tools import evidence

from .common import T0, SopCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def b64(data):
    return base64.b64encode(data).decode()


@tagged("post_install", "-at_install", "practice_integration")
class TestSopEvidenceRpc(SopCase):
    def _at_step_2(self, user=None):
        user = user or self.engineer
        answer = self.start(user=user)
        with self.clock(T0):
            self.api(user).step(answer["id"], 1, "completed", result="CRITICAL")
        return answer["id"]

    def test_files_become_attachments_of_the_run_linked_to_the_step(self):
        run_id = self._at_step_2(self.ai_user)
        files = [
            {"name": "logs/deployment.log", "data": b64(b"ERROR db timeout\n")},
            {"name": "pool.png", "data": b64(PNG)},
        ]
        with self.clock(T0):
            answer = self.api(self.ai_user).step(run_id, 2, "completed", files=files)
        self.assertEqual(answer["steps"][1]["files"], ["deployment.log", "pool.png"])
        self.assertEqual(answer["steps"][1]["state"], "completed")  # files are the evidence
        step = self.Run.browse(run_id).step_result_ids.filtered(lambda s: s.sequence == 2)
        atts = step.sudo().attachment_ids
        self.assertEqual(set(atts.mapped("res_model")), {"practice.sop.run"})
        self.assertEqual(set(atts.mapped("res_id")), {run_id})
        self.assertEqual(atts.filtered(lambda a: a.name == "pool.png").mimetype, "image/png")
        self.assertEqual(atts.filtered(lambda a: a.name == "deployment.log").raw, b"ERROR db timeout\n")

    def test_bad_files_are_refused_and_nothing_is_stored(self):
        run_id = self._at_step_2()
        api = self.api(self.engineer)
        cases = [
            ([{"name": "tool.exe", "data": b64(b"MZ")}], "are not evidence"),
            ([{"name": "shot.png", "data": b64(b"GIF89a....")}], "is not a .png file"),
            ([{"name": "dump.log", "data": b64(b"\x00\x01\x02")}], "not text"),
            ([{"name": "bin.txt", "data": b64(b"\xff\xfe\xfa")}], "not UTF-8 text"),
            ([{"name": "a.log", "data": "%%%not base64"}], "not base64"),
            ([{"name": "a.log", "data": ""}], "is empty"),
            ([{"name": "a.log"}], "each file is a"),
            ("a.log", "files must be a list"),
            ([{"name": f"f{i}.log", "data": b64(b"x")} for i in range(11)], "at most 10"),
        ]
        for files, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                api.step(run_id, 2, "completed", files=files)
        with (
            patch.object(evidence, "MAX_BYTES", 8),
            self.assertRaisesRegex(UserError, "more than 8 bytes|larger than 8 bytes"),
        ):
            api.step(run_id, 2, "completed", files=[{"name": "big.log", "data": b64(b"x" * 9)}])
        step = self.Run.browse(run_id).step_result_ids.filtered(lambda s: s.sequence == 2)
        self.assertEqual(step.state, "pending")
        self.assertFalse(step.sudo().attachment_ids)

    def test_a_reader_cannot_attach(self):
        run_id = self._at_step_2()
        with self.assertRaises(Exception):  # noqa: B017 - AccessError or the runner check's UserError
            self.api(self.reader).step(run_id, 2, "completed", files=[{"name": "a.log", "data": b64(b"x")}])
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "practice.sop.run"), ("res_id", "=", run_id)]
            )
        )
