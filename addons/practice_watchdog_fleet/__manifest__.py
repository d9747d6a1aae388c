# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Watchdog Fleet",
    "summary": "One view over every watched database: pull open alerts and heartbeats of "
    "remote watchdogs over XML-RPC",
    "version": "18.0.1.0.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["practice_watchdog"],
    "data": [
        "security/practice_watchdog_fleet_security.xml",
        "security/ir.model.access.csv",
        "data/practice_watchdog_fleet_cron.xml",
        "views/practice_watchdog_target_views.xml",
        "views/practice_watchdog_target_alert_views.xml",
        "views/practice_watchdog_fleet_menus.xml",
    ],
}
