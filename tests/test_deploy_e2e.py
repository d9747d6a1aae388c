"""practice_deploy end to end: a real Odoo server and a real HTTP server on 127.0.0.1 playing
the git host.

The host checks both signatures of every dispatch it receives (the practice signature over
``timestamp.nonce.body`` and GitHub's ``X-Hub-Signature-256`` over the body), answers the
status codes a test queues (200 / 500 / 400), and calls back to ``/practice/deploy/callback``
signed like the real automation, or broken on purpose: each refusal answers its status and
changes neither the task nor the nonce table.
"""

import hashlib
import hmac
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

SECRET = "e2e-deploy-secret-" + uuid.uuid4().hex
BEARER = "e2e-bearer-" + uuid.uuid4().hex
PASSWORD = "deploy-e2e-pass"


def _sign(secret, timestamp, nonce, body):
    message = f"{timestamp}.{nonce}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _hub(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class GitHost:
    """A threaded HTTP server: records each POST and whether both signatures verify, answers
    the next queued ``(status, text)`` (200 when the queue is empty)."""

    def __init__(self):
        self.received = []
        self.answers = queue.Queue()
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ts = self.headers.get("X-Practice-Timestamp", "")
                nonce = self.headers.get("X-Practice-Nonce", "")
                record = {
                    "path": self.path,
                    "body": body,
                    "headers": dict(self.headers),
                    "practice_ok": hmac.compare_digest(
                        _sign(SECRET, ts, nonce, body), self.headers.get("X-Practice-Signature-256", "")
                    ),
                    "hub_ok": hmac.compare_digest(
                        _hub(SECRET, body), self.headers.get("X-Hub-Signature-256", "")
                    ),
                    "bearer_ok": self.headers.get("Authorization") == f"Bearer {BEARER}",
                }
                host.received.append(record)
                try:
                    status, text = host.answers.get_nowait()
                except queue.Empty:
                    status, text = 200, '{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/repos/acme/app/dispatches"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, *answers):
        for item in answers:
            self.answers.put(item if isinstance(item, tuple) else (item, "{}"))

    def callback(self, odoo_url, payload, secret=SECRET, timestamp=None, nonce=None, raw=None, hub=True):
        """POST a signed callback like the automation does; returns ``(status, json answer)``."""
        body = raw if raw is not None else json.dumps(payload).encode()
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce or secrets.token_urlsafe(18)
        headers = {
            "Content-Type": "application/json",
            "X-Practice-Timestamp": timestamp,
            "X-Practice-Nonce": nonce,
            "X-Practice-Signature-256": _sign(secret, timestamp, nonce, body),
        }
        if hub:
            headers["X-Hub-Signature-256"] = _hub(secret, body)
        request = urllib.request.Request(
            f"{odoo_url}/practice/deploy/callback", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}"), nonce
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}"), nonce

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def git_host():
    host = GitHost()
    yield host
    host.stop()


@pytest.fixture(scope="module")
def deploy_world(live_odoo, git_host):
    """Settings pointing at the fake host, a project, a requester and an approver."""
    admin = live_odoo.login("admin", "admin")
    for key, value in {
        "endpoint": git_host.url,
        "secret": SECRET,
        "bearer_token": BEARER,
        "retry_base_seconds": "0",  # retries due at once: the test triggers the cron itself
        "max_attempts": "3",
        "gate_eval": "0",  # bridge gates (when installed) are tested in their addons
        "require_staging": "0",  # the staging-before-production walk is test_deploy_walk_e2e
        "gate_watchdog": "0",
    }.items():
        admin.call("ir.config_parameter", "set_param", f"practice_deploy.{key}", value)

    def xmlid(module, name):
        rows = admin.call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
        )
        return rows[0]["res_id"]

    project_user = xmlid("project", "group_project_user")
    approver_group = xmlid("practice_deploy", "group_deploy_approver")
    suffix = uuid.uuid4().hex[:6]
    users = {}
    for role, groups in (("requester", [project_user]), ("approver", [project_user, approver_group])):
        login = f"e2e_deploy_{role}_{suffix}"
        admin.call(
            "res.users",
            "create",
            {"name": f"E2E {role}", "login": login, "password": PASSWORD, "groups_id": [(6, 0, groups)]},
        )
        users[role] = live_odoo.login(login, PASSWORD)
        users[f"{role}_login"] = login
    project = admin.call("project.project", "create", {"name": f"E2E deploys {suffix}"})
    return {
        "admin": admin,
        "project": project,
        "cron": xmlid("practice_deploy", "ir_cron_deploy_dispatch"),
        **users,
    }


def _new_task(world, name="Deploy expense_approval 1.0.0"):
    return world["requester"].call(
        "project.task",
        "create",
        {
            "name": name,
            "project_id": world["project"],
            "is_deploy": True,
            "deploy_branch": "main",
            "deploy_commit_message": "feat(expense): multi-level approval",
            "deploy_environment": "production",
            "deploy_image_tag": "1.0.0",
        },
    )


def _run_dispatch(world):
    world["admin"].call("ir.cron", "method_direct_trigger", [world["cron"]])


def _status(world, task_id):
    return world["admin"].call("project.task", "deploy_status", task_id)


def _approved_task(world, name="Deploy expense_approval 1.0.0"):
    task_id = _new_task(world, name)
    world["requester"].call("project.task", "action_deploy_ready", [task_id])
    world["approver"].call("project.task", "action_deploy_approve", [task_id])
    return task_id


def _nonces(world):
    return world["admin"].call("practice.deploy.nonce", "search_count", [])


def _practice_cli(server, *args, login, password):
    env = dict(os.environ)
    env.update(
        {
            "PRACTICE_URL": server.url,
            "PRACTICE_DB": server.db,
            "PRACTICE_LOGIN": login,
            "PRACTICE_API_KEY": password,
            "PYTHONPATH": str(PROJECT_DIR / "client"),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "practice_client", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_signed_dispatch_and_every_callback_refusal(live_odoo, git_host, deploy_world):
    world = deploy_world
    task_id = _approved_task(world)
    before = len(git_host.received)
    git_host.answer(200)
    _run_dispatch(world)
    status = _status(world, task_id)
    assert (status["state"], status["attempts"]) == ("dispatched", 1)
    sent = git_host.received[before:]
    assert len(sent) == 1
    got = sent[0]
    assert got["practice_ok"] and got["hub_ok"] and got["bearer_ok"]
    assert got["path"] == "/repos/acme/app/dispatches"
    payload = json.loads(got["body"])
    assert payload["event_type"] == "deploy"
    assert payload["client_payload"] == {
        "branch": "main",
        "commit_message": "feat(expense): multi-level approval",
        "task_id": task_id,
        "environment": "production",
        "image_tag": "1.0.0",
        "initiated_by": "E2E requester",
        "approved_by": "E2E approver",
        # issue 28: what the workflow needs to check out and report (no SHA or URL set here)
        "commit_sha": "",
        "repository": "main",
        "environment_url": "",
    }
    assert got["headers"]["X-Practice-Idempotency-Key"]

    good = {
        "task_id": task_id,
        "status": "deployed",
        "deployment_id": "dep-77",
        "previous_deployment_id": "dep-76",
        "health": {"http": 200},
        "message": "health check passed",
    }
    nonces = _nonces(world)

    def refused(expected, **kwargs):
        code, answer, _nonce = git_host.callback(live_odoo.url, kwargs.pop("payload", good), **kwargs)
        assert code == expected, answer
        assert answer["ok"] is False and answer["error"]
        after = _status(world, task_id)
        assert (after["state"], after["deployment_id"]) == ("dispatched", False)
        assert _nonces(world) == nonces
        return answer

    assert "does not match" in refused(403, secret="not-the-secret")["error"]
    assert "window" in refused(403, timestamp=int(time.time()) - 3600)["error"]
    refused(403, timestamp=int(time.time()) + 3600)
    assert "JSON" in refused(400, raw=b'{"task_id": ')["error"]
    refused(400, payload=dict(good, status="exploded"))
    assert "no deploy task" in refused(404, payload=dict(good, task_id=task_id + 100_000))["error"]

    code, answer, nonce = git_host.callback(live_odoo.url, good)
    assert (code, answer["state"]) == (200, "deployed"), answer
    status = _status(world, task_id)
    assert (status["state"], status["deployment_id"], status["previous_deployment_id"]) == (
        "deployed",
        "dep-77",
        "dep-76",
    )
    assert status["deployed_at"]
    nonces += 1
    assert _nonces(world) == nonces

    # the same signed request again: replayed nonce
    code, answer, _nonce = git_host.callback(live_odoo.url, good, nonce=nonce)
    assert code == 409 and "nonce" in answer["error"]
    # a fresh nonce, but the task is no longer dispatched: wrong state
    code, answer, _nonce = git_host.callback(live_odoo.url, dict(good, deployment_id="dep-78"))
    assert code == 409 and "deployed" in answer["error"]
    status = _status(world, task_id)
    assert (status["state"], status["deployment_id"]) == ("deployed", "dep-77")
    assert _nonces(world) == nonces

    # the guide's step 7, by the requester, through the CLI
    proc = _practice_cli(
        live_odoo, "deploy", "status", str(task_id), login=world["requester_login"], password=PASSWORD
    )
    assert proc.returncode == 0, proc.stderr
    assert "deployment_id: dep-77" in proc.stdout and "state_label: Deployed" in proc.stdout
    world["requester"].call("project.task", "action_deploy_verify", [task_id])
    assert _status(world, task_id)["state"] == "verified"

    # secrets: not in the server log, the chatter, the task or the answers
    messages = world["admin"].call(
        "mail.message", "search_read", [("model", "=", "project.task"), ("res_id", "=", task_id)], ["body"]
    )
    chatter = json.dumps(messages)
    for label in ("Ready for Review", "Approved", "Dispatched", "Deployed", "Verified"):
        assert f"Deploy: {label}." in chatter
    task_values = json.dumps(world["admin"].call("project.task", "read", [task_id]), default=str)
    log = live_odoo.log_path.read_text(errors="replace")
    for text in (chatter, task_values, log, json.dumps(_status(world, task_id))):
        assert SECRET not in text and BEARER not in text


def test_500_then_200_is_one_deployment_and_400_fails(live_odoo, git_host, deploy_world):
    world = deploy_world
    task_id = _approved_task(world, "Deploy retry 1.0.1")
    before = len(git_host.received)
    git_host.answer((500, "upstream broke"))
    _run_dispatch(world)
    status = _status(world, task_id)
    assert (status["state"], status["attempts"]) == ("approved", 1)
    assert "HTTP 500" in status["last_error"]
    git_host.answer(200)
    _run_dispatch(world)
    _run_dispatch(world)  # nothing due any more: no third POST
    status = _status(world, task_id)
    assert (status["state"], status["attempts"]) == ("dispatched", 2)
    sent = git_host.received[before:]
    assert len(sent) == 2
    assert all(item["practice_ok"] and item["hub_ok"] for item in sent)
    keys = {item["headers"]["X-Practice-Idempotency-Key"] for item in sent}
    assert len(keys) == 1

    failing = _approved_task(world, "Deploy bad ref 9.9.9")
    git_host.answer((400, '{"message": "No ref found for: nope"}'))
    _run_dispatch(world)
    status = _status(world, failing)
    assert (status["state"], status["attempts"]) == ("failed", 1)
    assert "No ref found" in status["last_error"]


def test_rollback_callback_and_access_refusals(live_odoo, git_host, deploy_world):
    world = deploy_world
    task_id = _approved_task(world, "Deploy rollback 2.0.0")
    git_host.answer(200)
    _run_dispatch(world)
    code, answer, _nonce = git_host.callback(
        live_odoo.url,
        {
            "task_id": task_id,
            "status": "rolled_back",
            "previous_deployment_id": "dep-1",
            "health": "HTTP 500",
        },
    )
    assert code == 200, answer
    status = _status(world, task_id)
    assert status["state"] == "rolled_back"
    activities = world["admin"].call(
        "mail.activity", "search_count", [("res_model", "=", "project.task"), ("res_id", "=", task_id)]
    )
    assert activities == 1
    if status["followup_task_id"]:  # practice_deploy alone: an incident follow-up task
        followup = world["admin"].call("project.task", "read", [status["followup_task_id"]], ["name"])[0]
        assert followup["name"].startswith("[INCIDENT]")
    else:  # practice_deploy_sop installed: a triage run linked to the task
        linked = world["admin"].call("project.task", "read", [task_id], ["deploy_sop_run_id"])[0]
        assert linked["deploy_sop_run_id"]

    other = _new_task(world, "Deploy own request 3.0.0")
    world["requester"].call("project.task", "action_deploy_ready", [other])
    # the requester is no approver: the CLI refuses with exit 3 and the server's reason
    proc = _practice_cli(
        live_odoo, "deploy", "approve", str(other), login=world["requester_login"], password=PASSWORD
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "Deploy Approver" in proc.stderr and "Traceback" not in proc.stderr
    # a direct write of the state is refused
    with pytest.raises(Exception, match="change only through"):
        world["requester"].call("project.task", "write", [other], {"deploy_state": "approved"})
    # the approver approves through the CLI
    proc = _practice_cli(
        live_odoo, "deploy", "approve", str(other), login=world["approver_login"], password=PASSWORD
    )
    assert proc.returncode == 0, proc.stderr
    assert "state_label: Approved" in proc.stdout
    assert _status(world, other)["state"] == "approved"
