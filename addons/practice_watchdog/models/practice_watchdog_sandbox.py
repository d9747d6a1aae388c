# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from contextlib import closing

import psycopg2

from odoo import _, api, models, sql_db
from odoo.exceptions import AccessDenied, UserError
from odoo.service import db as db_service
from odoo.tools import SQL, config

from ..tools import sandbox_copy

_logger = logging.getLogger(__name__)


class PracticeWatchdogSandbox(models.AbstractModel):
    """Sandbox databases made on this server for agent sessions (``practice sandbox create``
    of a client whose target is this server): the watchdog is what a target has installed."""

    _name = "practice.watchdog.sandbox"
    _description = "Watchdog Sandbox Copies"

    @api.model
    def duplicate(self, master_password, template, name, neutralize=False, force=False):
        """RPC: copy the idle database ``template`` (and its filestore) into the new sandbox
        ``name`` (``sbx_…``), as Odoo's database service duplicates one, without loading the
        copy's registry. Guarded like the service: database management on (``list_db``) and
        the master password, and asked by an Engineer, a Manager or an AI session (whose
        client makes the sandbox). Answers ``{"name", "template", "neutralized"}``."""
        user = self.env.user
        if not (user._practice_has("engineer") or user._practice_has("ai_session")):
            user._practice_require("engineer", _("copy sandbox databases"))
        if not config["list_db"]:
            raise AccessDenied(_("Database management is off on this server (list_db)."))
        try:
            db_service.check_super(master_password)
        except AccessDenied:
            raise AccessDenied(_("The master password was refused.")) from None
        try:
            template, name = sandbox_copy.check_names(template, name, self.env.cr.dbname)
            sandbox_copy.copy_database(template, name, neutralize=bool(neutralize), force=bool(force))
        except sandbox_copy.SandboxCopyError as err:
            raise UserError(str(err)) from None
        self._mark_made_here(name)
        _logger.info("Sandbox %s copied from %s (uid %s)", name, template, self.env.uid)
        return {"name": name, "template": template, "neutralized": bool(neutralize)}

    # ------------------------------------------------------------------ origin
    def _made_mark(self, user_id):
        """What :meth:`duplicate` records on a copy it made: this database and the caller.
        Kept in PostgreSQL's catalog (the comment of the new database), out of reach of any
        RPC caller, and gone with the database: a later database of the same name is not it."""
        return f"practice_watchdog sandbox made by {self.env.cr.dbname} for uid {int(user_id)}"

    def _mark_made_here(self, name):
        """Record that this database's :meth:`duplicate` made ``name`` for the caller (what
        ``practice.sandbox.register`` checks before the server may ever drop it)."""
        mark = self._made_mark(self.env.uid)
        try:
            # a connection of its own, committed now: the request's transaction holds no lock on
            # the new database (its drop never waits for this request)
            with closing(sql_db.db_connect("postgres").cursor()) as cr:
                cr._cnx.autocommit = True
                cr.execute(SQL("COMMENT ON DATABASE %s IS %s", SQL.identifier(name), mark))
        except psycopg2.Error as err:  # not recorded: the server never drops it, its client does
            _logger.warning("Sandbox %s: origin not recorded (%s)", name, type(err).__name__)

    @api.model
    def _made_here(self, name, user):
        """Whether the database ``name`` exists on this server and this database's
        :meth:`duplicate` made it for ``user`` (a ``res.users``). Read on a connection of its
        own: what is committed now, whatever this transaction's snapshot."""
        with closing(sql_db.db_connect("postgres").cursor()) as cr:
            cr.execute(
                SQL(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                    name,
                )
            )
            row = cr.fetchone()
        return bool(row and user and row[0] == self._made_mark(user.id))
