# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class PracticeLock(models.Model):
    _inherit = "practice.lock"

    @api.model
    def _after_grant(self, repo, code_module, session_id):
        """A grant (the agent hook takes one before each edit of a module) tags the session's
        running log with the module: the session's modules are the ones its own edits touched,
        whatever else `git status` shows in a work tree shared with another session."""
        result = super()._after_grant(repo, code_module, session_id)
        self.env["practice.session.log"]._tag_locked_module(repo, code_module, session_id, self.env.user)
        return result
