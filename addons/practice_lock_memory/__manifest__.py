# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Locks for Session Logs",
    "summary": "A session's modules are the modules it locked: each granted lock tags the session's running log",
    "version": "18.0.1.1.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_lock", "practice_memory"],
    "data": ["views/practice_session_log_views.xml"],
}
