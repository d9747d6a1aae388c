# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice SOPs for Watchdog Alerts",
    "summary": "Start triage from a watchdog alert: an SOP-TRIAGE-001 run linked to the alert, severity from the alert",
    "version": "18.0.1.0.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_sop", "practice_watchdog"],
    "data": [
        "views/practice_watchdog_alert_views.xml",
        "views/practice_sop_run_views.xml",
    ],
}
