# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeAiUserKey(models.AbstractModel):
    """The new AI user's API key, shown once and stored nowhere.

    Like Odoo's ``res.users.apikeys.show``: an abstract model has no table, so the key only
    travels in the answer to the creating Manager's own ``action_create`` call (the action's
    context fills the form's defaults). No other user, and no later read, can get it back.
    """

    _name = "practice.ai.user.key"
    _description = "AI Session User Key"

    # the field 'id' is needed by the onchange that fills the form from the defaults
    id = fields.Id()
    user_id = fields.Many2one("res.users", readonly=True)
    login = fields.Char(readonly=True)
    api_key = fields.Char(string="API Key", readonly=True)
