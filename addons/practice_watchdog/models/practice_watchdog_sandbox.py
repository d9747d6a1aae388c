# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, models
from odoo.exceptions import AccessDenied, UserError
from odoo.service import db as db_service
from odoo.tools import config

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
        _logger.info("Sandbox %s copied from %s (uid %s)", name, template, self.env.uid)
        return {"name": name, "template": template, "neutralized": bool(neutralize)}
