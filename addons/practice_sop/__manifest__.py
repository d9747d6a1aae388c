# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice SOPs",
    "summary": "SOP runs step by step, an error-code catalog with severity SLAs, incidents drafted into hard rules",
    "version": "18.0.1.3.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_knowledge"],
    "data": [
        "security/ir.model.access.csv",
        "security/practice_sop_security.xml",
        "data/practice_sop_category_data.xml",
        "data/practice_sop_data.xml",
        "data/practice_sop_cron.xml",
        "wizards/practice_sop_step_wizard_views.xml",
        "views/practice_sop_views.xml",
        "views/practice_sop_run_views.xml",
        "views/practice_error_code_views.xml",
        "views/practice_postmortem_views.xml",
        "views/practice_sop_category_views.xml",
        "views/practice_rule_views.xml",
        "views/res_config_settings_views.xml",
        "views/practice_sop_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "practice_sop/static/tests/tours/**/*",
        ],
    },
}
