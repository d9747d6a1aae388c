# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from psycopg2 import errorcodes, errors

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from ..tools import guard

MODULE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$")
# modules one call may create (session start, remember, a vault record) / name (bundle, verify)
MAX_MODULES_PER_CALL = guard.MAX_NAMES
MAX_MODULES_READ = 500


class ConcurrentModuleCreate(errors.SerializationFailure):
    """Another transaction created the same module first. Odoo's RPC layer retries a call
    that raises a serialization failure, and the retry sees the committed module."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


class PracticeCodeModule(models.Model):
    _name = "practice.code.module"
    _description = "Code Module"
    _inherit = ["mail.thread", "practice.repo.mixin", "practice.guarded.mixin"]
    _order = "repo_id, name, id"
    _rec_names_search = ["name", "description"]

    name = fields.Char(
        string="Technical Name",
        required=True,
        index=True,
        tracking=True,
        help="Folder / technical name of the module in the repository, e.g. "
        "'fl_marketplaces_amazon'. It need not be installed in this Odoo.",
    )
    description = fields.Text(help="What the module does.")
    active = fields.Boolean(default=True, help="Archived modules are hidden.")
    odoo_module_id = fields.Many2one(
        "ir.module.module",
        ondelete="set null",
        compute="_compute_odoo_module_id",
        store=True,
        readonly=False,
        help="The matching module of this Odoo database, when it is known here. "
        "Filled in by name; may stay empty.",
    )
    odoo_state = fields.Selection(
        related="odoo_module_id.state", string="Odoo State", help="Installation state in this database."
    )

    _sql_constraints = [
        (
            "repo_name_unique",
            "unique(repo_id, name)",
            "A module with this name already exists in this repository.",
        ),
    ]

    @api.depends("name")
    def _compute_odoo_module_id(self):
        names = set(self.filtered("name").mapped("name"))
        found = {m.name: m for m in self.env["ir.module.module"].sudo().search([("name", "in", list(names))])}
        for module in self:
            if not module.odoo_module_id or module.odoo_module_id.name != module.name:
                module.odoo_module_id = found.get(module.name, False)

    @api.constrains("name")
    def _check_name(self):
        for module in self:
            if not MODULE_NAME_RE.match(module.name or ""):
                raise ValidationError(
                    _(
                        "Invalid module name %(name)s: use letters, digits, '_', '.' or '-' "
                        "(at most 128 characters).",
                        name=guard.excerpt(module.name),
                    )
                )

    @api.model
    def _normalize_names(self, names, maximum=MAX_MODULES_READ):
        """Validate a list of at most ``maximum`` module names from an RPC call; returns them
        stripped, unique, in order."""
        try:
            names = guard.parse_name_list(names, "modules", maximum)
        except guard.InputError as err:
            raise ValidationError(str(err)) from err
        result = []
        for raw in names:
            name = (raw or "").strip() if isinstance(raw, str) else raw
            if not isinstance(name, str) or not MODULE_NAME_RE.match(name):
                raise ValidationError(
                    _(
                        "Invalid module name %(name)s: give a non-empty technical name (letters, "
                        "digits, '_', '.' or '-', at most 128 characters).",
                        name=guard.excerpt(raw),
                    )
                )
            if name not in result:
                result.append(name)
        return result

    @api.model
    def _ensure(self, repo, names):
        """Records for ``names`` in ``repo``, creating unknown ones (they may not be installed here)."""
        names = self._normalize_names(names, MAX_MODULES_PER_CALL)
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search([("repo_id", "=", repo.id), ("name", "in", names)])
        )
        by_name = {m.name: m for m in existing}
        missing = [n for n in names if n not in by_name]
        if missing:
            try:
                # a concurrent first use is an expected answer, not a bad query to log
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    created = self.sudo().create([{"repo_id": repo.id, "name": n} for n in missing])
            except errors.UniqueViolation as err:
                raise ConcurrentModuleCreate(
                    f"module {missing} of repository {repo.name} created concurrently"
                ) from err
            by_name.update({m.name: m for m in created})
        return self.browse([by_name[n].id for n in names])
