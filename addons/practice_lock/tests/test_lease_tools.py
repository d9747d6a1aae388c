# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the lease arithmetic and lock classification (no database)."""

from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_lock.tools import lease

NOW = datetime(2026, 1, 5, 10, 0, 0)


def _lock(module, session, token, user_id=7):
    return {
        "module": module,
        "session_id": session,
        "user_id": user_id,
        "token": token,
        "user": "Eddie",
        "since": "2026-01-05 09:00:00",
        "expires_at": "2026-01-05 10:30:00",
        "reason": "",
    }


@pytest.mark.rules
@pytest.mark.parametrize("bad", [0, -1, -1800, 1.5, "abc", True, [], lease.MAX_TTL + 1])
def test_parse_ttl_refuses_bad_values(bad):
    with pytest.raises(lease.LeaseInputError, match="ttl_seconds"):
        lease.parse_ttl(bad)


@pytest.mark.rules
def test_parse_ttl_defaults_and_accepts_whole_numbers():
    assert lease.parse_ttl(None) == lease.DEFAULT_TTL
    assert lease.parse_ttl(None, default=None) is None
    assert lease.parse_ttl(60) == 60
    assert lease.parse_ttl(60.0) == 60
    assert lease.parse_ttl(" 90 ") == 90
    assert lease.parse_ttl(lease.MAX_TTL) == lease.MAX_TTL


@pytest.mark.rules
@pytest.mark.parametrize("bad", ["", "   ", None, 42, "x" * (lease.MAX_SESSION_ID + 1)])
def test_parse_session_id_refuses_bad_values(bad):
    with pytest.raises(lease.LeaseInputError, match="session_id"):
        lease.parse_session_id(bad)


@pytest.mark.rules
def test_parse_reason_and_token():
    assert lease.parse_reason(None) == ""
    assert lease.parse_reason("  fix  ") == "fix"
    with pytest.raises(lease.LeaseInputError, match="reason is required"):
        lease.parse_reason("  ", required=True)
    with pytest.raises(lease.LeaseInputError, match="reason must be text"):
        lease.parse_reason(12)
    assert lease.parse_token(5) == 5
    for bad in (0, -3, "5", True, None):
        with pytest.raises(lease.LeaseInputError, match="token"):
            lease.parse_token(bad)


@pytest.mark.domain
def test_acquire_decision_covers_every_case():
    held = {"state": "held", "expires_at": NOW + timedelta(seconds=5), "session_id": "s1", "user_id": 7}
    assert lease.acquire_decision(None, "s1", 7, NOW) == "grant"
    assert lease.acquire_decision(held, "s1", 7, NOW) == "reenter"
    assert lease.acquire_decision(held, "s2", 7, NOW) == "refuse"
    # same session id, other user: not the holder
    assert lease.acquire_decision(held, "s1", 8, NOW) == "refuse"
    lapsed = dict(held, expires_at=NOW)
    assert lease.acquire_decision(lapsed, "s2", 8, NOW) == "takeover"
    # even the holder's own lapsed lease is replaced by a new grant (new token)
    assert lease.acquire_decision(lapsed, "s1", 7, NOW) == "takeover"


@pytest.mark.domain
def test_lease_end_and_liveness_boundary():
    end = lease.lease_end(NOW, 30)
    assert end == NOW + timedelta(seconds=30)
    assert lease.is_live("held", end, end - timedelta(seconds=1))
    assert not lease.is_live("held", end, end)  # the lease ends at expires_at
    assert not lease.is_live("released", end, NOW)
    assert not lease.is_live("held", None, NOW)


@pytest.mark.domain
def test_fence_accepts_only_the_live_current_token():
    assert lease.fence(12, 12, live=True)
    assert not lease.fence(12, 11, live=True)  # stale holder
    assert not lease.fence(12, 13, live=True)  # forged future token
    assert not lease.fence(12, 12, live=False)  # released / expired
    assert not lease.fence(0, 0, live=True)


@pytest.mark.domain
def test_classify_splits_ours_theirs_free_in_request_order():
    live = {"a": _lock("a", "s1", 3), "c": _lock("c", "s2", 4), "d": _lock("d", "s1", 5, user_id=9)}
    result = lease.classify(["c", "b", "a", "d"], live, "s1", user_id=7)
    assert [lock["module"] for lock in result["ours"]] == ["a"]
    # d has our session id but another user: not ours to release
    assert [lock["module"] for lock in result["theirs"]] == ["c", "d"]
    assert result["free"] == ["b"]


@pytest.mark.domain
def test_bundle_items_order_and_lines():
    locks = [
        _lock("zeta", "s2", 9),
        _lock("other_b", "s3", 2),
        _lock("alpha", "s1", 8),
        _lock("beta", "s2", 1),
        _lock("other_a", "s1", 3),
    ]
    items = lease.bundle_items(["zeta", "alpha", "beta"], locks, "s1", user_id=7)
    assert [(scope, lock["module"]) for scope, lock in items] == [
        ("ours", "alpha"),
        ("theirs", "beta"),
        ("theirs", "zeta"),
        ("other", "other_a"),
        ("other", "other_b"),
    ]
    assert "held by this session" in lease.bundle_line(*items[0])
    assert "route around it" in lease.bundle_line(*items[1]) and "`s2`" in lease.bundle_line(*items[1])
    # deterministic: same input in another order gives the same items
    assert lease.bundle_items(["alpha", "beta", "zeta"], list(reversed(locks)), "s1", 7) == items


@pytest.mark.domain
def test_overlaps_detects_overlap_not_touching():
    assert lease.overlaps([(0, 5, "a"), (5, 9, "b"), (9, 12, "c")]) == []
    assert lease.overlaps([(0, 5, "a"), (4, 9, "b")]) == [("a", "b")]


@pytest.mark.rules
@pytest.mark.parametrize(
    "parse",
    [lease.parse_ttl, lease.parse_session_id, lease.parse_reason, lease.parse_token],
)
def test_errors_quote_only_a_short_excerpt(parse):
    huge = ["x" * 100_000]
    with pytest.raises(lease.LeaseInputError) as err:
        parse(huge)
    assert len(str(err.value)) < 200


@pytest.mark.domain
def test_extended_end_never_shortens_a_lease():
    current = NOW + timedelta(hours=1)
    assert lease.extended_end(current, NOW, 60) == current
    assert lease.extended_end(current, NOW, 7200) == NOW + timedelta(hours=2)
    assert lease.extended_end(None, NOW, 60) == NOW + timedelta(seconds=60)
