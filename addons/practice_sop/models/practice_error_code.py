# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import codes, sla
from .practice_sop_run import SEVERITIES

MAX_TEXT = 20000


class PracticeErrorCode(models.Model):
    """An entry of the error-code catalog (``DB_CONNECTION_LEAK``): what it means, how to resolve
    it, where it was seen."""

    _name = "practice.error.code"
    _description = "Error Code"
    _inherit = ["mail.thread", "practice.guarded.mixin"]
    _order = "name"
    # where a code was seen is a result: register() links it to the caller's own run (a direct
    # create/write of run_ids went around the run's record rule)
    _guarded_fields = ("run_ids",)
    _guarded_actions = "register() (`practice sop code`), with the run it was seen in"

    name = fields.Char(
        string="Code", required=True, tracking=True, help="Uppercase snake case, e.g. DB_CONNECTION_LEAK."
    )
    severity = fields.Selection(
        SEVERITIES, required=True, default="high", tracking=True, help="Usual severity."
    )
    description = fields.Text(required=True, help="What the error is.")
    resolution = fields.Text(help="How it is resolved (becomes the rule text of a drafted hard rule).")
    sop_ids = fields.Many2many(
        "practice.sop",
        "practice_error_code_sop_rel",
        "code_id",
        "sop_id",
        string="Related SOPs",
        help="Procedures that investigate it.",
    )
    rule_ids = fields.Many2many(
        "practice.rule",
        "practice_error_code_rule_rel",
        "code_id",
        "rule_id",
        string="Hard Rules",
        help="Hard rules born from it.",
    )
    run_ids = fields.Many2many(
        "practice.sop.run",
        "practice_error_code_run_rel",
        "code_id",
        "run_id",
        string="Occurrences",
        help="SOP runs that found it.",
    )
    occurrence_count = fields.Integer(
        compute="_compute_seen", store=True, string="Occurrences (count)", help="Runs that found it."
    )
    first_seen = fields.Datetime(
        compute="_compute_seen", store=True, help="Start of the first run that found it."
    )
    last_seen = fields.Datetime(
        compute="_compute_seen", store=True, help="Start of the last run that found it."
    )

    measure_count = fields.Integer(
        compute="_compute_measures", string="Preventive Measures (count)", help="Measures of its runs."
    )
    measure_html = fields.Html(
        compute="_compute_measures",
        string="Preventive Measures",
        sanitize=True,
        help="The preventive measures planned in the runs that found it (owner, due date, state).",
    )

    _sql_constraints = [("name_unique", "unique(name)", "An error code is unique in the catalog.")]

    @api.depends("run_ids", "run_ids.started_at", "run_ids.create_date")
    def _compute_seen(self):
        for code in self:
            runs = code.sudo().run_ids
            moments = sorted(run.started_at or run.create_date for run in runs)
            code.occurrence_count = len(runs)
            code.first_seen = moments[0] if moments else False
            code.last_seen = moments[-1] if moments else False

    @api.depends("run_ids")
    def _compute_measures(self):
        for code in self:
            runs = code.run_ids  # the runs the user may read (multi-company)
            measures = runs._measures()
            code.measure_count = len(measures)
            code.measure_html = self._measures_table(measures, {run.id: run.name for run in runs})

    @api.model
    def _measures_table(self, measures, run_names):
        """An HTML table of ``measures`` (the dicts of ``practice.sop.run._measures``)."""
        if not measures:
            return False
        head = "".join(
            f"<th>{escape(label)}</th>"
            for label in (_("Run"), _("Measure"), _("Owner"), _("Due"), _("State"))
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(str(value))}</td>"
                for value in (
                    f"#{m['run_id']} {run_names.get(m['run_id'], '')}".strip(),
                    m["summary"],
                    m["owner"] or "-",
                    m["due"] or "-",
                    m["state"],
                )
            )
            + "</tr>"
            for m in measures
        )
        return f'<table class="table table-sm o_practice_measures"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'

    @api.constrains("name")
    def _check_name(self):
        for code in self:
            try:
                codes.error_code(code.name)
            except codes.CodeError as err:
                raise ValidationError(str(err)) from err

    @api.ondelete(at_uninstall=False)
    def _unlink_only_manager(self):
        self.env["practice.sop.run"]._caller()._practice_require("manager", _("delete error codes"))

    @api.model
    def register(self, code, severity, description, resolution="", run_id=None):
        """RPC: add ``code`` to the catalog, or find it when it exists, and link it to run
        ``run_id`` → {id, created, code, occurrences}."""
        Run = self.env["practice.sop.run"]
        Run._require_runner(_("register error codes"))
        try:
            code = codes.error_code(code)
            sla.check_severity(severity)
        except (codes.CodeError, sla.SlaInputError) as err:
            raise UserError(str(err)) from err
        description = Run._text_arg(description, "description", MAX_TEXT, required=True)
        resolution = Run._text_arg(resolution, "resolution", MAX_TEXT)
        run = Run._get_run(run_id) if run_id not in (None, False) else Run
        record = self.search([("name", "=", code)], limit=1)
        created = not record
        if created:
            record = self.create(
                {
                    "name": code,
                    "severity": severity,
                    "description": description,
                    "resolution": resolution or False,
                    "sop_ids": [fields.Command.link(run.sop_id.id)] if run else [],
                }
            )
        elif resolution and not record.resolution:
            record.sudo().write({"resolution": resolution})
        if run:
            run._guarded().write({"error_code_ids": [fields.Command.link(record.id)]})
            run._post(_("Error code %(code)s recorded.", code=code))
        return {
            "id": record.id,
            "created": created,
            "code": record.name,
            "occurrences": record.occurrence_count,
        }

    @api.model
    def show(self, code):
        """RPC: one catalog entry by code → dict with its runs and rules."""
        if not isinstance(code, str) or not code.strip():
            raise UserError(_("code must be an error code such as DB_CONNECTION_LEAK."))
        record = self.search([("name", "=", code.strip().upper()[:64])], limit=1)
        if not record:
            raise UserError(_("No error code %(code)s in the catalog.", code=code.strip()[:64]))
        return {
            "id": record.id,
            "code": record.name,
            "severity": record.severity,
            "description": record.description,
            "resolution": record.resolution or "",
            "occurrences": record.occurrence_count,
            "first_seen": fields.Datetime.to_string(record.first_seen) or False,
            "last_seen": fields.Datetime.to_string(record.last_seen) or False,
            "sops": record.sop_ids.mapped("code"),
            "rules": [{"id": r.id, "title": r.name, "status": r.status} for r in record.rule_ids],
            "runs": [{"id": r.id, "title": r.name, "state": r.state} for r in record.run_ids[:20]],
            "measures": record.run_ids._measures(),
        }
