# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dispatch lifecycle (issue 28 item 2): no callback within the settings' minutes → No Answer,
a message and an activity for the approver; only an approver re-dispatches, with a new key."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DeployCase


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestDeployNoAnswer(DeployCase):
    def _dispatched(self, minutes_ago=45):
        task = self._approved()
        self._dispatch(task, 200)
        self.assertEqual(task.deploy_state, "dispatched")
        task._deploy_guarded().sudo().write(
            {"deploy_dispatched_at": fields.Datetime.now() - timedelta(minutes=minutes_ago)}
        )
        return task

    def _no_answer_activities(self, task):
        return task.activity_ids.filtered(lambda a: "no answer" in (a.summary or ""))

    def test_overdue_dispatch_becomes_no_answer_once_with_an_activity_for_the_approver(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.callback_minutes", "30")
        recent = self._dispatched(minutes_ago=5)
        task = self._dispatched()
        Task = self.env["project.task"]
        self.assertGreaterEqual(Task._cron_deploy_no_answer(), 1)
        task.invalidate_recordset()
        recent.invalidate_recordset()
        self.assertEqual((task.deploy_state, recent.deploy_state), ("no_answer", "dispatched"))
        activities = self._no_answer_activities(task)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.approver)
        self.assertIn("No Answer", self._chatter(task))
        # a second run (another node, or the next tick) does not act twice
        Task._cron_deploy_no_answer()
        task.invalidate_recordset()
        self.assertEqual(len(self._no_answer_activities(task)), 1)
        self.assertEqual(
            task.deploy_status(task.id)["next_steps"],
            ["back_to_draft", "deployed", "redispatch", "rolled_back"],
        )

    def test_zero_minutes_never_flags(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.callback_minutes", "0")
        task = self._dispatched(minutes_ago=10_000)
        self.assertEqual(self.env["project.task"]._cron_deploy_no_answer(), 0)
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "dispatched")

    def test_only_an_approver_redispatches_with_a_new_idempotency_key(self):
        task = self._dispatched()
        self.env["project.task"]._cron_deploy_no_answer()
        task.invalidate_recordset()
        old_key = task.deploy_idempotency_key
        with self.assertRaises(AccessError):
            task.with_user(self.requester).action_deploy_redispatch()
        other = new_test_user(
            self.env,
            login="deploy_approver_2",
            groups="base.group_user,project.group_project_user,practice_deploy.group_deploy_approver",
        )
        task.with_user(other).action_deploy_redispatch()
        self.assertEqual((task.deploy_state, task.deploy_approved_by_id), ("approved", other))
        self.assertNotEqual(task.deploy_idempotency_key, old_key)
        calls = self._dispatch(task, 200)
        self.assertEqual(task.deploy_state, "dispatched")
        self.assertEqual(calls[0]["headers"]["X-Practice-Idempotency-Key"], task.deploy_idempotency_key)
        with self.assertRaises(UserError):  # only from No Answer
            task.with_user(other).action_deploy_redispatch()

    def test_a_late_callback_still_lands(self):
        task = self._dispatched()
        self.env["project.task"]._cron_deploy_no_answer()
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "no_answer")
        self._callback(task, "deployed")
        self.assertEqual(task.deploy_state, "deployed")
