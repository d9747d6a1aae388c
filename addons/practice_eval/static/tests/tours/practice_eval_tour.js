/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// An engineer opens the latest red run and follows it to the failing case and its failure text.
registry.category("web_tour.tours").add("practice_eval_red_run_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Evals",
            trigger: 'button[data-menu-xmlid="practice_eval.menu_practice_eval_root"]',
            run: "click",
        },
        {
            content: "Open Runs",
            trigger: 'a[data-menu-xmlid="practice_eval.menu_practice_eval_runs"]',
            run: "click",
        },
        {
            content: "Open the red run",
            trigger: '.o_data_row.text-danger:contains("tour red run") td[name="name"]',
            run: "click",
        },
        {
            content: "The run is red and lists its failing case first",
            trigger: '.o_form_view:has(.ribbon:contains("Red")) .o_field_widget[name="failing_case_ids"] .o_data_row:first:contains("test_tour_breaks")',
        },
        {
            content: "Open the failing case",
            trigger: '.o_field_widget[name="failing_case_ids"] .o_data_row:contains("test_tour_breaks") td[name="name"]',
            run: "click",
        },
        {
            content: "The failure text is shown",
            trigger: '.o_field_widget[name="failure_text"]:contains("AssertionError: tour: totals differ")',
        },
    ],
});
