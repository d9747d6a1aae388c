# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
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
        ai_session; each of the first three implies the one before). The superuser always is."""
        self.ensure_one()
        return self._is_superuser() or self.has_group(PRACTICE_GROUPS[level])

    @api.model
    def _practice_require(self, level, action):
        """The one "only group X may do this" check of the practice's actions: raises an
        AccessError naming the group, ``action`` (translated words: "force-release a lock") and
        the user, unless the user is in the group ``level``.

        Called on the model (``self.env["res.users"]._practice_require(...)``) it checks the
        caller: a superuser environment passes, otherwise ``env.user``'s groups. Called on a user
        record it checks that user's groups whatever the environment — so
        ``self.env.user._practice_require(...)`` is safe although ``env.user`` is a superuser
        record: only the real superuser (crons, install) passes without the group."""
        if self:
            user = self
        elif self.env.su:
            return True
        else:
            user = self.env.user
        if user._practice_has(level):
            return True
        group = self.env.ref(PRACTICE_GROUPS[level], raise_if_not_found=False)
        raise AccessError(
            _(
                "Only %(group)s users may %(action)s (you are %(user)s).",
                group=group.sudo().full_name if group else level,
                action=action,
                user=user.login,
            )
        )
