# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import AccessError

PRACTICE_GROUPS = {
    "reader": "practice_base.group_practice_reader",
    "engineer": "practice_base.group_practice_engineer",
    "manager": "practice_base.group_practice_manager",
    "ai_session": "practice_base.group_practice_ai_session",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    def _practice_has(self, level):
        """Whether this user is in the practice group ``level`` (reader, engineer, manager,
        ai_session; each of the first three implies the one before)."""
        self.ensure_one()
        return self.has_group(PRACTICE_GROUPS[level])

    def _practice_require(self, level, action):
        """The one "only group X may do this" check of the practice's actions: raises an
        AccessError naming the group and ``action`` (translated words: "force-release a lock")
        unless the environment is superuser or this user is in the group ``level``."""
        self.ensure_one()
        if self.env.su or self._practice_has(level):
            return True
        group = self.env.ref(PRACTICE_GROUPS[level], raise_if_not_found=False)
        raise AccessError(
            _(
                "Only %(group)s users may %(action)s (you are %(user)s).",
                group=group.full_name if group else level,
                action=action,
                user=self.env.user.login,
            )
        )
