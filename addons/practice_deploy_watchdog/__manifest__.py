# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Deploy Watchdog",
    "summary": "Deploy gate 'no open high watchdog alert', snapshot at dispatch, compare when deployed",
    "version": "18.0.1.0.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_deploy", "practice_watchdog"],
    "data": ["views/project_task_views.xml"],
}
