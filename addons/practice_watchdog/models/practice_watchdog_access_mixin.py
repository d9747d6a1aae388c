# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lines that carry measurements of a model (``model`` column; ``_watchdog_model_field``
names another) are readable only by users who may read that model: snapshot and diff lines,
per-minute counters and burst alerts of a model.

A record rule cannot call ``check_access``, so the filter is a domain on ``model``: the
models of the registry the user has no read access to (``ir.model.access``, cached per
user by Odoo) are excluded in ``_search`` — which ``search``, ``read``/``fetch`` (it
searches the ids it reads), ``read_group`` and one2many reads all go through — and in
``_check_access`` (``check_access``, ``has_access``, ``_filtered_access``). Pseudo models
(``odoo``: the server version) are not records and stay readable.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class PracticeWatchdogAccessMixin(models.AbstractModel):
    _name = "practice.watchdog.access.mixin"
    _description = "Watchdog Lines of a Measured Model"
    # the Char field holding the measured model's technical name
    _watchdog_model_field = "model"

    @api.model
    def _unreadable_models(self):
        """Models of the registry the current user may not read (empty as superuser)."""
        if self.env.su:
            return ()
        allowed = self.env["ir.model.access"]._get_allowed_models("read")
        registry = self.env.registry
        return tuple(
            sorted(
                name
                for name in registry
                if name not in allowed and not registry[name]._abstract and registry[name]._auto
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        hidden = self._unreadable_models()
        if hidden:
            domain = expression.AND([list(domain or []), [(self._watchdog_model_field, "not in", hidden)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read" or self.env.su or not any(self._ids):
            return result
        hidden = set(self._unreadable_models())
        field = self._watchdog_model_field
        forbidden = self.sudo().filtered(lambda line: line[field] in hidden).with_env(self.env)
        if forbidden:
            models_ = ", ".join(sorted(set(forbidden.sudo().mapped(field))))
            return forbidden, lambda: AccessError(
                _("You cannot read %(models)s, so you cannot read its watchdog measurements.", models=models_)
            )
        return None
