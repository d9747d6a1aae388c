# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


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

    # Nothing is stored: without a table, Odoo's search/read/create/read_group would run SQL
    # on a table that does not exist and answer a Manager with a traceback. Searches find
    # nothing, reads of an id read nothing, and create/read_group say why.

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self.browse().check_access("read")  # what Odoo's _search checks first
        return self.browse()._as_query(ordered=False)

    def _fetch_query(self, query, fields):
        return self.browse()

    def exists(self):
        # no stored record exists (a new record of the form is not stored either)
        return self.browse([record_id for record_id in self._ids if not isinstance(record_id, int)])

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        return []

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "An AI user's API key is shown once when the user is created and stored nowhere: nothing to save."
            )
        )
