# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CATEGORY_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")


class PracticeSopCategory(models.Model):
    """A category of SOP runs (DATABASE, DEPLOY, ...): a catalog Managers edit."""

    _name = "practice.sop.category"
    _description = "SOP Run Category"
    _order = "sequence, code"

    code = fields.Char(required=True, help="Uppercase code named at start, e.g. DATABASE.")
    name = fields.Char(required=True, translate=True, help="Readable name.")
    description = fields.Text(translate=True, help="Which incidents belong here.")
    sequence = fields.Integer(default=10, help="Order in lists.")
    active = fields.Boolean(default=True, help="Archived categories cannot be given to new runs.")

    _sql_constraints = [("code_unique", "unique(code)", "Another category already uses this code.")]

    @api.constrains("code")
    def _check_code(self):
        for category in self:
            if not CATEGORY_CODE_RE.match(category.code or ""):
                raise ValidationError(
                    _(
                        "Category code %(code)s must be uppercase letters, digits and underscores "
                        "(2 to 32, e.g. DATABASE).",
                        code=category.code,
                    )
                )

    @api.model
    def _resolve(self, category):
        """The active category of code ``category`` (any case), an empty recordset for
        None/False/"", else a UserError naming the known codes."""
        if category in (None, False, ""):
            return self.browse()
        if not isinstance(category, str):
            raise UserError(_("category must be a category code such as DATABASE."))
        found = self.search([("code", "=", category.strip().upper())], limit=1)
        if not found:
            raise UserError(
                _(
                    "Unknown SOP category %(code)s; known: %(known)s.",
                    code=category.strip()[:40],
                    known=", ".join(self.search([("active", "=", True)]).mapped("code")),
                )
            )
        return found

    @api.model
    def list_categories(self):
        """RPC: the active categories → [{code, name, description}]."""
        return [{"code": c.code, "name": c.name, "description": c.description or ""} for c in self.search([])]
