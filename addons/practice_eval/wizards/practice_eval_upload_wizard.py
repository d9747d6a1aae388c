# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..tools import junit


class PracticeEvalUploadWizard(models.TransientModel):
    """Backend upload of a JUnit XML file: the same import as RPC and the CLI."""

    _name = "practice.eval.upload.wizard"
    _description = "Upload a JUnit Report"

    report_file = fields.Binary(string="JUnit XML File", required=True)
    report_filename = fields.Char()
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        default=lambda self: self.env["practice.repo"]._default_repo(),
    )
    branch = fields.Char()
    commit = fields.Char()
    session_id = fields.Char(string="Session ID")
    name = fields.Char(help="Run name (default: the suite name in the report).")

    def action_import(self):
        self.ensure_one()
        try:
            raw = base64.b64decode(self.report_file or b"", validate=True)
        except (binascii.Error, ValueError) as err:
            raise UserError(_("The uploaded file could not be read.")) from err
        if len(raw) > junit.MAX_BYTES:
            raise UserError(
                _(
                    "JUnit report refused: the file is %(size)s bytes, at most %(max)s.",
                    size=len(raw),
                    max=junit.MAX_BYTES,
                )
            )
        result = self.env["practice.eval.run"].import_junit(
            raw,
            repo=self.repo_id.id,
            branch=self.branch,
            commit=self.commit,
            session_id=self.session_id,
            name=self.name,
            source="upload",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.eval.run",
            "res_id": result["id"],
            "view_mode": "form",
            "target": "current",
        }
