# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Watchdog",
    "summary": "Snapshot, diff and alert in-database: record counts, row hashes, attachments, "
    "module vector, ORM hooks and burst crons",
    "version": "18.0.1.4.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["practice_base", "mail"],
    "data": [
        "security/practice_watchdog_security.xml",
        "security/ir.model.access.csv",
        "data/practice_watchdog_data.xml",
        "data/practice_watchdog_cron.xml",
        "views/practice_watchdog_menus.xml",
        "views/practice_watchdog_alert_views.xml",
        "views/practice_watchdog_diff_views.xml",
        "views/practice_watchdog_snapshot_views.xml",
        "views/practice_watchdog_snapshot_line_views.xml",
        "views/practice_watchdog_profile_views.xml",
        "views/practice_watchdog_counter_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "practice_watchdog/static/tests/tours/**/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
