# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

GATE_PARAM = "practice_deploy.gate_watchdog"


class ProjectTask(models.Model):
    _inherit = "project.task"

    deploy_watchdog_snapshot_id = fields.Many2one(
        "practice.watchdog.snapshot",
        string="Snapshot at Dispatch",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Watchdog snapshot taken when the git host accepted the dispatch.",
    )
    deploy_watchdog_ok = fields.Boolean(
        string="Watchdog OK After Deploy", readonly=True, copy=False, help="Nothing crossed a threshold."
    )
    deploy_watchdog_flagged = fields.Char(
        string="Watchdog Flagged",
        readonly=True,
        copy=False,
        help="How many metrics crossed a threshold, and the severity (never which models: the diff "
        "names them to those who may read them).",
    )
    deploy_watchdog_diff_id = fields.Many2one(
        "practice.watchdog.diff",
        string="Watchdog Diff",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="practice_base.group_practice_reader",
        help="The comparison of the dispatch snapshot with the one after the deploy (each line "
        "readable by those who may read its model).",
    )

    @api.model
    def _deploy_guarded_names(self):
        return super()._deploy_guarded_names() + (
            "deploy_watchdog_snapshot_id",
            "deploy_watchdog_ok",
            "deploy_watchdog_flagged",
            "deploy_watchdog_diff_id",
        )

    def _deploy_gates(self):
        gates = super()._deploy_gates()
        if not self._deploy_switch_on("gate_watchdog"):
            return gates
        count = (
            self.env["practice.watchdog.alert"]
            .sudo()
            .search_count([("state", "in", ("new", "acknowledged")), ("severity", "=", "high")])
        )
        gates.append(
            {
                "name": _("No open high watchdog alert"),
                "ok": not count,
                "detail": _("none open") if not count else _("%(n)s open high alert(s)", n=count),
                "practice": True,  # alert counts: practice Readers only (_deploy_gates_shown)
            }
        )
        return gates

    # The task's chatter and fields are read by every Project user of the task: they carry a
    # summary only (counts, severity, a link to the access-controlled diff), never a model name
    # or a count of a model. Errors go to the server log.
    def _deploy_on_dispatched(self):
        super()._deploy_on_dispatched()
        try:
            with self.env.cr.savepoint():
                snap = (
                    self.env["practice.watchdog.snapshot"]
                    .sudo()
                    .take(_("Deploy task %(id)s dispatched", id=self.id)[:120])
                )
        except UserError as err:
            _logger.warning("practice_deploy_watchdog: no snapshot at dispatch of task %s: %s", self.id, err)
            self.sudo().message_post(
                body=_("Watchdog: no snapshot at dispatch (see the server log)."),
                author_id=self._deploy_bot(),
            )
            return
        self._deploy_guarded().sudo().write({"deploy_watchdog_snapshot_id": snap["id"]})
        self.sudo().message_post(
            body=_("Watchdog: snapshot %(id)s taken at dispatch.", id=snap["id"]),
            author_id=self._deploy_bot(),
        )

    def _deploy_on_deployed(self, data):
        super()._deploy_on_deployed(data)
        if not self.deploy_watchdog_snapshot_id:
            return
        try:
            with self.env.cr.savepoint():
                result = (
                    self.env["practice.watchdog.snapshot"].sudo().compare(self.deploy_watchdog_snapshot_id.id)
                )
        except UserError as err:
            _logger.warning("practice_deploy_watchdog: comparison failed for task %s: %s", self.id, err)
            self.sudo().message_post(
                body=_("Watchdog: comparison failed (see the server log)."), author_id=self._deploy_bot()
            )
            return
        count = len(result["flagged"])
        summary = (
            _(
                "%(n)s metric(s) crossed a threshold (severity %(severity)s)",
                n=count,
                severity=result["severity"],
            )
            if count
            else False
        )
        self._deploy_guarded().sudo().write(
            {
                "deploy_watchdog_ok": result["ok"],
                "deploy_watchdog_flagged": summary,
                "deploy_watchdog_diff_id": result["diff_id"],
            }
        )
        link = Markup(
            '<a href="/odoo/practice.watchdog.diff/%s" data-oe-model="%s" data-oe-id="%s">%s</a>'
        ) % (
            result["diff_id"],
            "practice.watchdog.diff",
            result["diff_id"],
            _("diff %(id)s", id=result["diff_id"]),
        )
        if result["ok"]:
            body = Markup(_("Watchdog after deploy: nothing crossed a threshold (%(link)s).")) % {
                "link": link
            }
        else:
            body = Markup(
                _(
                    "Watchdog after deploy: %(summary)s; the %(link)s names them to practice Readers "
                    "who may read the models."
                )
            ) % {"summary": summary, "link": link}
        self.sudo().message_post(body=body, author_id=self._deploy_bot())
