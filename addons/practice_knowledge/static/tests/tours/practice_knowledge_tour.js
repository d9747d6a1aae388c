/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Opens Knowledge > Hard Rules, reads a rule, then follows it to its runbook.
registry.category("web_tour.tours").add("practice_knowledge_rule_runbook_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Knowledge",
            trigger: 'button[data-menu-xmlid="practice_knowledge.menu_practice_knowledge"]',
            run: "click",
        },
        {
            content: "Open Hard Rules",
            trigger: 'a[data-menu-xmlid="practice_knowledge.menu_practice_rule"]',
            run: "click",
        },
        {
            content: "Open the rule",
            trigger: '.o_data_row td[name="name"]:contains("No image bytes in ORM loops")',
            run: "click",
        },
        {
            content: "The rendered rule shows the incident",
            trigger: '.o_field_widget[name="body_html"] h2:contains("Incident")',
        },
        {
            content: "Follow the rule to its runbook",
            trigger: 'button[name="action_view_runbooks"]',
            run: "click",
        },
        {
            content: "The runbook opens with its steps",
            trigger: '.o_field_widget[name="steps_html"] li:contains("Stop the cron")',
        },
        {
            content: "It is runbook 14",
            trigger: '.o_breadcrumb .active:contains("Image pipeline recovery")',
        },
    ],
});
