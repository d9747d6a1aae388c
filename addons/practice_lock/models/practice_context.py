# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.practice_base.tools import bundle as bundle_tools

from ..tools import lease

LOCKS_PRIORITY = 50


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + [self._bundle_section_locks(request)]

    @api.model
    def _bundle_section_locks(self, request):
        """Live locks on the requested modules (ours, then theirs), then the repository's others."""
        repo = request["repo"]
        Lock = self.env["practice.lock"]
        Lock.check_access("read")
        now = fields.Datetime.now()
        live = [lock._describe() for lock in Lock._live(repo, None, now).values()]
        items = [
            bundle_tools.Item(markdown=lease.bundle_line(scope, lock), data=dict(lock, scope=scope))
            for scope, lock in lease.bundle_items(
                request["module_names"], live, request["session_id"], self.env.uid
            )
        ]
        if items:
            intro = _(
                "Live module locks in %(repo)s. Do not edit modules held by another session.", repo=repo.name
            )
        else:
            intro = _("No module of %(repo)s is locked.", repo=repo.name)
        return bundle_tools.Section(
            key="locks", title=_("Locks"), priority=LOCKS_PRIORITY, items=items, intro=intro, pinned=True
        )
