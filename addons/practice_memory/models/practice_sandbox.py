# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from contextlib import closing

from odoo import _, api, fields, models, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.service import db as db_service
from odoo.tools import SQL

from ..tools import sandbox as sandbox_tools

_logger = logging.getLogger(__name__)

TTL_PARAM = "practice_memory.sandbox_ttl_hours"
CAP_PARAM = "practice_memory.sandbox_max_per_repo"
STATES = [("active", "Active"), ("expired", "Expired"), ("dropped", "Dropped")]


class PracticeSandbox(models.Model):
    """A database one session's agent changes, duplicated from a template database on the
    target Odoo server by the client (``practice sandbox create``: the database service with
    the master password of the user's environment, never sent here). This record is the
    practice server's note of it: who made it, for which session and repository, until when.

    Lifecycle: ``active`` (register) → ``dropped`` (mark_dropped, after the client dropped it,
    or the cron on this server) or ``expired`` (the cron, when it cannot drop it itself: the
    client drops it on its next sandbox command and marks it dropped).
    """

    _name = "practice.sandbox"
    _description = "Sandbox Database"
    _inherit = ["practice.guarded.mixin"]
    _order = "created_at desc, id desc"
    _guarded_fields = (
        "user_id",
        "state",
        "created_at",
        "expires_at",
        "dropped_at",
        "same_server",
        "session_log_id",
    )
    _guarded_immutable = ("name", "template", "target_url", "repo_id", "neutralized")
    _guarded_actions = "register() and mark_dropped()"

    name = fields.Char(string="Database", required=True, index=True, readonly=True)
    template = fields.Char(required=True, readonly=True, help="Database it was duplicated from.")
    target_url = fields.Char(
        string="Target Server", readonly=True, help="Odoo server that holds it (no credentials)."
    )
    same_server = fields.Boolean(
        readonly=True, help="It lives on this practice server: the cron drops it itself when it expires."
    )
    neutralized = fields.Boolean(readonly=True, help="Duplicated with Odoo's neutralization.")
    session_log_id = fields.Many2one(
        "practice.session.log", string="Session", readonly=True, index=True, ondelete="set null"
    )
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env["practice.repo"]._default_repo(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    created_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    expires_at = fields.Datetime(readonly=True, index=True)
    dropped_at = fields.Datetime(readonly=True)
    state = fields.Selection(STATES, required=True, default="active", readonly=True, index=True)

    _sql_constraints = [("name_uniq", "unique(name)", "A sandbox database name is used once.")]

    # ------------------------------------------------------------------ helpers
    def _parse(self, function, value):
        try:
            return function(value)
        except sandbox_tools.SandboxInputError as err:
            raise UserError(str(err)) from None

    def _settings(self):
        params = self.env["ir.config_parameter"].sudo()
        return (
            sandbox_tools.ttl_hours(params.get_param(TTL_PARAM)),
            sandbox_tools.max_per_repo(params.get_param(CAP_PARAM)),
        )

    def _check_owner(self):
        for box in self:
            if box.user_id != self.env.user and not self.env.user._practice_has("manager"):
                raise AccessError(
                    _("Sandbox %(name)s belongs to %(owner)s.", name=box.name, owner=box.user_id.name)
                )

    def _as_dict(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "template": self.template,
            "target_url": self.target_url or False,
            "same_server": self.same_server,
            "neutralized": self.neutralized,
            "session_id": self.session_log_id.name or False,
            "repo": self.repo_id.name,
            "user": self.user_id.login,
            "state": self.state,
            "created_at": fields.Datetime.to_string(self.created_at),
            "expires_at": fields.Datetime.to_string(self.expires_at) if self.expires_at else False,
        }

    # ------------------------------------------------------------------ RPC
    @api.model
    def register(
        self,
        name,
        template,
        session_id=None,
        target_url=None,
        same_server=False,
        neutralized=False,
        repo=None,
    ):
        """RPC: record the sandbox ``name`` the caller just duplicated from ``template`` (on the
        server ``target_url``), for the running session ``session_id`` of the caller when
        given. ``same_server`` (the client's claim that it lives on this practice server) is
        kept only when this server verifies it (:meth:`_made_here`): else the sandbox counts as
        remote and this server never drops it. Answers the record with its expiry (TTL in
        Settings)."""
        self.check_access("create")
        name = self._parse(sandbox_tools.check_name, name)
        template = self._parse(sandbox_tools.check_template, template)
        target_url = self._parse(sandbox_tools.check_url, target_url)
        repo_rec = self.env["practice.repo"]._resolve(repo)
        log = self.env["practice.session.log"]
        if session_id:
            log = log._find(session_id)
            if log.user_id != self.env.user:
                raise AccessError(_("Session %(session)s is not yours.", session=log.name))
        if self.sudo().search_count([("name", "=", name)]):
            raise UserError(_("Sandbox %(name)s is recorded already.", name=name))
        ttl, _cap = self._settings()
        now = fields.Datetime.now()
        box = self._guarded().create(
            {
                "name": name,
                "template": template,
                "target_url": target_url or False,
                # the client's word is not enough: only a database this server made for the caller
                "same_server": bool(same_server) and self._made_here(name, self.env.user),
                "neutralized": bool(neutralized),
                "session_log_id": log.id or False,
                "repo_id": repo_rec.id,
                "user_id": self.env.user.id,
                "created_at": now,
                "expires_at": sandbox_tools.expires_at(now, ttl),
            }
        )
        return box.with_env(self.env)._as_dict()

    @api.model
    def mark_dropped(self, name):
        """RPC: the sandbox ``name`` was dropped (by its owner's client, or a Manager's)."""
        self.check_access("read")
        name = self._parse(sandbox_tools.check_name, name)
        box = self.search([("name", "=", name)], limit=1)
        if not box:
            raise UserError(_("No sandbox %(name)s is recorded (or it is not yours).", name=name))
        box._check_owner()
        if box.state != "dropped":
            box._guarded().write({"state": "dropped", "dropped_at": fields.Datetime.now()})
        return box._as_dict()

    @api.model
    def sandboxes(self, state=None, session_id=None, repo=None, limit=100):
        """RPC: the caller's sandboxes (a Manager's: everyone's), newest first."""
        domain = []
        if state:
            if state not in dict(STATES):
                raise UserError(_("State is one of active, expired, dropped."))
            domain.append(("state", "=", state))
        if session_id:
            domain.append(("session_log_id.name", "=", str(session_id)))
        if repo:
            domain.append(("repo_id", "=", self.env["practice.repo"]._resolve(repo).id))
        if not self.env.user._practice_has("manager"):
            domain.append(("user_id", "=", self.env.user.id))
        limit = limit if isinstance(limit, int) and 0 < limit <= 500 else 100
        return [box._as_dict() for box in self.search(domain, limit=limit)]

    @api.model
    def template_connections(self, template):
        """RPC: how many connections the database ``template`` has on this server's PostgreSQL
        (``False`` when there is no such database here): a template must be idle, since
        duplicating it terminates them."""
        self.check_access("create")
        template = self._parse(sandbox_tools.check_template, template)
        self.env.cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (template,))
        if not self.env.cr.fetchone():
            return False
        self.env.cr.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid != pg_backend_pid()",
            (template,),
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------ cron
    @api.model
    def _made_here(self, name, user):
        """Whether the database ``name`` exists on this server and was made for ``user`` by this
        database's practice_watchdog (``practice.watchdog.sandbox.duplicate`` records it then):
        the only sandboxes this server may ever drop. ``False`` without practice_watchdog."""
        if "practice.watchdog.sandbox" not in self.env.registry:
            return False
        return bool(self.env["practice.watchdog.sandbox"].sudo()._made_here(name, user))

    @api.model
    def _database_exists(self, name):
        """Whether PostgreSQL has the database ``name`` now (not ``list_dbs``, which with
        ``--database`` and no ``--db-filter`` lists only the configured databases)."""
        with closing(sql_db.db_connect("postgres").cursor()) as cr:
            cr.execute(SQL("SELECT 1 FROM pg_database WHERE datname = %s", name))
            return bool(cr.fetchone())

    def _drop_here(self):
        """Drop this sandbox's database on this server; ``True`` when it is gone. Only a
        database this server's duplicate made for the sandbox's owner (checked again now: a
        database of the same name made since is not it)."""
        self.ensure_one()
        if (
            not self.same_server
            or self.name == self.env.cr.dbname
            or not sandbox_tools.NAME_RE.match(self.name)
        ):
            return False
        try:
            if not self._database_exists(self.name):
                return True  # gone already
            if not self._made_here(self.name, self.user_id):
                _logger.warning("Sandbox %s: not made by this server for its owner, not dropped", self.name)
                return False
            return bool(db_service.exp_drop(self.name))
        except Exception as err:  # the database service refused (list_db off, in use): the client drops it
            _logger.warning("Sandbox %s: not dropped by the server (%s)", self.name, type(err).__name__)
            return False

    @api.model
    def _cron_retire(self, now=None):
        """Retire expired sandboxes and, per repository, the oldest beyond the cap: dropped here
        when they live on this server, else marked expired for their owner's client to drop."""
        now = now or fields.Datetime.now()
        _ttl, cap = self._settings()
        boxes = self.sudo().search([("state", "=", "active")])
        rows = [(b.id, b.repo_id.id, b.created_at, b.expires_at) for b in boxes]
        retired = self.sudo().browse(sandbox_tools.to_retire(rows, now, cap))
        for box in retired:
            if box._drop_here():
                box._guarded().write({"state": "dropped", "dropped_at": now})
            else:
                box._guarded().write({"state": "expired"})
        return retired.ids
