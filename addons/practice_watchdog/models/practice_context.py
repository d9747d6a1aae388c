# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from odoo.addons.practice_base.tools import when
from odoo.addons.practice_base.tools.bundle import Item, Section

ALERT_LIMIT = 20
# open high-severity alerts are pinned (never cut); a bound keeps a flood from filling the bundle
URGENT_LIMIT = 50
URGENT_SEVERITIES = ("high", "critical")
URGENT_PRIORITY = 55
ALERTS_PRIORITY = 60
# budget tier agreed for the whole bundle (practice_base/tools/bundle.py): "the rest" is 60
ALERTS_TIER = 60


class PracticeContext(models.AbstractModel):
    _inherit = "practice.context"

    @api.model
    def _bundle_sections(self, request):
        return super()._bundle_sections(request) + self._bundle_section_alerts(request)

    @api.model
    def _bundle_alert_item(self, alert, now, tier=None):
        created = when.iso_utc(alert.create_date)
        age = when.age(alert.create_date, now)
        head = f"- **[{alert.severity}] {alert.name}** ({alert.state}, {created}, {age})"
        return Item(
            markdown=head + (f": {alert.summary}" if alert.summary else ""),
            short=head if alert.summary else "",
            data={
                "id": alert.id,
                "name": alert.name,
                "kind": alert.kind,
                "state": alert.state,
                "severity": alert.severity,
                "model": alert.model_name or False,
                "diff_id": alert.diff_id.id or False,
                "created": created,
                "age": age,
            },
            tier=tier,
        )

    @api.model
    def _bundle_alert_domain(self, request):
        """The open alerts the bundle shows; bridges leave out kinds another section tells."""
        return [("state", "in", ("new", "acknowledged"))]

    @api.model
    def _bundle_section_alerts(self, request):
        """Open watchdog alerts (new/acknowledged): high severity pinned (never cut), the others
        most severe then most recent first (tier 60)."""
        Alert = self.env["practice.watchdog.alert"]
        now = when.to_datetime(request.get("now")) or fields.Datetime.now()
        order = "severity_rank desc, create_date desc, id desc"
        open_domain = self._bundle_alert_domain(request)
        urgent = Alert.search(
            open_domain + [("severity", "in", URGENT_SEVERITIES)], order=order, limit=URGENT_LIMIT
        )
        others = Alert.search(
            open_domain + [("severity", "not in", URGENT_SEVERITIES)], order=order, limit=ALERT_LIMIT
        )
        return [
            Section(
                key="alerts_urgent",
                title=_("Open high-severity watchdog alerts"),
                priority=URGENT_PRIORITY,
                items=[self._bundle_alert_item(alert, now) for alert in urgent],
                intro=_("Data may have been lost: check these before a risky change."),
                pinned=True,
            ),
            Section(
                key="alerts",
                title=_("Watchdog alerts"),
                priority=ALERTS_PRIORITY,
                budget=ALERTS_TIER,
                items=[self._bundle_alert_item(alert, now, ALERTS_TIER) for alert in others],
            ),
        ]
