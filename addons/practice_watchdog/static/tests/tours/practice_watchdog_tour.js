/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// From the Watchdog alerts list to an alert, acknowledge it, then open its diff:
// the vanished rows are a red (flagged) line with the exact delta.
registry.category("web_tour.tours").add("practice_watchdog_alert_to_diff", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Watchdog",
            trigger: 'button[data-menu-xmlid="practice_watchdog.menu_watchdog"]',
            run: "click",
        },
        {
            content: "Open Alerts",
            trigger: 'a[data-menu-xmlid="practice_watchdog.menu_watchdog_alert"]',
            run: "click",
        },
        {
            content: "Open the alert",
            trigger: '.o_data_row td[name="name"]:contains("Tour alert: categories vanished")',
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: 'button[name="action_acknowledge"]',
            run: "click",
        },
        {
            content: "Acknowledged",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Acknowledged")',
        },
        {
            content: "Open its diff",
            trigger: 'button[name="action_open_diff"]',
            run: "click",
        },
        {
            content: "The lost rows are flagged in red with their delta",
            trigger:
                '.o_practice_watchdog_diff_lines tr.text-danger:has(td[name="metric"]:contains("count")):has(td[name="delta"]:contains("-120"))',
        },
    ],
});
