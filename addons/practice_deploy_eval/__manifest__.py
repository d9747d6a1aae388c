# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Deploy Eval",
    "summary": "Deploy gates per environment: tests, coverage, lint and vulnerability checks of the deployed commit",
    "version": "18.0.1.2.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["practice_deploy", "practice_eval"],
    "data": [
        "security/ir.model.access.csv",
        "security/practice_deploy_eval_security.xml",
        "views/practice_deploy_gate_views.xml",
    ],
}
