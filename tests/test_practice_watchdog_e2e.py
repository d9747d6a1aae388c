"""End to end: the watchdog guard API over XML-RPC on a live Odoo server."""

import xmlrpc.client

import pytest

pytestmark = pytest.mark.integration


def test_agent_guard_take_and_compare_over_xmlrpc(live_odoo, admin_rpc):
    """An AI session snapshots partners, a bulk delete happens, compare flags it exactly."""
    agent = live_odoo.login("practice_ai", "practice_ai")
    ids = admin_rpc.call("res.partner", "create", [{"name": f"e2e partner {i}"} for i in range(150)])
    before = agent.call(
        "practice.watchdog.snapshot",
        "take",
        "before bulk archive",
        models=["res.partner"],
        session_id="e2e-1",
    )
    assert before["lines"] > 0 and before["id"] and before["taken_at"]
    assert before["models"] == ["res.partner"] and before["session_id"] == "e2e-1"
    admin_rpc.call("res.partner", "unlink", ids[:120])
    result = agent.call("practice.watchdog.snapshot", "compare", before["id"])
    assert result["ok"] is False
    flagged = {(f["model"], f["metric"]): f for f in result["flagged"]}
    count = flagged[("res.partner", "count")]
    assert count["delta"] == -120 and count["before"] - count["after"] == 120
    assert set(count) == {"model", "metric", "before", "after", "delta", "threshold"}
    # Comparing two stored snapshots gives the same answer and stores the diff.
    again = agent.call("practice.watchdog.snapshot", "compare", before["id"], result["after_id"])
    assert again["flagged"] == result["flagged"]
    diff = admin_rpc.call("practice.watchdog.diff", "read", [again["diff_id"]], ["ok", "flagged_count"])
    assert diff[0]["ok"] is False and diff[0]["flagged_count"] == len(result["flagged"])


def test_default_profile_snapshot_and_reader_refused(live_odoo, admin_rpc):
    info = admin_rpc.call("practice.watchdog.snapshot", "take", "e2e default")
    assert info["profile"] == "Default"
    result = admin_rpc.call("practice.watchdog.snapshot", "compare", info["id"])
    assert isinstance(result["lines"], list) and result["lines"]
    models = {line["model"] for line in result["lines"]}
    assert {"ir.attachment", "res.partner", "ir.module.module"} <= models
    reader = live_odoo.login("practice_reader", "practice_reader")
    with pytest.raises(xmlrpc.client.Fault):
        reader.call("practice.watchdog.snapshot", "take", "not allowed")


def test_bundle_alerts_section_over_xmlrpc(admin_rpc):
    open_alerts = admin_rpc.call(
        "practice.watchdog.alert", "search_count", [("state", "in", ["new", "acknowledged"])]
    )
    bundle = admin_rpc.call("practice.context", "bundle", fmt="json")
    # open high-severity alerts are pinned in "alerts_urgent" (55), the others in "alerts" (60)
    sections = {
        key: bundle["sections"][key] for key in ("alerts_urgent", "alerts") if key in bundle["sections"]
    }
    assert {key: section["priority"] for key, section in sections.items()} == {
        key: {"alerts_urgent": 55, "alerts": 60}[key] for key in sections
    }
    if open_alerts:
        assert (
            sum(section["total"] for section in sections.values()) == min(open_alerts, 20) or open_alerts > 20
        )
    else:
        # no noise: without an open alert the sections are not there at all
        assert sections == {}


def test_attachment_counts_exact_across_server_workers(live_odoo_workers):
    """Attachments written and deleted through other server processes (their row counters
    reach PostgreSQL's statistics seconds later): snapshots count them exactly, whether they
    recounted ir_attachment or took the cross-checked statistics."""
    rpc = live_odoo_workers.login("admin", "admin")
    Snapshot = "practice.watchdog.snapshot"

    def counts(info):
        lines = rpc.call(
            "practice.watchdog.snapshot.line",
            "search_read",
            [("snapshot_id", "=", info["id"]), ("metric", "in", ["count", "attachment_count"])],
            ["metric", "value"],
        )
        return {line["metric"]: line["value"] for line in lines}

    first = rpc.call(Snapshot, "take", "e2e first", models=["ir.attachment"])
    ids = rpc.call(
        "ir.attachment",
        "create",
        [{"name": f"e2e-{i}.txt", "raw": "eA==", "res_model": "res.partner", "res_id": 1} for i in range(40)],
    )
    rpc.call("ir.attachment", "unlink", ids[:15])
    after = rpc.call(Snapshot, "take", "e2e after", models=["ir.attachment"])
    again = rpc.call(Snapshot, "take", "e2e again", models=["ir.attachment"])
    base, later, last = counts(first), counts(after), counts(again)
    assert base["count"] == base["attachment_count"]
    assert later == last == {"count": base["count"] + 25, "attachment_count": base["count"] + 25}
    modes = rpc.call(Snapshot, "read", [first["id"], after["id"], again["id"]], ["attachments_recounted"])
    assert all(isinstance(m["attachments_recounted"], bool) for m in modes)
