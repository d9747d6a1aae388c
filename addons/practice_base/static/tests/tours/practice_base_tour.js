/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Opens the Practice app, creates a repository, then a code module in it.
registry.category("web_tour.tours").add("practice_base_repo_module_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Configuration",
            trigger: 'button[data-menu-xmlid="practice_base.menu_practice_config"]',
            run: "click",
        },
        {
            content: "Open Repositories",
            trigger: 'a[data-menu-xmlid="practice_base.menu_practice_repo"]',
            run: "click",
        },
        {
            content: "New repository",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: '.o_field_widget[name="name"] input',
            run: "edit tour-repo",
        },
        {
            content: "Give its URL",
            trigger: '.o_field_widget[name="url"] input',
            run: "edit https://git.example.com/tour-repo",
        },
        {
            content: "Save the repository",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Open Configuration again",
            trigger: 'button[data-menu-xmlid="practice_base.menu_practice_config"]',
            run: "click",
        },
        {
            content: "Open Code Modules",
            trigger: 'a[data-menu-xmlid="practice_base.menu_practice_code_module"]',
            run: "click",
        },
        {
            content: "New module",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Technical name",
            trigger: '.o_field_widget[name="name"] input',
            run: "edit tour_module",
        },
        {
            content: "Pick the repository",
            trigger: '.o_field_widget[name="repo_id"] input',
            run: "edit tour-repo",
        },
        {
            content: "Select it",
            trigger: '.o-autocomplete--dropdown-item a:contains("tour-repo")',
            run: "click",
        },
        {
            content: "Save the module",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Module saved",
            trigger: ".o_form_saved",
        },
    ],
});
