# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# An AI session's key always expires: from one day to ten years.
MIN_KEY_DAYS = 1
MAX_KEY_DAYS = 3650


class PracticeAiUserWizard(models.TransientModel):
    """Create a narrow "AI session" user and give it an API key, shown once."""

    _name = "practice.ai.user.wizard"
    _description = "Create AI Session User"

    name = fields.Char(required=True, help="Display name, e.g. 'Claude (CI agent)'.")
    login = fields.Char(required=True, help="Login of the new user.")
    key_days = fields.Integer(
        string="Key Lifetime (days)",
        default=90,
        help="Days until the API key expires, from 1 to 3650 (an AI session's key always expires).",
    )

    @api.constrains("key_days")
    def _check_key_days(self):
        for wizard in self:
            self._key_days_problem(wizard.key_days, ValidationError)

    @api.model
    def _key_days_problem(self, key_days, error=UserError):
        if (
            isinstance(key_days, bool)
            or not isinstance(key_days, int)
            or not (MIN_KEY_DAYS <= key_days <= MAX_KEY_DAYS)
        ):
            raise error(
                _(
                    "The key lifetime must be a number of days from %(min)s to %(max)s, got %(value)s.",
                    min=MIN_KEY_DAYS,
                    max=MAX_KEY_DAYS,
                    value=str(key_days)[:40],
                )
            )

    @api.model
    def _create_ai_user(self, name, login, key_days=90):
        """Create the user in the AI session group only; return (user, key)."""
        self._key_days_problem(key_days)
        if self.env["res.users"].with_context(active_test=False).search_count([("login", "=", login)]):
            raise UserError(_("A user with login %(login)s already exists.", login=login))
        group = self.env.ref("practice_base.group_practice_ai_session")
        user = (
            self.env["res.users"]
            .sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "groups_id": [fields.Command.set([self.env.ref("base.group_user").id, group.id])],
                }
            )
        )
        expiration = fields.Datetime.now() + timedelta(days=key_days)
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, _("Practice AI session"), expiration)
        )
        return user, key

    def action_create(self):
        """Create the user; answer a form showing its key once (the key is stored nowhere).

        The wizard record is deleted: it held only the name and login, and nothing about
        the key may outlive this answer (transient records are readable by every Manager).
        """
        self.ensure_one()
        user, key = self._create_ai_user(self.name, self.login, self.key_days)
        self.sudo().unlink()
        return {
            "type": "ir.actions.act_window",
            "res_model": "practice.ai.user.key",
            "name": _("AI Session User Ready"),
            "views": [(self.env.ref("practice_base.practice_ai_user_key_view_form").id, "form")],
            "target": "new",
            "context": {"default_user_id": user.id, "default_login": user.login, "default_api_key": key},
        }
