/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Manager sees a held lock in the kanban and force-releases it through the wizard.
registry.category("web_tour.tours").add("practice_lock_force_release_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Practice app",
            trigger: '.o_app[data-menu-xmlid="practice_base.menu_practice_root"]',
            run: "click",
        },
        {
            content: "Open Locks",
            trigger: 'button[data-menu-xmlid="practice_lock.menu_practice_lock_root"]',
            run: "click",
        },
        {
            content: "Open Held Locks",
            trigger: 'a[data-menu-xmlid="practice_lock.menu_practice_lock_held"]',
            run: "click",
        },
        {
            content: "The held lock shows its holder session and reason",
            trigger: '.o_kanban_record:contains("tour_locked_module"):contains("tour-session-1"):contains("tour: editing")',
        },
        {
            content: "Force-release it",
            trigger: '.o_kanban_record:contains("tour_locked_module") button[name="action_open_force_wizard"]',
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit tour: session is stuck",
        },
        {
            content: "Confirm",
            trigger: '.modal button[name="action_force_release"]',
            run: "click",
        },
        {
            content: "The wizard closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open Locks again",
            trigger: 'button[data-menu-xmlid="practice_lock.menu_practice_lock_root"]',
            run: "click",
        },
        {
            content: "Open the history",
            trigger: 'a[data-menu-xmlid="practice_lock.menu_practice_lock_history"]',
            run: "click",
        },
        {
            content: "The lock is now force-released",
            trigger: '.o_data_row:contains("tour_locked_module"):contains("Force-released")',
        },
    ],
});
