# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_alert_domain(self, request):
        """Budget alerts stay out of the bundle's watchdog sections: its cost section already
        tells a budget above 80 %, and only for the bundle's own repository."""
        return super()._bundle_alert_domain(request) + [("kind", "!=", "budget")]
