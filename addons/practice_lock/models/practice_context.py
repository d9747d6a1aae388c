# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.practice_base.tools import bundle as bundle_tools
from odoo.addons.practice_base.tools import when

from ..tools import lease

LOCKS_PRIORITY = 50
OTHER_LOCKS_PRIORITY = 51
# budget tier agreed for the whole bundle (practice_base/tools/bundle.py): "the rest" is 60
OTHER_LOCKS_TIER = 60
# locks on the named modules: the ones to route around first, then the session's own
SCOPE_ORDER = {"theirs": 0, "ours": 1, "other": 2}


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + self._bundle_section_locks(request)

    @api.model
    def _bundle_section_locks(self, request):
        """Two sections: live locks on the requested modules (theirs, then ours), pinned —
        never cut for budget; then the repository's other live locks (tier 60)."""
        repo = request["repo"]
        Lock = self.env["practice.lock"]
        Lock.check_access("read")
        now = fields.Datetime.now()
        measured = when.to_datetime(request.get("now")) or now
        live = [lock._describe() for lock in Lock._live(repo, None, now).values()]
        ranked = lease.bundle_items(request["module_names"], live, request["session_id"], self.env.uid)
        ranked = sorted(ranked, key=lambda pair: SCOPE_ORDER[pair[0]])  # stable: keeps module order
        named, others = [], []
        for scope, lock in ranked:
            shown = dict(
                lock,
                since=f"{when.iso_utc(lock['since'])} ({when.age(lock['since'], measured)})",
                expires_at=f"{when.iso_utc(lock['expires_at'])} ({when.age(lock['expires_at'], measured)})",
            )
            data = dict(
                lock,
                scope=scope,
                since=when.iso_utc(lock["since"]),
                expires_at=when.iso_utc(lock["expires_at"]),
            )
            item = bundle_tools.Item(markdown=lease.bundle_line(scope, shown), data=data)
            if scope == "other":
                item.short = f"- {lock['module']}: held by session `{lock['session_id']}`"
                item.tier = OTHER_LOCKS_TIER
                others.append(item)
            else:
                named.append(item)
        return [
            bundle_tools.Section(
                key="locks",
                title=_("Locks on your modules"),
                priority=LOCKS_PRIORITY,
                items=named,
                intro=_("Do not edit a module held by another session: route around it or wait."),
                pinned=True,
            ),
            bundle_tools.Section(
                key="locks_other",
                title=_("Other locks in %(repo)s", repo=repo.name),
                priority=OTHER_LOCKS_PRIORITY,
                budget=OTHER_LOCKS_TIER,
                items=others,
                hint=_("`practice lock verify <module> --session <id>` tells who holds a module."),
            ),
        ]
