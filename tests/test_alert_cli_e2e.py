"""End to end (issue 31 items 5 and 6): on a live server with a cron thread, a burst of ORM deletes
wakes the burst cron at once (the alert exists within seconds, not at the cron's next minute);
`practice alert list` shows it, it is acknowledged and resolved through the CLI and through the
MCP server (the SDK's stdio client), and the burst cron, run again, raises nothing new."""

import json
import sys
import time
import uuid

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from test_client_e2e import CLIENT_DIR, _env, practice

from live import LiveOdoo

pytestmark = pytest.mark.integration

ALERT = "practice.watchdog.alert"
THRESHOLD = 20
# well under the cron's minute: the ORM delete wakes the cron itself (a loaded machine included)
WAKE_LIMIT = 30.0


@pytest.fixture(scope="module")
def cron_odoo():
    """A threaded server with one cron thread: Odoo's cron runner, woken by NOTIFY."""
    server = LiveOdoo(workers=0, extra_args=["--max-cron-threads=1"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin(cron_odoo):
    return cron_odoo.login("admin", "admin")


@pytest.fixture(scope="module")
def profile(admin):
    """A profile watching categories and industries (20 deletes in 5 minutes: a burst)."""
    tag = uuid.uuid4().hex[:6]

    def line(model):
        (model_id,) = admin.call("ir.model", "search", [("model", "=", model)])
        return (
            0,
            0,
            {"model_id": model_id, "counting": "orm", "burst_deletes": THRESHOLD, "burst_window": 5},
        )

    profile_id = admin.call(
        "practice.watchdog.profile",
        "create",
        {
            "name": f"e2e alert lifecycle {tag}",
            "watch_attachments": False,
            "auto_snapshot": False,
            "watcher_ids": [(6, 0, [admin.uid])],
            "model_ids": [line("res.partner.category"), line("res.partner.industry")],
        },
    )
    yield profile_id
    admin.call("practice.watchdog.profile", "unlink", [profile_id])


def burst(admin, model, count=THRESHOLD + 5):
    """Delete ``count`` new records of ``model`` through the ORM; the seconds until its burst
    alert exists, and the alert."""
    ids = admin.call(model, "create", [{"name": f"e2e burst {model} {i}"} for i in range(count)])
    admin.call(model, "unlink", ids)
    committed = time.monotonic()
    deadline = committed + 90
    while time.monotonic() < deadline:
        found = [a for a in admin.call(ALERT, "list_alerts", state="new") if a["model"] == model]
        if found:
            return time.monotonic() - committed, found[0]
        time.sleep(0.25)
    raise AssertionError(f"no burst alert for {model} within 90 s")


def burst_alerts(admin, model):
    return admin.call(ALERT, "search", [("kind", "=", "burst"), ("model_name", "=", model)])


def rerun_burst_cron(admin):
    """Run the burst cron now (as the backend's "Run Manually"), retrying while the cron
    thread holds it."""
    (cron_id,) = [
        row["res_id"]
        for row in admin.call(
            "ir.model.data",
            "search_read",
            [("module", "=", "practice_watchdog"), ("name", "=", "ir_cron_watchdog_bursts")],
            ["res_id"],
        )
    ]
    for _attempt in range(20):
        try:
            return admin.call("ir.cron", "method_direct_trigger", [cron_id])
        except Exception:  # the cron thread is running it: try again
            time.sleep(0.5)
    raise AssertionError("the burst cron stayed locked")


def test_burst_listed_acked_and_resolved_through_the_cli(cron_odoo, admin, profile):
    model = "res.partner.category"
    latency, alert = burst(admin, model)
    print(f"ORM burst → alert in {latency:.1f} s")
    assert latency < WAKE_LIMIT, f"the ORM delete did not wake the burst cron ({latency:.1f} s)"
    assert (alert["kind"], alert["severity"], alert["deletes"]) == ("burst", "high", THRESHOLD + 5)
    agent = {"login": "practice_ai", "secret": "practice_ai"}

    listed = practice(cron_odoo, "alert", "list", **agent)
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith(f"{alert['id']}\t"))
    assert row.split("\t")[1:5] == ["high", "new", "burst", model]
    as_json = json.loads(practice(cron_odoo, "alert", "list", "--json", **agent).stdout)
    assert alert["id"] in [a["id"] for a in as_json]

    acked = practice(cron_odoo, "alert", "ack", str(alert["id"]), "--note", "agent on it", **agent)
    assert acked.returncode == 0, acked.stderr
    assert acked.stdout.startswith(f"alert {alert['id']} acknowledged by practice_ai")
    # an AI session never resolves: refused, exit 3, the server's one line
    refused = practice(cron_odoo, "alert", "resolve", str(alert["id"]), "--note", "done", **agent)
    assert refused.returncode == 3 and "Manager" in refused.stderr and "Traceback" not in refused.stderr
    resolved = practice(
        cron_odoo, "--json", "alert", "resolve", str(alert["id"]), "--note", "expected cleanup"
    )
    assert resolved.returncode == 0, resolved.stderr
    answer = json.loads(resolved.stdout)
    assert (answer["state"], answer["acknowledged_by"], answer["resolution"]) == (
        "resolved",
        "practice_ai",
        "expected cleanup",
    )
    gone = practice(cron_odoo, "alert", "list", "--state", "open", **agent)
    assert not any(line.startswith(f"{alert['id']}\t") for line in gone.stdout.splitlines())

    # the same counted deletes never raise an alert again
    rerun_burst_cron(admin)
    assert burst_alerts(admin, model) == [alert["id"]]


def test_burst_acked_and_resolved_through_the_mcp_server(cron_odoo, admin, profile):
    model = "res.partner.industry"
    latency, alert = burst(admin, model)
    print(f"ORM burst → alert in {latency:.1f} s")
    assert latency < WAKE_LIMIT
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "practice_client.mcp_server"],
        env=_env(cron_odoo),
        cwd=str(CLIENT_DIR),
    )

    async def scenario():
        async with Client(params) as client:
            listed = await client.call_tool("alert_list", {"severity": "high"})
            acked = await client.call_tool("alert_ack", {"alert_id": alert["id"], "note": "mcp on it"})
            again = await client.call_tool("alert_ack", {"alert_id": alert["id"]})
            resolved = await client.call_tool("alert_resolve", {"alert_id": alert["id"], "note": "mcp fixed"})
            return listed, acked, again, resolved

    listed, acked, again, resolved = anyio.run(scenario)
    assert f'"id": {alert["id"]}' in " ".join(c.text for c in listed.content) or alert["id"] in [
        a["id"] for a in (listed.structured_content or {}).get("result", [])
    ]
    assert acked.structured_content["state"] == "acknowledged"
    assert again.is_error and "only new alerts" in again.content[0].text
    assert (resolved.structured_content["state"], resolved.structured_content["resolution"]) == (
        "resolved",
        "mcp fixed",
    )
    rerun_burst_cron(admin)
    assert burst_alerts(admin, model) == [alert["id"]]
