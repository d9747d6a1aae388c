"""The full client when Odoo loses its database connection under a call (PostgreSQL restarted,
connections terminated: the soak's fault). Odoo answers the call with psycopg2's error as an
XML-RPC fault; its transaction was rolled back, so the client asks once more on a fresh
connection, and reports an outage (not a refusal) when the second try fails too. Against a real
local XML-RPC server on Odoo's paths."""

import threading
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from practice_client import rpc
from practice_client.rpc import PracticeError, PracticeRPC, Settings

pytestmark = pytest.mark.integration

LOST = "Traceback (most recent call last):\n  ...\npsycopg2.InterfaceError: connection already closed"


class _OdooPaths(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object")


class _Odoo:
    """``authenticate`` and ``execute_kw``; ``faults`` are raised by the next calls, in order."""

    def __init__(self):
        self.faults, self.calls, self.login_faults, self.logins = [], [], [], 0

    def authenticate(self, db, login, key, _env):
        self.logins += 1
        if self.login_faults:
            raise xmlrpc.client.Fault(1, self.login_faults.pop(0))
        return 2

    def execute_kw(self, db, uid, key, model, method, args, kwargs):
        self.calls.append((model, method, args))
        if self.faults:
            raise xmlrpc.client.Fault(1, self.faults.pop(0))
        return {"ok": True, "args": args}


@pytest.fixture
def odoo(monkeypatch):
    monkeypatch.setattr(rpc, "RETRY_PAUSE_S", 0)
    fake = _Odoo()
    server = SimpleXMLRPCServer(("127.0.0.1", 0), _OdooPaths, logRequests=False, allow_none=True)
    server.register_function(fake.authenticate, "authenticate")
    server.register_function(fake.execute_kw, "execute_kw")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake, PracticeRPC(Settings(url=url, db="db1", login="a", secret="k"), timeout=5)
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "text",
    [
        LOST,
        "psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server "
        "terminated abnormally\n\tbefore or while processing the request.",
        "psycopg2.errors.AdminShutdown: terminating connection due to administrator command",
        'psycopg2.OperationalError: connection to server at "localhost" (::1), port 5432 failed: Connection refused',
        "psycopg2.OperationalError: FATAL:  the database system is starting up",
    ],
)
def test_a_lost_database_connection_is_asked_once_more(odoo, text):
    fake, client = odoo
    fake.faults = [text]
    assert client.call("practice.memory", "remember", "topic", "summary") == {
        "ok": True,
        "args": ["topic", "summary"],
    }
    assert len(fake.calls) == 2


def test_a_login_that_lost_the_database_is_asked_once_more(odoo):
    """The soak's second finding: a fresh `practice` process logs in first, and the login's fault
    was read as a refusal ('error: before or while processing the request.')."""
    fake, client = odoo
    fake.login_faults = [
        "Traceback (most recent call last):\n  ...\npsycopg2.OperationalError: server closed the connection "
        "unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n"
    ]
    assert client.call("practice.memory", "remember", "t", "s")["ok"] is True
    assert fake.logins == 2 and len(fake.calls) == 1


def test_twice_lost_is_an_outage_with_one_clear_line(odoo):
    fake, client = odoo
    fake.faults = [LOST, LOST]
    with pytest.raises(PracticeError) as caught:
        client.call("practice.lock", "release", 7, "s1")
    err = caught.value
    assert err.unreachable and err.database_lost and len(fake.calls) == 2
    assert str(err) == (
        "The server lost its database connection (psycopg2.InterfaceError: connection already closed); "
        "try again in a moment."
    )
    assert "Traceback" not in str(err)


def test_a_refusal_is_never_asked_again(odoo):
    fake, client = odoo
    fake.faults = ["odoo.exceptions.UserError: Unknown session 'x': start it first"]
    with pytest.raises(PracticeError) as caught:
        client.call("practice.memory", "remember", "topic", "summary")
    assert not caught.value.unreachable and not caught.value.database_lost
    assert len(fake.calls) == 1
