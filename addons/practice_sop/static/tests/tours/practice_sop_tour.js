/** @odoo-module */
import { registry } from "@web/core/registry";

function doneStep(index) {
    const row = `.o_field_widget[name="step_result_ids"] .o_data_row:nth-child(${index})`;
    return [
        {
            content: `Step ${index}: Done`,
            trigger: `${row} button[name="action_open_done"]`,
            run: "click",
        },
        {
            content: `Step ${index}: the actual result`,
            trigger: '.modal .o_field_widget[name="result"] textarea',
            run: `edit tour result ${index}`,
        },
        {
            content: `Step ${index}: confirm`,
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: `Step ${index} is completed`,
            trigger: `body:not(:has(.modal)) ${row}:contains("tour result ${index}"):contains("Completed")`,
        },
    ];
}

// An Engineer runs SOP-TRIAGE-001 to completion: New Run, Start, six steps Done, Complete Run.
registry.category("web_tour.tours").add("practice_sop_triage_tour", {
    url: "/odoo/action-practice_sop.practice_sop_action",
    steps: () => [
        {
            content: "Open SOP-TRIAGE-001",
            trigger: '.o_data_row:contains("SOP-TRIAGE-001") td[name="name"]',
            run: "click",
        },
        {
            content: "Start a new run",
            trigger: 'button[name="action_new_run"]',
            run: "click",
        },
        {
            content: "Start the draft",
            trigger: '.o_form_view button[name="action_start"]',
            run: "click",
        },
        {
            content: "The run is running with its six steps",
            trigger: '.o_field_widget[name="step_result_ids"] .o_data_row:nth-child(6):contains("Preventive measures")',
        },
        ...doneStep(1),
        ...doneStep(2),
        ...doneStep(3),
        ...doneStep(4),
        ...doneStep(5),
        ...doneStep(6),
        {
            content: "Complete the run",
            trigger: '.o_form_view button[name="action_complete"]',
            run: "click",
        },
        {
            content: "Completed: a hard rule can be drafted",
            trigger: '.o_form_view button[name="action_draft_rule"]',
        },
    ],
});
