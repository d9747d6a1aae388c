# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Base",
    "summary": "Practice Stack app: repositories, code modules, groups and the session-start context bundle",
    "version": "18.0.1.1.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["base", "mail"],
    "external_dependencies": {"python": ["markdown-it-py"]},
    "data": [
        "security/practice_security.xml",
        "security/ir.model.access.csv",
        "security/practice_ai_user_wizard_security.xml",
        "data/practice_repo_data.xml",
        "views/practice_menus.xml",
        "views/practice_repo_views.xml",
        "views/practice_code_module_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/practice_ai_user_wizard_views.xml",
    ],
    "demo": ["demo/practice_base_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "practice_base/static/tests/tours/**/*",
        ],
    },
}
