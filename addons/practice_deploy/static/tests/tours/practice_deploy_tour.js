/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A technical lead opens a Deploy task that is ready for review, sees its gates, and approves it.
registry.category("web_tour.tours").add("practice_deploy_approve_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Deploy Tasks",
            trigger: '[data-menu-xmlid="practice_deploy.menu_practice_deploy_tasks"]',
            run: "click",
        },
        {
            content: "The task is listed as ready for review",
            trigger: '.o_data_row:contains("Deploy tour_module 2.0.0"):contains("Ready for Review")',
        },
        {
            content: "Open it",
            trigger: '.o_data_row:contains("Deploy tour_module 2.0.0") td.o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "The task's form is open",
            trigger: ".o_form_view .o_notebook",
        },
        {
            content: "Open the Deploy tab",
            trigger: 'a[name="practice_deploy_page"]',
            run: "click",
        },
        {
            content: "The gates are shown and pass",
            trigger: '.o_field_widget[name="deploy_gates_text"]:contains("Dispatch configured")',
        },
        {
            content: "Approve",
            trigger: 'button[name="action_deploy_approve"]',
            run: "click",
        },
        {
            content: "The task is approved",
            trigger: '.o_field_widget[name="deploy_state"]:contains("Approved")',
        },
        {
            content: "The approval is in the chatter",
            trigger: '.o-mail-Message:contains("Deploy: Approved.")',
        },
    ],
});
