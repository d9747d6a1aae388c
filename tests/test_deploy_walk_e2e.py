"""The deploy and incident flow of issue 28, walked end to end on a real Odoo server as a lead,
an approver and an on-call engineer would.

It reuses the fake git host of test_deploy_e2e.py (a local HTTP server checking every
signature) as the dispatch endpoint *and* as the notification webhook, and its ``deploy_world``
(settings, project, requester, approver); then turns on what that module keeps off: the eval
gates, the staging requirement, a one-minute callback timeout, an on-call user and a
notification list. Everything changed is put back when the module ends (the server is shared by
the run).

* a staging deploy: ready → gate "Tests green" missing → JUnit pushed with the CLI → approved →
  dispatched → deployed → verified;
* the production deploy of that commit: gates name the one missing check (the vulnerability
  scan) and ``practice deploy approve`` refuses naming it → ``practice check push`` → approved →
  dispatched → no callback for a minute → No Answer, an activity for the approver, the signed
  webhook → re-dispatched by the approver with a new idempotency key;
* a production rollback: a critical triage run owned by the on-call user, linked both ways
  (smart buttons), the rolled-back message delivered to the notification list's partner and
  the signed webhook received.
"""

import json
import time
import uuid

import pytest
from test_deploy_e2e import PASSWORD, SECRET, _practice_cli, _run_dispatch, _sign, deploy_world, git_host

pytestmark = pytest.mark.integration

__all__ = ["deploy_world", "git_host"]  # module-scoped fixtures of test_deploy_e2e.py, used here

JUNIT = (
    '<testsuite name="walk" timestamp="2026-03-01T10:00:00" time="1.0">'
    '<testcase classname="tests.walk" name="test_one" time="0.1"/>'
    '<testcase classname="tests.walk" name="test_two" time="0.1"/>'
    "</testsuite>"
)
COVERAGE = '<coverage line-rate="0.82" lines-valid="100" lines-covered="82"/>'
LINT = '{"exit_code": 0, "errors": 0, "warnings": 1, "tool": "ruff"}'
AUDIT = json.dumps({"dependencies": [{"name": "click", "version": "8.1.7", "vulns": []}]})
NO_ANSWER_WAIT = 62  # the callback timeout is one minute; the cutoff compares to the dispatch time


def _sha():
    return uuid.uuid4().hex + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def walk(live_odoo, git_host, deploy_world, tmp_path_factory):
    """deploy_world with the gates on, a repository, an on-call user, a notified partner and the
    webhook pointing at the fake host; the previous parameters are restored at the end."""
    world = dict(deploy_world)
    admin = world["admin"]
    suffix = uuid.uuid4().hex[:6]
    repo_name = f"walk-{suffix}"
    world["repo"] = admin.call("practice.repo", "create", {"name": repo_name})
    world["repo_name"] = repo_name
    oncall_login = f"e2e_walk_oncall_{suffix}"
    world["oncall"] = admin.call(
        "res.users", "create", {"name": "E2E on-call", "login": oncall_login, "password": PASSWORD}
    )
    world["partner"] = admin.call(
        "res.partner",
        "create",
        {"name": f"E2E release manager {suffix}", "email": f"rm-{suffix}@example.com"},
    )
    base = git_host.url.split("/repos/")[0]
    params = {
        "practice_deploy.gate_eval": "1",
        "practice_deploy.require_staging": "1",
        "practice_deploy.callback_minutes": "1",
        "practice_deploy.oncall_user_id": str(world["oncall"]),
        "practice_deploy.notify_partner_ids": str(world["partner"]),
        "practice_deploy.webhook_url": f"{base}/hooks/deploy",
    }
    previous = {key: admin.call("ir.config_parameter", "get_param", key) for key in params}
    for key, value in params.items():
        admin.call("ir.config_parameter", "set_param", key, value)
    world["tmp"] = tmp_path_factory.mktemp("walk")
    yield world
    for key, value in previous.items():
        admin.call("ir.config_parameter", "set_param", key, value)


def _cli(live_odoo, world, *args, login=None):
    return _practice_cli(live_odoo, *args, login=login or "admin", password=PASSWORD if login else "admin")


def _task(world, name, sha, environment):
    return world["requester"].call(
        "project.task",
        "create",
        {
            "name": name,
            "project_id": world["project"],
            "is_deploy": True,
            "deploy_repo_id": world["repo"],
            "deploy_branch": "main",
            "deploy_commit_message": "feat(expense): multi-level approval",
            "deploy_commit_sha": sha,
            "deploy_environment": environment,
            "deploy_image_tag": "1.0.0",
        },
    )


def _status(world, task_id):
    return world["admin"].call("project.task", "deploy_status", task_id)


def _failing(world, task_id):
    return {gate["name"]: gate["detail"] for gate in _status(world, task_id)["gates"] if not gate["ok"]}


def _push(live_odoo, world, kind, content, sha):
    path = world["tmp"] / f"{kind}-{sha[:8]}.txt"
    path.write_text(content)
    if kind == "junit":
        args = ("eval", "push", str(path), "--commit", sha, "--branch", "main", "--repo", world["repo_name"])
    else:
        args = ("check", "push", "--kind", kind, str(path), "--commit", sha, "--repo", world["repo_name"])
    proc = _cli(live_odoo, world, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _callback(live_odoo, git_host, task_id, status, **extra):
    payload = {
        "task_id": task_id,
        "status": status,
        "deployment_id": f"dep-{uuid.uuid4().hex[:6]}" if status == "deployed" else "",
        "previous_deployment_id": "dep-1",
        "health": {"http": 200 if status == "deployed" else 500},
        "message": extra.pop("message", "ok"),
    }
    code, answer, _nonce = git_host.callback(live_odoo.url, payload)
    assert code == 200, answer
    return answer


def _webhooks(git_host, since, task_id):
    """Webhook POSTs received since index ``since`` about task ``task_id``; each signature is
    checked as a receiver would (HMAC over timestamp.nonce.body)."""
    found = []
    for item in git_host.received[since:]:
        if item["path"] != "/hooks/deploy":
            continue
        headers = item["headers"]
        expected = _sign(SECRET, headers["X-Practice-Timestamp"], headers["X-Practice-Nonce"], item["body"])
        assert item["practice_ok"] and expected == headers["X-Practice-Signature-256"]
        text = json.loads(item["body"])["text"]
        if f"task {task_id}," in text:
            found.append(text)
    return found


def _verified_staging(live_odoo, git_host, world, sha):
    """A staging deploy of ``sha`` walked to Verified: the one missing check named, the JUnit
    pushed with the CLI, approved, dispatched, deployed, verified."""
    task_id = _task(world, f"Deploy walk staging {sha[:7]}", sha, "staging")
    world["requester"].call("project.task", "action_deploy_ready", [task_id])
    assert _failing(world, task_id) == {f"Tests green on {sha[:12]}": "missing: no test run of this commit"}
    _push(live_odoo, world, "junit", JUNIT, sha)
    assert _failing(world, task_id) == {}
    world["approver"].call("project.task", "action_deploy_approve", [task_id])
    _run_dispatch(world)
    assert _status(world, task_id)["state"] == "dispatched"
    _callback(live_odoo, git_host, task_id, "deployed")
    world["requester"].call("project.task", "action_deploy_verify", [task_id])
    assert _status(world, task_id)["state"] == "verified"
    return task_id


def _green_production(live_odoo, git_host, world, sha, name):
    """A production task of ``sha`` whose every gate passes (staging verified, checks pushed)."""
    _verified_staging(live_odoo, git_host, world, sha)
    for kind, content in (("coverage", COVERAGE), ("lint", LINT), ("audit", AUDIT)):
        _push(live_odoo, world, kind, content, sha)
    task_id = _task(world, name, sha, "production")
    world["requester"].call("project.task", "action_deploy_ready", [task_id])
    assert _failing(world, task_id) == {}
    return task_id


def test_walk_staging_then_production_gates_checks_dispatch_no_answer_redispatch(live_odoo, git_host, walk):
    world = walk
    sha = _sha()
    short = sha[:12]
    # production first: nothing on staging yet, no check of the commit
    production = _task(world, "Deploy walk production", sha, "production")
    world["requester"].call("project.task", "action_deploy_ready", [production])
    failing = _failing(world, production)
    assert failing["Verified on staging"] == f"no verified staging deploy of commit {short}"
    assert failing[f"Coverage ≥ 75 % on {short}"] == "missing: no coverage check of this commit"

    staging = _verified_staging(live_odoo, git_host, world, sha)
    _push(live_odoo, world, "coverage", COVERAGE, sha)
    out = _push(live_odoo, world, "lint", LINT, sha)
    assert "lint PASS" in out
    failing = _failing(world, production)
    # one missing check, named
    assert failing == {
        f"At most 0 high/critical vulnerabilities on {short}": "missing: no vulnerability scan of this commit"
    }
    gates = {gate["name"]: gate for gate in _status(world, production)["gates"]}
    assert gates["Verified on staging"]["ok"] and f"task {staging}" in gates["Verified on staging"]["detail"]
    proc = _cli(live_odoo, world, "deploy", "approve", str(production), login=world["approver_login"])
    assert proc.returncode == 3, proc.stdout + proc.stderr
    # the approver is no practice Reader: the gate's name, not the check details
    assert f"At most 0 high/critical vulnerabilities on {short}" in proc.stderr
    assert "Traceback" not in proc.stderr

    _push(live_odoo, world, "audit", AUDIT, sha)
    assert _failing(world, production) == {}
    since = len(git_host.received)
    proc = _cli(live_odoo, world, "deploy", "approve", str(production), login=world["approver_login"])
    assert proc.returncode == 0, proc.stderr
    assert _webhooks(git_host, since, production) and "Approved" in _webhooks(git_host, since, production)[0]
    _run_dispatch(world)
    status = _status(world, production)
    assert status["state"] == "dispatched"
    dispatches = [
        item
        for item in git_host.received[since:]
        if item["path"].endswith("/dispatches")
        and json.loads(item["body"])["client_payload"]["task_id"] == production
    ]
    assert len(dispatches) == 1 and dispatches[0]["practice_ok"] and dispatches[0]["hub_ok"]
    payload = json.loads(dispatches[0]["body"])["client_payload"]
    assert (payload["commit_sha"], payload["repository"]) == (sha, world["repo_name"])
    first_key = dispatches[0]["headers"]["X-Practice-Idempotency-Key"]

    # no callback: after the one-minute timeout the cron flags it
    time.sleep(NO_ANSWER_WAIT)
    since = len(git_host.received)
    cron = world["admin"].call(
        "ir.model.data",
        "search_read",
        [("module", "=", "practice_deploy"), ("name", "=", "ir_cron_deploy_no_answer")],
        ["res_id"],
    )[0]["res_id"]
    world["admin"].call("ir.cron", "method_direct_trigger", [cron])
    status = _status(world, production)
    assert status["state"] == "no_answer"
    activities = world["admin"].call(
        "mail.activity",
        "search_read",
        [("res_model", "=", "project.task"), ("res_id", "=", production)],
        ["summary", "user_id"],
    )
    approver_uid = world["approver"].uid
    assert [a["user_id"][0] for a in activities if "no answer" in a["summary"]] == [approver_uid]
    assert any("No Answer" in text for text in _webhooks(git_host, since, production))
    # the requester may not re-dispatch; the approver does, with a new idempotency key
    proc = _cli(live_odoo, world, "deploy", "redispatch", str(production), login=world["requester_login"])
    assert proc.returncode == 3, proc.stdout + proc.stderr
    proc = _cli(live_odoo, world, "deploy", "redispatch", str(production), login=world["approver_login"])
    assert proc.returncode == 0, proc.stderr
    _run_dispatch(world)
    assert _status(world, production)["state"] == "dispatched"
    again = [item for item in git_host.received[since:] if item["path"].endswith("/dispatches")]
    assert len(again) == 1 and again[0]["headers"]["X-Practice-Idempotency-Key"] != first_key


def test_walk_production_rollback_pages_oncall_and_the_notification_list(live_odoo, git_host, walk):
    world = walk
    admin = world["admin"]
    task_id = _green_production(live_odoo, git_host, world, _sha(), "Deploy walk rollback")
    world["approver"].call("project.task", "action_deploy_approve", [task_id])
    _run_dispatch(world)
    assert _status(world, task_id)["state"] == "dispatched"
    since = len(git_host.received)
    _callback(live_odoo, git_host, task_id, "rolled_back", message="production down")
    status = _status(world, task_id)
    assert status["state"] == "rolled_back"

    # the incident: a critical triage run owned by on-call, linked both ways
    run_id = admin.call("project.task", "read", [task_id], ["deploy_sop_run_id"])[0]["deploy_sop_run_id"][0]
    run = admin.call(
        "practice.sop.run",
        "read",
        [run_id],
        ["severity", "user_id", "deploy_task_id", "origin", "sla_minutes"],
    )[0]
    assert run["severity"] == "critical"
    assert run["user_id"][0] == world["oncall"]
    assert run["deploy_task_id"][0] == task_id
    assert run["origin"] == "deploy" and run["sla_minutes"]
    to_runs = admin.call("project.task", "action_deploy_view_triage_runs", [task_id])
    assert (to_runs["res_model"], to_runs["res_id"]) == ("practice.sop.run", run_id)
    to_task = admin.call("practice.sop.run", "action_deploy_view_task", [run_id])
    assert (to_task["res_model"], to_task["res_id"]) == ("project.task", task_id)
    activities = admin.call(
        "mail.activity",
        "search_read",
        [("res_model", "=", "project.task"), ("res_id", "=", task_id)],
        ["user_id"],
    )
    assert [a["user_id"][0] for a in activities] == [world["oncall"]]

    # notifications: the listed partner (no follower) gets the rolled-back message with its subtype
    subtype = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "practice_deploy"), ("name", "=", "mt_deploy_rolled_back")],
        ["res_id"],
    )[0]["res_id"]
    notified = admin.call(
        "mail.notification",
        "search_read",
        [
            ("res_partner_id", "=", world["partner"]),
            ("mail_message_id.res_id", "=", task_id),
            ("mail_message_id.model", "=", "project.task"),
            ("mail_message_id.subtype_id", "=", subtype),
        ],
        ["notification_type"],
    )
    assert len(notified) == 1 and notified[0]["notification_type"] == "email"
    # and the signed webhook, received by the local receiver
    texts = _webhooks(git_host, since, task_id)
    assert len(texts) == 1 and "Rolled Back" in texts[0] and "production" in texts[0]
