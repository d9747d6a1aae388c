# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Knowledge",
    "summary": "Knowledge vault: hard rules, ADRs, runbooks, glossary, citations, synced with knowledge/",
    "version": "18.0.1.3.1",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["practice_base"],
    "external_dependencies": {"python": ["PyYAML", "markdown-it-py"]},
    "data": [
        "security/ir.model.access.csv",
        "security/practice_knowledge_security.xml",
        "views/practice_knowledge_menus.xml",
        "views/practice_rule_views.xml",
        "views/practice_adr_views.xml",
        "views/practice_runbook_views.xml",
        "views/practice_glossary_term_views.xml",
        "views/practice_citation_views.xml",
        "views/practice_pattern_views.xml",
        "views/practice_citation_digest_views.xml",
        "data/practice_knowledge_cron.xml",
        "wizards/practice_vault_wizard_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "practice_knowledge/static/tests/tours/**/*",
        ],
    },
}
