# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Watchdog Snapshots for Session Logs",
    "summary": "A session log counts and lists the watchdog snapshots taken under its session id",
    "version": "18.0.1.1.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_memory", "practice_watchdog"],
    "data": [
        "views/practice_session_log_views.xml",
        "views/practice_watchdog_alert_views.xml",
    ],
}
