# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 23 item 9: the triage run of a rollback reported over HTTP (the signed callback runs
as the public user) is owned by the on-call user, else the approver; its SLA reminder reaches
that user, never the public user."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.practice_deploy.tests.common import DeployHttpCase


@tagged("post_install", "-at_install", "practice_security")
class TestDeploySopTriageOwner(DeployHttpCase):
    def _rolled_back_over_http(self):
        task = self._approved()
        self._dispatch(task, 200)
        response = self._post_callback(self._callback_payload(task, "rolled_back", message="migration error"))
        self.assertEqual(response.status_code, 200, response.text[:300])
        task = task.sudo()  # the test reads what the callback did, whoever may read it
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "rolled_back")
        run = task.deploy_sop_run_id
        self.assertTrue(run)
        return task, run

    def _sla_reminder_users(self, run):
        self.env["practice.sop.run"]._cron_mark_overdue(now=fields.Datetime.now() + timedelta(days=30))
        return run.activity_ids.filtered(lambda a: "SLA missed" in (a.summary or "")).user_id

    def test_triage_run_is_owned_by_the_oncall_user_not_the_public_user(self):
        task, run = self._rolled_back_over_http()
        public = self.env.ref("base.public_user")
        self.assertEqual(run.user_id, self.oncall)
        self.assertNotEqual(run.create_uid, public)
        self.assertEqual(task.activity_ids.user_id, self.oncall)
        self.assertEqual(self._sla_reminder_users(run), self.oncall)
        self.assertNotIn(public.partner_id, run.message_ids.author_id)

    def test_without_oncall_user_the_approver_owns_the_triage_run(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.oncall_user_id", "")
        task, run = self._rolled_back_over_http()
        self.assertEqual(run.user_id, self.approver)
        self.assertEqual(task.activity_ids.user_id, self.approver)
        self.assertEqual(self._sla_reminder_users(run), self.approver)
