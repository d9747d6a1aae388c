# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.practice_base.tools.bundle import Item, Section

from ..tools import memory_index

MEMORY_PRIORITY = 20
SESSIONS_PRIORITY = 70
SESSIONS_LIMIT = 20


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + [
            self._bundle_section_memory(request),
            self._bundle_section_sessions(request),
        ]

    @api.model
    def _bundle_section_memory(self, request):
        """Active memories of the requested repository: those naming the requested modules
        first, then curated, most seen, newest."""
        names = request["module_names"]
        memories = memory_index.rank(
            self.env["practice.memory"]._index_dicts([("repo_id", "=", request["repo"].id)]), names
        )
        pattern = memory_index._mention_re(names) if names else None
        items = []
        for memory in memories:
            relevant = memory_index.mentions(memory, names, pattern)
            items.append(
                Item(
                    markdown=memory_index.index_line(memory),
                    data={
                        "id": memory["id"],
                        "topic": memory["topic"],
                        "summary": memory["summary"],
                        "date": memory["date"],
                        "times_seen": memory["times_seen"],
                        "pinned": memory["pinned"],
                        "relevant": relevant,
                    },
                )
            )
        relevant_count = sum(1 for item in items if item.data["relevant"])
        intro = _("%(count)s memories.", count=len(items))
        if names:
            intro += " " + _("%(count)s name your modules and come first.", count=relevant_count)
        return Section(key="memory", title=_("Memory"), priority=MEMORY_PRIORITY, items=items, intro=intro)

    @api.model
    def _bundle_section_sessions(self, request):
        """Last finished sessions on the requested modules (or in the repository)."""
        domain = [("repo_id", "=", request["repo"].id), ("state", "=", "finished")]
        if request["module_names"]:
            domain.append(("module_ids", "in", request["modules"].ids))
        if request["session_id"]:
            domain.append(("name", "!=", request["session_id"]))
        logs = self.env["practice.session.log"].search(
            domain, order="ended_at desc, id desc", limit=SESSIONS_LIMIT
        )
        items = []
        for log in logs:
            modules = log.module_ids.mapped("name")
            model = f", {log.model_name}" if log.model_name else ""
            summary = memory_index.one_line(log.summary, 200)
            markdown = (
                f"- {fields.Date.to_string(log.started_on)} **{log.outcome}** · "
                f"{memory_index.one_line(log.title, 120)} (`{log.name}`{model}; {', '.join(modules) or '-'})"
            )
            if summary:
                markdown += f" — {summary}"
            items.append(
                Item(
                    markdown=markdown,
                    data={
                        "session_id": log.name,
                        "title": log.title,
                        "outcome": log.outcome,
                        "model_name": log.model_name or False,
                        "modules": modules,
                        "started_at": fields.Datetime.to_string(log.started_at),
                        "ended_at": fields.Datetime.to_string(log.ended_at),
                        "summary": log.summary or "",
                    },
                )
            )
        intro = _("Last %(limit)s finished sessions, newest first.", limit=SESSIONS_LIMIT)
        return Section(
            key="sessions", title=_("Recent sessions"), priority=SESSIONS_PRIORITY, items=items, intro=intro
        )
