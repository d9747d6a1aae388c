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
    bundle = admin_rpc.call("practice.context", "bundle", fmt="json")
    assert bundle["sections"]["alerts"]["priority"] == 60
