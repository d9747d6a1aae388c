# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the fleet pull (no database): calls, classification, scrubbing."""

import xmlrpc.client
from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_watchdog_fleet.tools import fleet

NOW = datetime(2026, 1, 5, 10, 0, 0)
SECRET = "k3y-s3cr3t-0123456789"
TARGET = fleet.Target(7, "https://erp.example.com", "prod", "watch", SECRET)


class FakeServer:
    """Both XML-RPC services of a target; ``calls`` records (service, method, args)."""

    def __init__(self, uid=5, alerts=(), head=None, fail=None, refuse_uid=None):
        self.uid, self.alerts, self.head, self.fail, self.refuse_uid = (
            uid,
            list(alerts),
            head,
            fail,
            refuse_uid,
        )
        self.calls = []

    def proxy(self, url, service, timeout):
        server = self

        class Proxy:
            def authenticate(self, db, login, secret, env):
                server.calls.append((service, "authenticate", (db, login)))
                if server.fail:
                    raise server.fail
                return server.uid if secret == SECRET else False

            def execute_kw(self, db, uid, secret, model, method, args, kwargs):
                server.calls.append((service, method, (db, uid, model, args, kwargs)))
                if server.fail:
                    raise server.fail
                if uid == server.refuse_uid:
                    raise xmlrpc.client.Fault(3, "Access Denied")
                if method == "list_alerts":
                    return server.alerts
                return [server.head] if server.head else []

        return Proxy()


def _row(remote_id, severity="high", state="new"):
    return {
        "id": remote_id,
        "name": f"alert {remote_id}",
        "kind": "burst",
        "severity": severity,
        "state": state,
        "create_date": "2026-01-05 09:00:00",
        "summary": "25 res.partner deleted",
    }


@pytest.mark.integration
def test_pull_authenticates_then_lists_alerts_and_head():
    server = FakeServer(alerts=[_row(1), _row(2, "low")], head={"id": 9, "taken_at": "2026-01-05 09:30:00"})
    pulled = fleet.pull(TARGET, proxy=server.proxy)
    assert pulled.ok and pulled.uid == 5
    assert [a["remote_id"] for a in pulled.alerts] == [1, 2]
    assert pulled.heartbeat == datetime(2026, 1, 5, 9, 30)
    methods = [(service, method) for service, method, _args in server.calls]
    assert methods == [("common", "authenticate"), ("object", "list_alerts"), ("object", "search_read")]
    assert server.calls[1][2][4] == {"state": "open", "limit": fleet.MAX_ALERTS}


@pytest.mark.integration
def test_pull_with_a_known_uid_makes_two_calls_and_reauthenticates_a_stale_one():
    server = FakeServer(head={"id": 1, "taken_at": "2026-01-05 09:30:00"})
    pulled = fleet.pull(fleet.Target(7, TARGET.url, "prod", "watch", SECRET, uid=5), proxy=server.proxy)
    assert pulled.ok and len(server.calls) == 2
    stale = FakeServer(refuse_uid=4, head={"id": 1, "taken_at": "2026-01-05 09:30:00"})
    pulled = fleet.pull(fleet.Target(7, TARGET.url, "prod", "watch", SECRET, uid=4), proxy=stale.proxy)
    assert pulled.ok and pulled.uid == 5
    assert [m for _s, m, _a in stale.calls] == ["list_alerts", "authenticate", "list_alerts", "search_read"]


@pytest.mark.rules
def test_pull_refused_credentials_is_auth_error():
    wrong = fleet.Target(7, TARGET.url, "prod", "watch", "wrong-key")
    pulled = fleet.pull(wrong, proxy=FakeServer().proxy)
    assert (pulled.ok, pulled.error_kind, pulled.error) == (False, "auth", "authentication refused")


@pytest.mark.rules
@pytest.mark.parametrize(
    "error, kind",
    [
        (ConnectionRefusedError(111, "Connection refused"), "connection"),
        (TimeoutError("timed out"), "connection"),
        (xmlrpc.client.ProtocolError("erp/xmlrpc", 502, "Bad Gateway", {}), "connection"),
        (xmlrpc.client.Fault(2, "Object practice.watchdog.alert doesn't exist"), "remote"),
        (xmlrpc.client.Fault(3, "Access Denied"), "auth"),
        (ValueError("odd answer"), "remote"),
    ],
)
def test_pull_never_raises_and_classifies_errors(error, kind):
    pulled = fleet.pull(TARGET, proxy=FakeServer(fail=error).proxy)
    assert pulled.error_kind == kind and pulled.error
    assert fleet.classify(pulled, NOW, 3) == "unreachable"


@pytest.mark.security
def test_errors_are_scrubbed_of_secrets_and_bounded():
    fault = xmlrpc.client.Fault(
        1, f"Traceback (most recent call last):\n  File x\nValueError: bad key {SECRET} for https://u:pw@h/x"
    )
    pulled = fleet.pull(TARGET, proxy=FakeServer(fail=fault).proxy)
    assert SECRET not in pulled.error and "pw@" not in pulled.error and "Traceback" not in pulled.error
    assert pulled.error.startswith("remote error: ValueError: bad key ***")
    text = fleet.scrub(f"password={SECRET} api_key: 'abc123' " + "x" * 900, [SECRET])
    assert SECRET not in text and "abc123" not in text and len(text) <= fleet.MAX_ERROR
    assert SECRET not in repr(TARGET)


@pytest.mark.domain
def test_classify_states():
    fresh = fleet.Pulled(uid=1, heartbeat=NOW - timedelta(hours=1))
    assert fleet.classify(fresh, NOW, 3) == "ok"
    alerting = fleet.Pulled(uid=1, heartbeat=NOW, alerts=[fleet.normalize_alert(_row(1))])
    assert fleet.classify(alerting, NOW, 3) == "alert"
    assert fleet.classify(fleet.Pulled(uid=1, heartbeat=NOW - timedelta(hours=4)), NOW, 3) == "silent"
    assert fleet.classify(fleet.Pulled(uid=1), NOW, 3) == "silent"
    assert fleet.classify(fleet.Pulled(error_kind="connection", error="x"), NOW, 3) == "unreachable"


@pytest.mark.domain
def test_normalize_and_counts():
    rows = [
        _row(1),
        _row(2, "low"),
        _row(3, state="acknowledged"),
        {"id": "x"},
        "junk",
        _row(4, "odd", "odd"),
    ]
    alerts = [a for a in map(fleet.normalize_alert, rows) if a]
    assert [a["remote_id"] for a in alerts] == [1, 2, 3, 4]
    assert alerts[3]["severity"] == "low" and alerts[3]["state"] == "new"
    assert fleet.counts(alerts) == (2, 4)
    long = fleet.normalize_alert(dict(_row(5), name="n" * 999, summary=None))
    assert len(long["name"]) == fleet.MAX_NAME and long["summary"] == ""


@pytest.mark.domain
def test_upsert_plan():
    existing = {
        1: {"name": "alert 1", "state": "new", "severity": "high"},
        2: {"name": "alert 2", "state": "new", "severity": "high"},
        3: {"name": "old", "state": "resolved", "severity": "high"},
    }
    pulled = [
        {"remote_id": 1, "name": "alert 1", "state": "acknowledged", "severity": "high"},
        {"remote_id": 4, "name": "alert 4", "state": "new", "severity": "low"},
    ]
    create, update, close = fleet.upsert_plan(existing, pulled)
    assert [c["remote_id"] for c in create] == [4]
    assert update == {1: {"state": "acknowledged"}}
    assert close == [2]


@pytest.mark.rules
@pytest.mark.parametrize("url", ["ftp://x", "https://user:pw@host", "host:8069", "", "https://h x"])
def test_check_url_refuses(url):
    with pytest.raises(ValueError):
        fleet.check_url(url)
    assert fleet.check_url("https://erp.example.com/") == "https://erp.example.com"


@pytest.mark.integration
def test_pull_many_keys_answers_by_target():
    server = FakeServer(head={"id": 1, "taken_at": "2026-01-05 09:30:00"})
    targets = [fleet.Target(i, TARGET.url, f"db{i}", "watch", SECRET) for i in range(1, 6)]
    answers = fleet.pull_many(targets, workers=3, proxy=server.proxy)
    assert sorted(answers) == [1, 2, 3, 4, 5] and all(a.ok for a in answers.values())
    assert fleet.endpoint("http://h:8069/", "object") == "http://h:8069/xmlrpc/2/object"
    assert isinstance(
        fleet.make_proxy("https://h", "common")._ServerProxy__transport, fleet.TimeoutSafeTransport
    )
