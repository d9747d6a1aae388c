# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Eval + Memory",
    "summary": "The suite is the bar: a session finishes as success only after a green eval run",
    "version": "18.0.1.0.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_eval", "practice_memory"],
    "data": [
        "views/res_config_settings_views.xml",
        "views/practice_session_log_views.xml",
    ],
    "demo": ["demo/practice_eval_memory_demo.xml"],
}
