# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import guard

DEFAULT_REPO_PARAM = "practice_base.default_repo_id"
MAX_REPO_NAME = guard.DEFAULT_CHAR_MAX


class PracticeRepo(models.Model):
    _name = "practice.repo"
    _description = "Code Repository"
    _inherit = ["mail.thread", "practice.guarded.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(
        required=True,
        tracking=True,
        help="Short unique name of the repository, e.g. 'odoo-addons'. RPC calls accept it "
        "wherever a repo is expected.",
    )
    sequence = fields.Integer(default=10, help="Order in lists.")
    active = fields.Boolean(default=True, help="Archived repositories are hidden.")
    url = fields.Char(tracking=True, help="Clone or browse URL of the repository.")
    default_branch = fields.Char(
        default="main",
        help="Branch that deployments and the vault sync follow.",
    )
    description = fields.Text(help="What lives in this repository.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the repository with every company.",
    )
    module_ids = fields.One2many(
        "practice.code.module",
        "repo_id",
        help="Modules (folders) of this repository that practice records refer to.",
    )
    module_count = fields.Integer(compute="_compute_module_count", help="Number of code modules.")
    is_default = fields.Boolean(
        compute="_compute_is_default",
        help="Used by RPC calls made with repo=None (set it in Settings).",
    )

    _sql_constraints = [
        ("name_unique", "unique(name)", "A repository with this name already exists."),
    ]

    @api.model
    def _guard_size_limits(self):
        return {**super()._guard_size_limits(), "url": 2048}

    @api.depends("module_ids")
    def _compute_module_count(self):
        counts = {
            repo.id: count
            for repo, count in self.env["practice.code.module"]._read_group(
                [("repo_id", "in", self.ids)], ["repo_id"], ["__count"]
            )
        }
        for repo in self:
            repo.module_count = counts.get(repo.id, 0)

    def _compute_is_default(self):
        default = self._default_repo()
        for repo in self:
            repo.is_default = repo == default

    @api.model
    def _default_repo(self):
        """The repository used when a call passes repo=None."""
        param = self.env["ir.config_parameter"].sudo().get_param(DEFAULT_REPO_PARAM)
        repo = self.browse()
        if param and param.isdigit():
            # one query for the row and the fields every caller reads (a lock call is a few
            # queries in all); the caller's record rules apply, as they did to reading them
            repo = self.with_context(active_test=False).search_fetch(
                [("id", "=", int(param))], ["active", "name", "company_id"], limit=1
            )
            if not repo:
                self.browse(int(param)).exists().check_access("read")  # there, not for this user
            repo = repo.with_env(self.env)
        if not repo or not repo.active:
            repo = self.search([], limit=1)
        return repo

    @api.model
    def _resolve(self, repo=None):
        """Turn an RPC ``repo`` argument (None, id or name) into one record or raise."""
        if repo in (None, False, ""):
            found = self._default_repo()
            if not found:
                raise UserError(_("No repository exists yet: create one under Practice > Repositories."))
            return found
        if isinstance(repo, models.BaseModel):
            repo.ensure_one()
            return repo
        if isinstance(repo, int) and not isinstance(repo, bool):
            found = self.browse(repo).exists()
        elif isinstance(repo, str):
            if len(repo) > MAX_REPO_NAME:
                raise UserError(
                    _("Repository must be a name of at most %(max)s characters.", max=MAX_REPO_NAME)
                )
            found = self.search([("name", "=ilike", repo.strip())], limit=1)
        else:
            raise UserError(
                _("Repository must be a name or an id, got %(value)s.", value=guard.excerpt(repo))
            )
        if not found:
            raise UserError(_("Unknown repository %(repo)r.", repo=repo))
        return found

    def action_view_modules(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("practice_base.practice_code_module_action")
        action["domain"] = [("repo_id", "=", self.id)]
        action["context"] = {"default_repo_id": self.id}
        return action
