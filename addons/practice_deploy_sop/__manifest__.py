# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Deploy SOP",
    "summary": "A rolled-back deploy starts a triage run (SOP-TRIAGE-001) linked to the task",
    "version": "18.0.1.2.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_deploy", "practice_sop"],
    "data": ["views/project_task_views.xml", "views/practice_sop_run_views.xml"],
}
