# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..tools import codes

GLOBAL_CODE_INDEX = "practice_sop_global_code_unique"


class PracticeSop(models.Model):
    """A standard operating procedure: ordered steps that a run follows.

    An SOP without a repository is global: it runs in every repository that has no SOP of
    its own with the same code (:meth:`_for_repo`). Editing the steps of an SOP that already has runs raises its version; every run copies the
    steps (and the version) it follows, so a run keeps what it was walked with.
    """

    _name = "practice.sop"
    _description = "Standard Operating Procedure"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.guarded.mixin"]
    _order = "code"
    _rec_name = "code"
    _guarded_fields = ("version",)
    _guarded_actions = "editing the steps (a new version when the SOP has runs)"

    code = fields.Char(
        required=True,
        tracking=True,
        help="Unique per repository (and among global SOPs), e.g. SOP-TRIAGE-001.",
    )
    repo_id = fields.Many2one(
        required=False,
        default=False,
        help="Empty: a global SOP, run in every repository that has no SOP of its own with this "
        "code. Set: this repository's own SOP, which overrides a global one of the same code.",
    )
    name = fields.Char(
        string="Title", required=True, tracking=True, help="What the procedure is for, in a line."
    )
    purpose = fields.Text(help="When to follow it and what it achieves (markdown).")
    version = fields.Integer(
        default=1, readonly=True, tracking=True, help="Raised when steps change after the SOP was run."
    )
    active = fields.Boolean(default=True, help="Archived SOPs cannot be started.")
    step_ids = fields.One2many(
        "practice.sop.step", "sop_id", string="Steps", copy=True, help="Ordered steps."
    )
    step_count = fields.Integer(compute="_compute_counts", help="Number of steps.")
    run_ids = fields.One2many(
        "practice.sop.run", "sop_id", string="Runs", readonly=True, help="Runs of this SOP."
    )
    run_count = fields.Integer(compute="_compute_counts", help="Number of runs.")
    error_code_ids = fields.Many2many(
        "practice.error.code",
        "practice_error_code_sop_rel",
        "sop_id",
        "code_id",
        string="Error Codes",
        help="Error codes this SOP investigates.",
    )

    _sql_constraints = [
        ("code_repo_unique", "unique(repo_id, code)", "An SOP code is unique within a repository."),
    ]

    def init(self):
        # unique(repo_id, code) lets any number of NULL repositories through: one global per code
        if not index_exists(self.env.cr, GLOBAL_CODE_INDEX):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (code) WHERE repo_id IS NULL",
                    SQL.identifier(GLOBAL_CODE_INDEX),
                    SQL.identifier(self._table),
                )
            )

    @api.model
    def _for_repo(self, repo, code):
        """The active SOP ``code`` that runs in ``repo``: the repository's own, else the global
        one (an empty recordset when neither exists)."""
        found = self.search([("code", "=", code), ("repo_id", "in", [repo.id, False])])
        return found.filtered("repo_id")[:1] or found[:1]

    @api.depends("step_ids", "run_ids")
    def _compute_counts(self):
        for sop in self:
            sop.step_count = len(sop.step_ids)
            sop.run_count = len(sop.run_ids)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for sop in self:
            sop.display_name = f"{sop.code} {sop.name}" if sop.name else (sop.code or "")

    @api.constrains("code")
    def _check_code(self):
        for sop in self:
            try:
                codes.sop_code(sop.code)
            except codes.CodeError as err:
                raise ValidationError(str(err)) from err

    def _bump_version(self, why):
        """A new version of every SOP here that has runs (called when its steps change)."""
        for sop in self.filtered(lambda s: s.sudo().run_ids):
            sop._guarded().write({"version": sop.version + 1})
            sop.sudo().message_post(
                body=_("Version %(version)s: %(why)s", version=sop.version, why=why),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    def action_new_run(self):
        """Button: a draft run of this SOP (the form then starts it)."""
        self.ensure_one()
        run = self.env["practice.sop.run"]._create_run(self, self.name, "high", origin="manual")
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.sop.run",
            "res_id": run.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("practice_sop.practice_sop_run_action")
        action["domain"] = [("sop_id", "=", self.id)]
        action["context"] = {}
        return action
