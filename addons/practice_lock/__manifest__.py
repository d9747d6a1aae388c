# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Locks",
    "summary": "Exclusive, leased, fenced module locks for parallel work sessions (people and AI agents)",
    "version": "18.0.1.0.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_base"],
    "data": [
        "security/ir.model.access.csv",
        "security/practice_lock_security.xml",
        "data/practice_lock_cron.xml",
        "views/practice_lock_views.xml",
        "views/practice_lock_event_views.xml",
        "wizards/practice_lock_force_wizard_views.xml",
    ],
    "demo": ["demo/practice_lock_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "practice_lock/static/tests/tours/**/*",
        ],
    },
}
