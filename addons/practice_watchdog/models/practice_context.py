# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

from odoo.addons.practice_base.tools.bundle import Item, Section

ALERT_LIMIT = 20


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + [self._bundle_section_alerts(request)]

    @api.model
    def _bundle_section_alerts(self, request):
        """Open watchdog alerts (new/acknowledged), most severe then most recent first."""
        alerts = self.env["practice.watchdog.alert"].search(
            [("state", "in", ("new", "acknowledged"))],
            order="severity_rank desc, create_date desc, id desc",
            limit=ALERT_LIMIT,
        )
        items = [
            Item(
                markdown=f"- **[{alert.severity}] {alert.name}** ({alert.state}, "
                f"{alert.create_date:%Y-%m-%d %H:%M} UTC){': ' + alert.summary if alert.summary else ''}",
                data={
                    "id": alert.id,
                    "name": alert.name,
                    "kind": alert.kind,
                    "state": alert.state,
                    "severity": alert.severity,
                    "model": alert.model_name or False,
                    "diff_id": alert.diff_id.id or False,
                    "created": str(alert.create_date),
                },
            )
            for alert in alerts
        ]
        intro = (
            _("Open watchdog alerts: check them before a risky change.")
            if items
            else _("No open watchdog alert.")
        )
        return Section(key="alerts", title=_("Watchdog alerts"), priority=60, items=items, intro=intro)
