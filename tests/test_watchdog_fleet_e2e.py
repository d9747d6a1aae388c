"""End to end (issue 31 item 4): the fleet pull. A live server (the watched database) raises a
burst alert; a second live server (the practice server) pulls it on a Manager's *Pull now*;
then the practice server is this test's own registry, which pulls the live server
over XML-RPC in-process: the mirror holds the alert; resolved on the live server, the next
pull drops it from open; the server stopped, the target is unreachable and one local alert
is raised. Nothing is committed on the practice side (its cursor is rolled back)."""

import os
import uuid

import pytest

from live import LiveOdoo

pytestmark = pytest.mark.integration

ALERT = "practice.watchdog.alert"
THRESHOLD = 20


@pytest.fixture(scope="module")
def watched():
    server = LiveOdoo(workers=0)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote_alert(watched):
    """A burst alert on the watched server: 25 ORM deletes of tags, the burst cron run."""
    admin = watched.login("admin", "admin")
    (model_id,) = admin.call("ir.model", "search", [("model", "=", "res.partner.category")])
    profile_id = admin.call(
        "practice.watchdog.profile",
        "create",
        {
            "name": f"e2e fleet {uuid.uuid4().hex[:6]}",
            "watch_attachments": False,
            "auto_snapshot": False,
            "watcher_ids": [(6, 0, [admin.uid])],
            "model_ids": [
                (
                    0,
                    0,
                    {"model_id": model_id, "counting": "orm", "burst_deletes": THRESHOLD, "burst_window": 5},
                )
            ],
        },
    )
    ids = admin.call(
        "res.partner.category", "create", [{"name": f"e2e fleet {i}"} for i in range(THRESHOLD + 5)]
    )
    admin.call("res.partner.category", "unlink", ids)
    (cron_id,) = [
        row["res_id"]
        for row in admin.call(
            "ir.model.data",
            "search_read",
            [("module", "=", "practice_watchdog"), ("name", "=", "ir_cron_watchdog_bursts")],
            ["res_id"],
        )
    ]
    admin.call("ir.cron", "method_direct_trigger", [cron_id])
    found = [a for a in admin.call(ALERT, "list_alerts", state="new") if a["model"] == "res.partner.category"]
    assert found, "no burst alert raised on the watched server"
    admin.call("practice.watchdog.snapshot", "take", "e2e fleet heartbeat")  # a fresh heartbeat
    yield admin, found[0]
    if watched.proc.poll() is None:  # the test stops the server
        admin.call("practice.watchdog.profile", "unlink", [profile_id])


@pytest.fixture
def practice_env():
    """The practice server: this test's registry, rolled back at the end."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(os.environ["PRACTICE_TEST_DB"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            yield env
        finally:
            cr.rollback()


def test_two_servers_the_practice_server_pulls_the_watched_one(watched, remote_alert):
    """Two live servers over the wire: a Manager's *Pull now* on the practice server makes
    it call the watched server's XML-RPC; the mirror and the target's state are read back
    from the practice server, the API key never."""
    admin, alert = remote_alert
    practice = LiveOdoo(workers=0)
    try:
        manager = practice.login("admin", "admin")
        target_id = manager.call(
            "practice.watchdog.target",
            "create",
            {
                "name": "e2e two servers",
                "url": watched.url,
                "db": watched.db,
                "login": "admin",
                "api_key": "admin",
                "environment": "staging",
            },
        )
        try:
            assert manager.call("practice.watchdog.target", "action_pull_now", [target_id]) is True
            (row,) = manager.call(
                "practice.watchdog.target",
                "read",
                [target_id],
                ["state", "open_high_count", "last_error", "last_heartbeat"],
            )
            assert (row["state"], row["last_error"]) == ("alert", False), row
            assert row["open_high_count"] >= 1 and row["last_heartbeat"]
            mirrored = manager.call(
                "practice.watchdog.target.alert",
                "search_read",
                [("target_id", "=", target_id), ("remote_id", "=", alert["id"])],
                ["name", "severity", "state"],
            )
            assert [(m["name"], m["severity"], m["state"]) for m in mirrored] == [
                (alert["name"], "high", "new")
            ]
            assert "admin" not in repr(
                manager.call("practice.watchdog.target", "read", [target_id], ["url", "db"])
            )
        finally:
            manager.call("practice.watchdog.target", "unlink", [target_id])
    finally:
        practice.stop()


def test_fleet_pull_mirrors_follows_and_flags_unreachable(watched, remote_alert, practice_env):
    admin, alert = remote_alert
    env = practice_env
    target = env["practice.watchdog.target"].create(
        {
            "name": "e2e watched",
            "url": watched.url,
            "db": watched.db,
            "login": "admin",
            "api_key": "admin",
            "environment": "staging",
        }
    )
    target._pull()
    assert target.state == "alert", target.last_error
    assert not target.last_error and target.remote_uid == admin.uid and target.last_heartbeat
    mirror = target.alert_ids.filtered(lambda a: a.remote_id == alert["id"])
    assert (mirror.name, mirror.severity, mirror.state, mirror.kind) == (
        alert["name"],
        "high",
        "new",
        "burst",
    )
    assert target.open_high_count >= 1
    mirrored, _local = env["practice.watchdog.target"]._open_high_alerts("staging")
    assert mirror in mirrored

    # resolved where it was raised: the mirror follows at the next pull
    admin.call(ALERT, "resolve", alert["id"], note="e2e fleet: handled on the watched server")
    target._lock_for_pull()._pull()
    assert mirror.state == "resolved"
    assert mirror not in env["practice.watchdog.target"]._open_high_alerts("staging")[0]
    assert not env[ALERT].search([("fleet_target_id", "=", target.id)])

    # the watched server stops: unreachable, one local alert, however many pulls
    watched.stop()
    target._pull()
    target._pull()
    assert target.state == "unreachable"
    assert target.last_error and "admin" not in target.last_error.split("://")[0]
    local = env[ALERT].search([("fleet_target_id", "=", target.id)])
    assert len(local) == 1 and (local.kind, local.severity, local.state) == ("fleet", "high", "new")
    assert env["practice.watchdog.target"]._open_high_alerts("staging")[1] == local
