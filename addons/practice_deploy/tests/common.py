# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import secrets
import time
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import HttpCase, TransactionCase, new_test_user

from ..tools import signing

SECRET = "unit-secret-7f3a9c"
BEARER = "unit-bearer-5e1d"
ENDPOINT = "http://127.0.0.1:9/dispatch"
POST = "odoo.addons.practice_deploy.models.project_task.requests.post"


class FakeResponse:
    def __init__(self, status_code, text=""):
        self.status_code = status_code
        self.text = text


class DeployCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("practice_deploy.endpoint", ENDPOINT)
        params.set_param("practice_deploy.secret", SECRET)
        params.set_param("practice_deploy.bearer_token", BEARER)
        params.set_param("practice_deploy.retry_base_seconds", "60")
        params.set_param("practice_deploy.max_attempts", "3")
        # gates of installed bridge addons are off here; each bridge's tests turn its own on
        params.set_param("practice_deploy.gate_eval", "0")
        params.set_param("practice_deploy.gate_watchdog", "0")
        # production's staging requirement is tested in test_deploy_staging_notify.py
        params.set_param("practice_deploy.require_staging", "0")
        cls.requester = new_test_user(
            cls.env, login="deploy_requester", groups="base.group_user,project.group_project_user"
        )
        cls.approver = new_test_user(
            cls.env,
            login="deploy_approver",
            groups="base.group_user,project.group_project_user,practice_deploy.group_deploy_approver",
        )
        cls.oncall = new_test_user(cls.env, login="deploy_oncall", groups="base.group_user")
        params.set_param("practice_deploy.oncall_user_id", str(cls.oncall.id))
        cls.project = cls.env["project.project"].create({"name": "Deploy project"})

    def _task(self, user=None, **vals):
        values = {
            "name": "Deploy expense_approval 1.0.0",
            "project_id": self.project.id,
            "is_deploy": True,
            "deploy_branch": "main",
            "deploy_commit_message": "feat(expense): approvals",
            "deploy_environment": "production",
            "deploy_image_tag": "1.0.0",
        }
        values.update(vals)
        return self.env["project.task"].with_user(user or self.requester).create(values)

    def _ready(self, **vals):
        task = self._task(**vals)
        task.action_deploy_ready()
        return task

    def _approved(self):
        task = self._ready()
        task.with_user(self.approver).action_deploy_approve()
        return task

    @contextmanager
    def _host(self, *answers):
        """requests.post answering ``answers`` in turn (an int status, or an exception)."""
        calls = []
        answers = list(answers)

        def post(url, data=None, headers=None, timeout=None, **_kw):
            calls.append({"url": url, "body": data, "headers": headers, "timeout": timeout})
            answer = answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return FakeResponse(*answer) if isinstance(answer, tuple) else FakeResponse(answer)

        with patch(POST, side_effect=post):
            yield calls

    def _dispatch(self, task, *answers):
        with self._host(*answers) as calls:
            self.env["project.task"]._cron_deploy_dispatch()
        task.invalidate_recordset()
        return calls

    def _callback(self, task, status="deployed", **extra):
        data = {
            "task_id": task.id,
            "status": status,
            "deployment_id": "dep-42" if status == "deployed" else "",
            "previous_deployment_id": "dep-41",
            "health": json.dumps({"http": 200}),
            "message": "ok",
        }
        data.update(extra)
        from odoo import fields

        return self.env["project.task"]._deploy_callback(data, fields.Datetime.now())

    def _chatter(self, task):
        return "\n".join(task.message_ids.mapped("body")) + "\n".join(
            task.message_ids.tracking_value_ids.mapped(lambda t: f"{t.old_value_char} {t.new_value_char}")
        )


class DeployHttpCase(DeployCase, HttpCase):
    """DeployCase with the callback reached over real HTTP (the test server of HttpCase): the
    controller runs as the public user, like the git host's automation."""

    CALLBACK = "/practice/deploy/callback"

    def _signed(self, body, secret=SECRET, nonce=None):
        nonce = nonce or secrets.token_urlsafe(18)
        return signing.signed_headers(secret, body, time.time(), nonce)

    def _post_callback(self, payload=None, raw=None, secret=SECRET, headers=None):
        """POST a signed callback (``raw`` bytes or ``payload`` as JSON); returns the response."""
        body = raw if raw is not None else json.dumps(payload).encode()
        return self.url_open(
            self.CALLBACK, data=body, headers=headers or self._signed(body, secret), timeout=30
        )

    def _callback_payload(self, task, status="deployed", **extra):
        payload = {
            "task_id": task.id,
            "status": status,
            "deployment_id": "dep-42" if status == "deployed" else "",
            "previous_deployment_id": "dep-41",
            "health": {"http": 200},
            "message": "ok",
        }
        payload.update(extra)
        return payload
