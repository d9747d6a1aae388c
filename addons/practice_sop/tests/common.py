# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of SOP tests: practice users, SOP-TRIAGE-001 (data) and a controlled clock."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from odoo import fields

from odoo.addons.practice_base.tests.common import PracticeCase

T0 = datetime(2025, 11, 1, 10, 45, 0)
TRIAGE = "SOP-TRIAGE-001"


class SopCase(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["practice.sop.run"]
        cls.Code = cls.env["practice.error.code"]
        cls.sop = cls.env.ref("practice_sop.sop_triage_001")

    @contextmanager
    def clock(self, moment):
        with patch.object(fields.Datetime, "now", return_value=moment):
            yield

    def api(self, user):
        return self.Run.with_user(user)

    def start(self, user=None, title="Deploy failed: DB timeout", at=T0, **kwargs):
        with self.clock(at):
            return self.api(user or self.engineer).start(TRIAGE, title, **kwargs)

    def walk(self, answer, user=None, at=T0, skip=()):
        """Every step of the run done (``skip``: sequences skipped with a reason)."""
        for step in answer["steps"]:
            seq = step["sequence"]
            with self.clock(at):
                if seq in skip:
                    self.api(user or self.engineer).step(answer["id"], seq, "skipped", reason="not needed")
                else:
                    self.api(user or self.engineer).step(
                        answer["id"], seq, "completed", result=f"result {seq}"
                    )

    def chatter(self, run):
        return [m.body or "" for m in run.message_ids]
