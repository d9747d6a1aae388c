# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Deploy",
    "summary": "Deploy tasks on Project: approval, signed git-ops dispatch, signed callback",
    "version": "18.0.1.2.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_base", "project"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/practice_deploy_security.xml",
        "security/ir.model.access.csv",
        "data/practice_deploy_cron.xml",
        "data/practice_deploy_mail_subtypes.xml",
        "data/practice_deploy_project.xml",
        "views/project_task_views.xml",
        "views/practice_deploy_secret_wizard_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "practice_deploy/static/tests/tours/**/*",
        ],
    },
}
