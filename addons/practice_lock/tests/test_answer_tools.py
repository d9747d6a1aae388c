# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the lock API's answer builders (no database)."""

from datetime import datetime

import pytest

from odoo.addons.practice_lock.tools import answer

SINCE = datetime(2026, 1, 5, 9, 0, 0)
UNTIL = datetime(2026, 1, 5, 9, 30, 0)

pytestmark = pytest.mark.domain


def test_holder_writes_server_datetimes_and_an_empty_reason():
    who = answer.holder("s1", "Eddie", 7, SINCE, UNTIL, None)
    assert who == {
        "session_id": "s1",
        "user": "Eddie",
        "user_id": 7,
        "since": "2026-01-05 09:00:00",
        "expires_at": "2026-01-05 09:30:00",
        "reason": "",
    }


def test_granted_takes_the_lease_end_from_the_holder():
    who = answer.holder("s1", "Eddie", 7, SINCE, UNTIL, "why")
    grant = answer.granted(42, who, "sale_ext", "main", took_over=41)
    assert grant["granted"] is True
    assert grant["expires_at"] == "2026-01-05 09:30:00"
    assert (grant["token"], grant["reentered"], grant["took_over"]) == (42, False, 41)


def test_refusal_and_contended_refusal_share_one_shape():
    who = answer.holder("s1", "Eddie", 7, SINCE, UNTIL, "")
    plain = answer.refused(who, "sale_ext", "main", "locked")
    raced = answer.refused(answer.unknown_holder(), "sale_ext", "main", "raced", contended=True)
    assert plain["token"] == 0 and plain["granted"] is False and "contended" not in plain
    assert raced["contended"] is True
    assert raced["expires_at"] == "" and raced["holder"]["session_id"] is None
    assert set(raced) - {"contended"} == set(plain)


@pytest.mark.parametrize(
    ("state", "flag"), [("forced", "broken"), ("expired", "expired"), ("released", "released")]
)
def test_ended_flags_the_final_state(state, flag):
    result = answer.ended(5, "sale_ext", state, UNTIL, "gone", reason="r")
    assert result["ok"] is False and result[flag] is True
    assert result["state"] == state and result["at"] == "2026-01-05 09:30:00"
    assert result["reason"] == "r"


def test_ended_refuses_a_state_that_is_not_final():
    with pytest.raises(KeyError):
        answer.ended(5, "sale_ext", "held", UNTIL, "still held")


def test_not_holder_names_the_holder():
    who = answer.holder("s1", "Eddie", 7, SINCE, UNTIL, "")
    result = answer.not_holder(5, "sale_ext", "held", who, "not yours")
    assert result["error"] == "not_holder" and result["holder"]["session_id"] == "s1"
