# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of signing, payloads, backoff and the state machine (no database)."""

import hashlib
import hmac
import json
from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_deploy.tools import dispatch, signing, states

SECRET = "s3cret-key"
NOW = 1_800_000_000
NONCE = "n" * 20
BODY = b'{"a": 1}'

PAYLOAD = {
    "branch": "main",
    "commit_message": "feat: x",
    "task_id": 7,
    "environment": "production",
    "image_tag": "1.0.0",
    "initiated_by": "Ann",
    "approved_by": "Bob",
    "commit_sha": "3f2c1ab",
    "repository": "practice-stack",
    "environment_url": "https://erp.example.com",
}


@pytest.mark.security
def test_signatures_match_an_independent_hmac():
    headers = signing.signed_headers(SECRET, BODY, NOW, NONCE, bearer="tok", idempotency_key="k1")
    expected = hmac.new(SECRET.encode(), f"{NOW}.{NONCE}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert headers["X-Practice-Signature-256"] == "sha256=" + expected
    assert (
        headers["X-Hub-Signature-256"]
        == "sha256=" + hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    )
    assert headers["X-Practice-Timestamp"] == str(NOW)
    assert headers["X-Practice-Nonce"] == NONCE
    assert headers["Authorization"] == "Bearer tok"
    assert headers["X-Practice-Idempotency-Key"] == "k1"
    assert SECRET not in json.dumps({k: v for k, v in headers.items() if k != "Authorization"})
    assert "Authorization" not in signing.signed_headers(SECRET, BODY, NOW, NONCE)


@pytest.mark.security
def test_verify_accepts_a_signed_message_in_the_window():
    headers = signing.signed_headers(SECRET, BODY, NOW, NONCE)
    assert signing.verify(SECRET, headers, BODY, NOW + 299) == (str(NOW), NONCE)
    lower = {key.lower(): value for key, value in headers.items()}
    assert signing.verify(SECRET, lower, BODY, NOW - 299) == (str(NOW), NONCE)


@pytest.mark.security
@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda h, b: (h, b + b" "), "Signature-256 does not match"),
        (lambda h, b: (dict(h, **{"X-Practice-Nonce": "m" * 20}), b), "X-Practice-Signature-256"),
        (lambda h, b: (dict(h, **{"X-Practice-Timestamp": str(NOW + 1)}), b), "X-Practice-Signature-256"),
        (lambda h, b: (dict(h, **{"X-Practice-Signature-256": "sha256=00"}), b), "X-Practice-Signature-256"),
        (lambda h, b: (dict(h, **{"X-Hub-Signature-256": "sha256=00"}), b), "X-Hub-Signature-256"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "X-Practice-Nonce"}, b), "X-Practice-Nonce"),
        (lambda h, b: (dict(h, **{"X-Practice-Nonce": "short"}), b), "X-Practice-Nonce"),
        (lambda h, b: (dict(h, **{"X-Practice-Timestamp": "soon"}), b), "X-Practice-Timestamp"),
    ],
)
def test_verify_refuses_tampering(change, reason):
    headers, body = change(signing.signed_headers(SECRET, BODY, NOW, NONCE), BODY)
    with pytest.raises(signing.SignatureError, match=reason) as err:
        signing.verify(SECRET, headers, body, NOW)
    assert err.value.status == 403
    assert SECRET not in str(err.value)


@pytest.mark.security
def test_verify_refuses_stale_and_future_timestamps_and_a_wrong_secret():
    headers = signing.signed_headers(SECRET, BODY, NOW, NONCE)
    for now in (NOW + 301, NOW - 301):
        with pytest.raises(signing.SignatureError, match="window 300s"):
            signing.verify(SECRET, headers, BODY, now)
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify("other", headers, BODY, NOW)
    with pytest.raises(signing.SignatureError, match="no shared secret"):
        signing.verify("", headers, BODY, NOW)
    no_hub = {k: v for k, v in headers.items() if k != "X-Hub-Signature-256"}
    assert signing.verify(SECRET, no_hub, BODY, NOW)
    with pytest.raises(signing.SignatureError, match="X-Hub"):
        signing.verify(SECRET, no_hub, BODY, NOW, require_hub=True)


@pytest.mark.domain
def test_dispatch_body_has_the_repository_dispatch_shape():
    body = dispatch.dispatch_body(dict(PAYLOAD, extra="dropped"))
    assert json.loads(body) == {"event_type": "deploy", "client_payload": PAYLOAD}
    with pytest.raises(ValueError, match="image_tag"):
        dispatch.dispatch_body({k: v for k, v in PAYLOAD.items() if k != "image_tag"})
    with pytest.raises(ValueError, match="commit_sha"):
        dispatch.dispatch_body({k: v for k, v in PAYLOAD.items() if k != "commit_sha"})


@pytest.mark.rules
def test_commit_sha_is_7_to_40_lowercase_hex_digits():
    assert dispatch.valid_commit_sha("3f2c1ab")
    assert dispatch.valid_commit_sha("a" * 40)
    for bad in ("3f2c1a", "a" * 41, "3F2C1AB", "3f2c1ag", "", None, 1234567):
        assert not dispatch.valid_commit_sha(bad)


@pytest.mark.rules
@pytest.mark.parametrize(
    "body, status, message",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe", 400, "not valid JSON"),
        (b"[1]", 400, "JSON object"),
        (b'{"task_id": "x", "status": "deployed"}', 400, "task_id"),
        (b'{"task_id": true, "status": "deployed"}', 400, "task_id"),
        (b'{"task_id": 3, "status": "exploded"}', 400, "status"),
        (b'{"task_id": 3, "status": "deployed"}', 400, "deployment_id is required"),
        (b'{"task_id": 3, "status": "deployed", "deployment_id": {"a": 1}}', 400, "must be a string"),
        (b'{"task_id": 3, "status": "rolled_back", "message": "' + b"x" * 2001 + b'"}', 400, "longer"),
        (b" " * (dispatch.MAX_CALLBACK_BYTES + 1), 413, "larger"),
    ],
)
def test_parse_callback_refuses_malformed_bodies(body, status, message):
    with pytest.raises(dispatch.CallbackError, match=message) as err:
        dispatch.parse_callback(body)
    assert err.value.status == status


@pytest.mark.domain
def test_parse_callback_normalises_a_good_body():
    data = dispatch.parse_callback(
        json.dumps(
            {"task_id": "12", "status": "rolled_back", "health": {"http": 500}, "previous_deployment_id": 41}
        )
    )
    assert data == {
        "task_id": 12,
        "status": "rolled_back",
        "deployment_id": "",
        "previous_deployment_id": "41",
        "health": '{"http": 500}',
        "message": "",
    }


@pytest.mark.domain
def test_backoff_doubles_and_is_capped():
    assert [dispatch.backoff_delay(n, 60, 3600) for n in range(1, 9)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    start = datetime(2026, 1, 1, 12, 0, 0)
    assert dispatch.next_attempt_at(start, 2, 10, 100) == start + timedelta(seconds=20)
    assert dispatch.backoff_delay(3, 0, 100) == 0
    with pytest.raises(ValueError):
        dispatch.backoff_delay(0)


@pytest.mark.rules
@pytest.mark.parametrize(
    "status, attempt, expected",
    [
        (200, 1, "dispatched"),
        (204, 5, "dispatched"),
        (500, 1, "retry"),
        (503, 4, "retry"),
        (None, 1, "retry"),
        (429, 2, "retry"),
        (500, 5, "failed"),
        (None, 5, "failed"),
        (400, 1, "failed"),
        (404, 1, "failed"),
        (301, 1, "failed"),
    ],
)
def test_outcome_of_an_attempt(status, attempt, expected):
    assert dispatch.outcome(status, attempt, max_attempts=5) == expected


@pytest.mark.security
def test_redact_hides_secrets_from_host_messages():
    assert dispatch.redact("bad key s3cret and tok", ["s3cret", "", None, "tok"]) == "bad key *** and ***"


@pytest.mark.lifecycle
def test_state_machine_walks_the_happy_path_and_refuses_skips():
    state = "draft"
    for step in ("ready", "approve", "dispatch", "deployed", "verify"):
        state = states.target(step, state)
    assert state == "verified"
    assert states.target("rolled_back", "dispatched") == "rolled_back"
    assert states.target("fail", "approved") == "failed"
    assert states.target("back_to_draft", "failed") == "draft"
    for step, current in [
        ("approve", "draft"),
        ("dispatch", "ready"),
        ("deployed", "approved"),
        ("verify", "dispatched"),
        ("verify", "rolled_back"),
        ("approve", "approved"),
        ("deployed", "deployed"),
        ("ready", "verified"),
    ]:
        with pytest.raises(states.TransitionError, match="cannot"):
            states.target(step, current)
    with pytest.raises(states.TransitionError, match="unknown"):
        states.target("launch", "draft")
    assert states.steps_from("ready") == ["approve", "back_to_draft"]
    assert states.steps_from("verified") == []


@pytest.mark.security
@pytest.mark.parametrize(
    "body",
    [
        b'{"task_id": 3, "status": "deployed", "deployment_id": "d", "health": '
        + b"[" * 20_000
        + b"]" * 20_000
        + b"}",
        json.dumps(
            {
                "task_id": 3,
                "status": "deployed",
                "deployment_id": "d",
                "health": [[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]],
            }
        ).encode(),
    ],
    ids=["recursion", "over-limit"],
)
def test_parse_callback_refuses_deep_nesting_with_400(body):
    with pytest.raises(dispatch.CallbackError, match="nests deeper than 20 levels") as err:
        dispatch.parse_callback(body)
    assert err.value.status == 400


@pytest.mark.security
def test_nesting_depth_counts_without_recursion_and_stops_past_the_limit():
    assert dispatch.nesting_depth(1) == 0
    assert dispatch.nesting_depth({"a": [1, {"b": []}]}) == 4
    deep = []
    for _index in range(100_000):
        deep = [deep]
    assert dispatch.nesting_depth(deep, limit=20) == 21
    good = {"health": {"http": 200, "checks": [{"name": "db", "ok": True}]}}
    assert dispatch.nesting_depth(good) == 4
