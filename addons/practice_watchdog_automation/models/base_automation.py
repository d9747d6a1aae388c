# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _update_registry(self):
        """Saving an automation rule re-patches models in this worker: base_automation's
        ``_unregister_hook`` deletes every ``create``/``unlink`` override of every registry
        class, the watchdog's counting hooks included, and only puts its own back. Put the
        watchdog's back too (other workers reload their registry anyway)."""
        result = super()._update_registry()
        if self.env.registry.ready and not self.env.context.get("import_file"):
            self.env["practice.watchdog.profile.model"]._refresh_hooks()
        return result
