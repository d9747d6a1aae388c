# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import datetime, timedelta
from unittest.mock import patch

import requests

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.practice_deploy.tools import dispatch, signing

from .common import SECRET, DeployCase

T0 = datetime(2026, 3, 2, 9, 0, 0)
NOW = "odoo.fields.Datetime.now"


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestDeployLifecycle(DeployCase):
    def test_full_path_draft_to_verified_with_every_step_in_the_chatter(self):
        task = self._ready()
        self.assertEqual((task.deploy_state, task.deploy_initiated_by_id), ("ready", self.requester))
        task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "approved")
        key = task.deploy_idempotency_key
        self.assertTrue(key)
        calls = self._dispatch(task, 200)
        self.assertEqual(len(calls), 1)
        self.assertEqual((task.deploy_state, task.deploy_attempts), ("dispatched", 1))
        body = json.loads(calls[0]["body"])
        self.assertEqual(
            body,
            {
                "event_type": "deploy",
                "client_payload": {
                    "branch": "main",
                    "commit_message": "feat(expense): approvals",
                    "task_id": task.id,
                    "environment": "production",
                    "image_tag": "1.0.0",
                    "initiated_by": self.requester.name,
                    "approved_by": self.approver.name,
                    "commit_sha": "",
                    "repository": task._deploy_repository().name or "",
                    "environment_url": "",
                },
            },
        )
        headers = calls[0]["headers"]
        self.assertEqual(headers["X-Practice-Idempotency-Key"], key)
        self.assertTrue(
            signing.verify(SECRET, headers, calls[0]["body"], int(headers["X-Practice-Timestamp"]))
        )
        self.assertTrue(calls[0]["timeout"])
        self._callback(task, "deployed")
        self.assertEqual((task.deploy_state, task.deploy_deployment_id), ("deployed", "dep-42"))
        self.assertTrue(task.deploy_deployed_at)
        task.with_user(self.requester).action_deploy_verify()
        self.assertEqual((task.deploy_state, task.deploy_verified_by_id), ("verified", self.requester))
        chatter = self._chatter(task)
        for label in ("Ready for Review", "Approved", "Dispatched", "Deployed", "Verified"):
            self.assertIn(f"Deploy: {label}.", chatter)
        status = self.env["project.task"].with_user(self.requester).deploy_status(task.id)
        self.assertEqual(
            (status["state"], status["deployment_id"], status["approved_by"]),
            ("verified", "dep-42", "deploy_approver"),
        )

    def test_state_machine_refuses_skips_and_repeats(self):
        task = self._task()
        with self.assertRaisesRegex(UserError, "cannot approve a deploy in state Draft"):
            task.with_user(self.approver).action_deploy_approve()
        with self.assertRaisesRegex(UserError, "cannot verify"):
            task.action_deploy_verify()
        task.action_deploy_ready()
        with self.assertRaisesRegex(UserError, "cannot ready"):
            task.action_deploy_ready()
        task.with_user(self.approver).action_deploy_approve()
        with self.assertRaisesRegex(UserError, "cannot approve"):
            task.with_user(self.approver).action_deploy_approve()
        with self.assertRaisesRegex(UserError, "cannot verify"):
            task.action_deploy_verify()
        self.assertEqual(task.deploy_state, "approved")

    def test_a_normal_task_has_no_deploy_steps_and_incomplete_requests_stay_draft(self):
        task = self._task(is_deploy=False)
        with self.assertRaisesRegex(UserError, "not a Deploy task"):
            task.action_deploy_ready()
        with self.assertRaisesRegex(UserError, "not a Deploy task"):
            self.env["project.task"].deploy_status(task.id)
        task = self._task(deploy_image_tag=False)
        with self.assertRaisesRegex(UserError, "Image Tag"):
            task.action_deploy_ready()
        self.assertEqual(task.deploy_state, "draft")

    def test_request_fields_are_frozen_after_draft(self):
        task = self._ready()
        with self.assertRaisesRegex(UserError, "Branch.*only while it is a draft"):
            task.write({"deploy_branch": "evil"})
        task.write({"name": "renamed is fine"})
        task.action_deploy_back_to_draft()
        task.write({"deploy_branch": "release"})
        self.assertEqual((task.deploy_state, task.deploy_branch), ("draft", "release"))

    def test_one_approval_dispatches_exactly_once(self):
        task = self._approved()
        self._dispatch(task, 200)
        calls = self._dispatch(task)  # nothing due: no answer needed, no POST
        self.assertEqual(calls, [])
        self.assertEqual((task.deploy_state, task.deploy_attempts), ("dispatched", 1))

    def test_500_then_200_retries_with_backoff_into_one_deployment(self):
        with patch(NOW, return_value=T0):
            task = self._approved()
            calls = self._dispatch(task, (500, "upstream down"))
        self.assertEqual((task.deploy_state, task.deploy_attempts), ("approved", 1))
        self.assertEqual(task.deploy_next_attempt_at, T0 + timedelta(seconds=60))
        self.assertIn("HTTP 500", task.deploy_last_error)
        with patch(NOW, return_value=T0 + timedelta(seconds=59)):
            self.assertEqual(self._dispatch(task), [])  # not due yet
        with patch(NOW, return_value=T0 + timedelta(seconds=60)):
            calls += self._dispatch(task, 200)
        self.assertEqual((task.deploy_state, task.deploy_attempts, len(calls)), ("dispatched", 2, 2))
        self.assertEqual(
            calls[0]["headers"]["X-Practice-Idempotency-Key"],
            calls[1]["headers"]["X-Practice-Idempotency-Key"],
        )
        self.assertNotEqual(calls[0]["headers"]["X-Practice-Nonce"], calls[1]["headers"]["X-Practice-Nonce"])
        self._callback(task, "deployed")
        self.assertEqual(task.deploy_deployment_id, "dep-42")
        self.assertEqual(self._dispatch(task), [])

    def test_retries_are_bounded_and_timeouts_count(self):
        with patch(NOW, return_value=T0):
            task = self._approved()
            self._dispatch(task, requests.Timeout("slow"))
        self.assertEqual(task.deploy_next_attempt_at, T0 + timedelta(seconds=60))
        with patch(NOW, return_value=T0 + timedelta(seconds=60)):
            self._dispatch(task, 502)
        self.assertEqual(task.deploy_next_attempt_at, T0 + timedelta(seconds=180))
        with patch(NOW, return_value=T0 + timedelta(seconds=180)):
            self._dispatch(task, 503)
        self.assertEqual((task.deploy_state, task.deploy_attempts), ("failed", 3))
        self.assertIn("failed for good", self._chatter(task))
        with patch(NOW, return_value=T0 + timedelta(days=1)):
            self.assertEqual(self._dispatch(task), [])

    def test_4xx_fails_at_once_with_the_hosts_message(self):
        task = self._approved()
        self._dispatch(task, (422, "Unknown workflow deploy.yml"))
        self.assertEqual((task.deploy_state, task.deploy_attempts), ("failed", 1))
        self.assertIn("Unknown workflow deploy.yml", task.deploy_last_error)
        self.assertIn("Unknown workflow deploy.yml", self._chatter(task))
        task.action_deploy_back_to_draft()
        self.assertEqual((task.deploy_state, task.deploy_idempotency_key), ("draft", False))

    def test_rollback_gives_the_oncall_user_an_activity_and_a_follow_up_task(self):
        if "practice.sop" in self.env:
            # practice_deploy_sop beside makes the incident a triage run; without its SOP it
            # falls back to this addon's default, which this test is about
            self.env["practice.sop"].search([("code", "=", "SOP-TRIAGE-001")]).action_archive()
        task = self._approved()
        self._dispatch(task, 200)
        self._callback(task, "rolled_back", message="migration error", health="HTTP 500")
        self.assertEqual((task.deploy_state, task.deploy_previous_deployment_id), ("rolled_back", "dep-41"))
        activity = task.activity_ids
        self.assertEqual(activity.user_id, self.oncall)
        self.assertIn("rolled back", activity.summary)
        followup = task.deploy_followup_task_id
        self.assertTrue(followup.name.startswith("[INCIDENT]"))
        self.assertEqual(followup.project_id, self.project)
        self.assertIn("migration error", str(followup.description))
        with self.assertRaisesRegex(UserError, "cannot verify"):
            task.action_deploy_verify()

    def test_callback_refusals_change_nothing(self):
        task = self._approved()
        with self.assertRaises(dispatch.CallbackError) as err:
            self._callback(task)
        self.assertEqual(err.exception.status, 409)
        self.assertEqual(task.deploy_state, "approved")
        with self.assertRaises(dispatch.CallbackError) as err:
            self.env["project.task"]._deploy_callback({"task_id": task.id + 10_000, "status": "deployed"}, T0)
        self.assertEqual(err.exception.status, 404)
        normal = self._task(is_deploy=False)
        with self.assertRaises(dispatch.CallbackError) as err:
            self.env["project.task"]._deploy_callback({"task_id": normal.id, "status": "deployed"}, T0)
        self.assertEqual(err.exception.status, 404)


@tagged("post_install", "-at_install", "practice_rules")
class TestDeployGates(DeployCase):
    def test_gates_are_shown_and_block_approval(self):
        task = self._ready()
        gates = task._deploy_gates()
        self.assertTrue(all(gate["ok"] for gate in gates))
        self.assertTrue(task.deploy_gates_ok)
        self.assertIn("✔ Dispatch configured", task.deploy_gates_text)
        self.env["ir.config_parameter"].sudo().set_param("practice_deploy.endpoint", False)
        task.invalidate_recordset()
        self.assertFalse(task.deploy_gates_ok)
        self.assertIn("✘ Dispatch configured", task.deploy_gates_text)
        with self.assertRaisesRegex(UserError, "gate not passed: Dispatch configured"):
            task.with_user(self.approver).action_deploy_approve()
        self.assertEqual(task.deploy_state, "ready")
        status = self.env["project.task"].deploy_status(task.id)
        self.assertEqual([gate["ok"] for gate in status["gates"]], [False])
