# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.practice_base.tools import when
from odoo.addons.practice_base.tools.bundle import Item, Section

RUNS_PRIORITY = 48
CODES_PRIORITY = 12
# budget tier agreed for the whole bundle (practice_base/tools/bundle.py): "the rest" is 60
SOP_TIER = 60
RUN_LIMIT = 10
CODE_LIMIT = 20


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        sections = super()._bundle_sections(request)
        rule_ids = [
            item.data["id"]
            for section in sections
            if section.key == "rules"
            for item in section.items
            if isinstance(item.data, dict) and item.data.get("id")
        ]
        return sections + self._bundle_section_sop_runs(request) + self._bundle_section_error_codes(rule_ids)

    @api.model
    def _bundle_section_sop_runs(self, request):
        """Open SOP runs (draft/running) on the named modules: an incident is being worked on."""
        if not request["modules"]:
            return []
        Run = self.env["practice.sop.run"]
        if not Run.has_access("read"):
            return []
        runs = Run.search(
            [
                ("repo_id", "=", request["repo"].id),
                ("state", "in", ("draft", "running")),
                ("module_ids", "in", request["modules"].ids),
            ],
            order="id desc",
            limit=RUN_LIMIT,
        )
        now = when.to_datetime(request.get("now")) or fields.Datetime.now()
        items = []
        for run in runs:
            due = f", due {when.iso_utc(run.due_at)} ({when.age(run.due_at, now)})" if run.due_at else ""
            items.append(
                Item(
                    markdown=f"- **{run.name}** ({run.sop_id.code}, {run.severity}, {run.state}, steps "
                    f"{run.step_progress}{due}): `practice sop show {run.id}`",
                    data={
                        "id": run.id,
                        "title": run.name,
                        "sop": run.sop_id.code,
                        "severity": run.severity,
                        "state": run.state,
                        "due_at": when.iso_utc(run.due_at) if run.due_at else False,
                        "modules": run.module_ids.mapped("name"),
                    },
                    tier=SOP_TIER,
                )
            )
        return [
            Section(
                key="sop_runs",
                title=_("Open SOP runs on your modules"),
                priority=RUNS_PRIORITY,
                budget=SOP_TIER,
                items=items,
                intro=_(
                    "An incident on these modules is being investigated: read its run before changing them."
                ),
            )
        ]

    @api.model
    def _bundle_section_error_codes(self, rule_ids):
        """Error codes behind the hard rules the bundle shows."""
        Code = self.env["practice.error.code"]
        if not rule_ids or not Code.has_access("read"):
            return []
        codes = Code.search([("rule_ids", "in", rule_ids)], order="name", limit=CODE_LIMIT)
        items = [
            Item(
                markdown=f"- **{code.name}** ({code.severity}, seen {code.occurrence_count}x): "
                f"{next(iter((code.resolution or code.description or '').splitlines()), '')[:200]}",
                data={
                    "code": code.name,
                    "severity": code.severity,
                    "occurrences": code.occurrence_count,
                    "rules": sorted(set(code.rule_ids.ids) & set(rule_ids)),
                },
                tier=SOP_TIER,
            )
            for code in codes
        ]
        return [
            Section(
                key="error_codes",
                title=_("Error codes of these rules"),
                priority=CODES_PRIORITY,
                budget=SOP_TIER,
                items=items,
                hint=_("`practice error-code show <CODE>`"),
            )
        ]
