# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Eval",
    "summary": "Test and eval runs from JUnit XML: pass rates per category, trends, flaky cases",
    "version": "18.0.1.4.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_base"],
    "external_dependencies": {"python": ["defusedxml"]},
    "data": [
        "security/practice_eval_security.xml",
        "security/ir.model.access.csv",
        "views/practice_eval_case_views.xml",
        "views/practice_eval_run_category_views.xml",
        "views/practice_eval_scenario_views.xml",
        "views/practice_eval_target_views.xml",
        "views/practice_eval_run_views.xml",
        "views/practice_eval_check_views.xml",
        "views/practice_repo_views.xml",
        "wizards/practice_eval_upload_wizard_views.xml",
        "views/res_config_settings_views.xml",
        "views/practice_eval_menus.xml",
    ],
    "demo": ["demo/practice_eval_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "practice_eval/static/tests/tours/**/*",
        ],
    },
}
