# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dispatch and callback wire format (issue 28 item 6): the dispatch received by a real
local HTTP server carries commit_sha, repository and environment_url, signed; the GitHub
Actions step of readme/USAGE.md (bash + openssl + curl) signs a callback the server accepts."""

import json
import os
import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.tests import HOST, tagged

from ..tools import signing
from .common import SECRET, DeployCase, DeployHttpCase

USAGE = Path(__file__).resolve().parent.parent / "readme" / "USAGE.md"


def readme_run_script():
    """The ``run: |`` script of the GitHub Actions step in readme/USAGE.md, dedented."""
    text = USAGE.read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    step = next(block for block in blocks if "X-Practice-Signature-256" in block)
    lines = step.splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip() == "run: |") + 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    return "\n".join(line[indent:] for line in lines[start:]) + "\n"


class _Receiver(BaseHTTPRequestHandler):
    received = None

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        type(self).received = {
            "path": self.path,
            "headers": dict(self.headers),
            "body": self.rfile.read(length),
        }
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args):
        pass


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployWireFormat(DeployHttpCase):
    def test_dispatch_received_by_a_local_server_has_commit_repository_and_url(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("practice_deploy.endpoint", f"http://127.0.0.1:{server.server_port}/dispatches")
        params.set_param("practice_deploy.url_production", "https://erp.example.com")
        params.set_param("practice_deploy.url_staging", "https://staging.example.com")
        repo = self.env["practice.repo"].sudo().create({"name": "wire-format-repo"})
        task = self._ready(deploy_commit_sha="3f2c1ab9e0", deploy_repo_id=repo.id)
        task.with_user(self.approver).action_deploy_approve()
        self.env["project.task"]._cron_deploy_dispatch()
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "dispatched", task.deploy_last_error)
        sent = _Receiver.received
        self.assertEqual(sent["path"], "/dispatches")
        signing.verify(SECRET, sent["headers"], sent["body"], int(sent["headers"]["X-Practice-Timestamp"]))
        payload = json.loads(sent["body"])["client_payload"]
        self.assertEqual(
            (payload["commit_sha"], payload["repository"], payload["environment_url"]),
            ("3f2c1ab9e0", "wire-format-repo", "https://erp.example.com"),
        )
        self.assertEqual(task.deploy_status(task.id)["commit_sha"], "3f2c1ab9e0")
        self.assertNotIn(SECRET, json.dumps(payload))

    def test_readme_github_actions_step_signs_a_callback_the_server_accepts(self):
        for tool in ("bash", "openssl", "curl"):
            if not shutil.which(tool):
                self.skipTest(f"{tool} is not installed")
        task = self._approved()
        self._dispatch(task, 200)
        self.assertEqual(task.deploy_state, "dispatched")
        env = dict(
            os.environ,
            PRACTICE_SECRET=SECRET,
            PRACTICE_CALLBACK_URL=f"http://{HOST}:{self.http_port()}{self.CALLBACK}",
            TASK_ID=str(task.id),
            STATUS="deployed",
            DEPLOYMENT_ID="gha-123",
        )
        result = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", readme_run_script()],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(json.loads(result.stdout)["state"], "deployed")
        task.invalidate_recordset()
        self.assertEqual((task.deploy_state, task.deploy_deployment_id), ("deployed", "gha-123"))

    def test_readme_step_with_a_wrong_secret_is_refused(self):
        if not all(shutil.which(tool) for tool in ("bash", "openssl", "curl")):
            self.skipTest("bash, openssl or curl is not installed")
        task = self._approved()
        self._dispatch(task, 200)
        env = dict(
            os.environ,
            PRACTICE_SECRET="not-the-shared-secret",
            PRACTICE_CALLBACK_URL=f"http://{HOST}:{self.http_port()}{self.CALLBACK}",
            TASK_ID=str(task.id),
            STATUS="deployed",
            DEPLOYMENT_ID="gha-124",
        )
        result = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", readme_run_script()],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("does not match", result.stdout)
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "dispatched")


@tagged("post_install", "-at_install", "practice_rules")
class TestDeployCommitSha(DeployCase):
    def test_commit_sha_must_be_hex_and_is_frozen_after_review(self):
        with self.assertRaises(ValidationError):
            self._task(deploy_commit_sha="not-a-sha")
        task = self._ready(deploy_commit_sha="a" * 40)
        from odoo.exceptions import UserError

        with self.assertRaises(UserError):
            task.with_user(self.requester).write({"deploy_commit_sha": "b" * 40})


@tagged("post_install", "-at_install", "practice_integration")
class TestDeployNotifications(DeployCase):
    def test_events_reach_followers_with_subtypes_and_a_signed_webhook(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        _Receiver.received = None
        self.env["ir.config_parameter"].sudo().set_param(
            "practice_deploy.webhook_url", f"http://127.0.0.1:{server.server_port}/hooks/slack"
        )
        task = self._ready()
        task.with_user(self.approver).action_deploy_approve()
        sent = _Receiver.received
        self.assertEqual(sent["path"], "/hooks/slack")
        signing.verify(SECRET, sent["headers"], sent["body"], int(sent["headers"]["X-Practice-Timestamp"]))
        payload = json.loads(sent["body"])
        self.assertEqual(list(payload), ["text"])
        self.assertIn("Approved", payload["text"])
        self.assertNotIn(SECRET, payload["text"])
        approved = self.env.ref("practice_deploy.mt_deploy_approved")
        self.assertIn(approved, task.message_ids.subtype_id)
        self.assertTrue(approved.default)
        self._dispatch(task, 200)
        self._callback(task, "rolled_back")
        payload = json.loads(_Receiver.received["body"])
        self.assertIn("Rolled Back", payload["text"])
        self.assertIn(self.env.ref("practice_deploy.mt_deploy_rolled_back"), task.message_ids.subtype_id)
