# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Memory",
    "summary": "Session logs, persistent memory with deduplication and promotion, MEMORY.md index",
    "version": "18.0.1.4.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_knowledge"],
    "external_dependencies": {"python": ["PyYAML"]},
    "pre_init_hook": "pre_init_hook",
    "data": [
        "security/practice_memory_security.xml",
        "security/ir.model.access.csv",
        "data/practice_memory_data.xml",
        "views/practice_session_log_views.xml",
        "views/practice_session_log_entry_views.xml",
        "wizards/practice_memory_supersede_views.xml",
        "views/practice_memory_views.xml",
        "views/practice_memory_menus.xml",
        "views/practice_repo_views.xml",
    ],
    "demo": ["demo/practice_memory_demo.xml"],
}
