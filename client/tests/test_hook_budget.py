"""A hook's whole time budget (PRACTICE_HOOK_BUDGET): the soak found session-end hooks of 16 s
under load, each of its calls (release per lock, finish) waiting its full PRACTICE_HOOK_TIMEOUT.
Once the budget is spent the client makes no further call and reports an outage; against a real
local XML-RPC server that answers slowly."""

import threading
import time
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from practice_client import hooks_cli
from practice_client.rpc import PracticeError, PracticeRPC, Settings

pytestmark = pytest.mark.rules


class _OdooPaths(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object")


@pytest.fixture
def slow_odoo():
    """``execute_kw`` answers after ``delay`` seconds; every call is counted."""
    state = {"calls": 0, "delay": 0.0}

    def execute_kw(db, uid, key, model, method, args, kwargs):
        state["calls"] += 1
        time.sleep(state["delay"])
        return True

    server = SimpleXMLRPCServer(("127.0.0.1", 0), _OdooPaths, logRequests=False, allow_none=True)
    server.register_function(lambda *a: 2, "authenticate")
    server.register_function(execute_kw, "execute_kw")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state, Settings(url=url, db="db1", login="a", secret="k")
    server.shutdown()
    server.server_close()


def test_a_spent_budget_makes_no_call_and_is_an_outage(slow_odoo):
    state, settings = slow_odoo
    client = PracticeRPC(settings, timeout=5)
    client.use_known_uid(2)
    client.deadline = time.monotonic() + 5
    assert client.call("practice.lock", "release", 1, "s") is True
    client.deadline = time.monotonic() - 1
    with pytest.raises(PracticeError) as caught:
        client.call("practice.lock", "release", 2, "s")
    assert caught.value.unreachable and "time budget" in str(caught.value)
    assert state["calls"] == 1, "no request once the budget is spent"


def test_a_call_waits_only_for_what_is_left_of_the_budget(slow_odoo):
    """Per call 5 s, but 0.3 s left of the hook's budget: the slow answer is not waited for."""
    state, settings = slow_odoo
    state["delay"] = 2.0
    client = PracticeRPC(settings, timeout=5)
    client.use_known_uid(2)
    client.deadline = time.monotonic() + 0.3
    with pytest.raises(PracticeError) as caught:
        client.call("practice.lock", "release", 1, "s")
    assert caught.value.unreachable and "timed out" in str(caught.value)
    with pytest.raises(PracticeError):
        client.call("practice.lock", "release", 2, "s")
    assert state["calls"] == 1


@pytest.mark.parametrize(
    ("env", "seconds"),
    [
        ({}, 20.0),
        ({"PRACTICE_HOOK_BUDGET": "12"}, 12.0),
        ({"PRACTICE_HOOK_BUDGET": "junk"}, 20.0),
        ({"PRACTICE_HOOK_BUDGET": "2", "PRACTICE_HOOK_TIMEOUT": "5"}, 5.0),  # at least one call's timeout
        ({"PRACTICE_HOOK_BUDGET": "100000"}, 600.0),
    ],
)
def test_the_budget_setting(env, seconds):
    assert hooks_cli.hook_budget(env) == seconds


def test_what_finishes_a_done_thing_is_called_past_the_budget(slow_odoo):
    """A sandbox dropped by session-end is recorded as dropped even when the drop itself spent
    the hook's budget (its record had stayed active for a database that was gone)."""
    from practice_client.cli_common import Ctx

    state, settings = slow_odoo
    ctx = Ctx(settings, as_json=False)
    ctx.timeout, ctx.deadline = 5, time.monotonic() - 1
    ctx.rpc.use_known_uid(2)
    with pytest.raises(PracticeError, match="time budget"):
        ctx.call("practice.sandbox", "mark_dropped", "sbx_a")
    with ctx.past_deadline():
        assert ctx.call("practice.sandbox", "mark_dropped", "sbx_a") is True
    with pytest.raises(PracticeError, match="time budget"):
        ctx.call("practice.sandbox", "mark_dropped", "sbx_b")
    assert state["calls"] == 1
