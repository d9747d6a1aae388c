"""The PreToolUse hook's lean path to the server: one ``execute_kw`` over ``/jsonrpc`` with C
modules only (lean_rpc), the uid remembered between hook processes (uid_cache), and the full
client's recovery from a stale uid (rpc.PracticeRPC) — against real local HTTP servers that
check the wire format."""

import json
import os
import stat
import threading
import xmlrpc.client
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from hypothesis import given
from hypothesis import strategies as st
from practice_client import lean_rpc, locks_mirror, uid_cache
from practice_client.rpc import PracticeError, PracticeRPC, Settings

pytestmark = pytest.mark.integration


class _Answers(BaseHTTPRequestHandler):
    """Plays Odoo's ``/jsonrpc``: checks what it receives, answers ``server.mode``."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append((self.path, self.headers.get("Content-Type"), json.loads(body)))
        mode = self.server.mode
        if mode == "http500":
            return self._send(500, b'{"error": "boom"}')
        answer = {
            "ok": {"jsonrpc": "2.0", "id": 1, "result": {"granted": True, "token": 7, "why": "é"}},
            "error": {"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error"}},
        }.get(mode)
        if mode == "chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"2\r\n{}\r\n0\r\n\r\n")
            return None
        return self._send(200, b"<html>not json</html>" if answer is None else json.dumps(answer).encode())

    def _send(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def jsonrpc_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    server.seen, server.mode = [], "ok"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _settings(server, **kw):
    return Settings(
        url=f"http://127.0.0.1:{server.server_address[1]}", db="db1", login="a", secret="k3y", **kw
    )


def test_execute_kw_speaks_odoo_jsonrpc(jsonrpc_server):
    settings = _settings(jsonrpc_server)
    answer = lean_rpc.execute_kw(
        settings, 5, "practice.lock", "acquire", ["mod_a", "sess"], {"reason": "Edit é", "repo": None}
    )
    assert answer == {"granted": True, "token": 7, "why": "é"}
    [(path, ctype, request)] = jsonrpc_server.seen
    assert (path, ctype) == ("/jsonrpc", "application/json")
    assert request["jsonrpc"] == "2.0" and request["method"] == "call"
    assert request["params"] == {
        "service": "object",
        "method": "execute_kw",
        "args": [
            "db1",
            5,
            "k3y",
            "practice.lock",
            "acquire",
            ["mod_a", "sess"],
            {"reason": "Edit é", "repo": None},
        ],
    }


@pytest.mark.parametrize("mode", ["http500", "error", "chunked", "html"])
def test_anything_but_a_result_is_unavailable(jsonrpc_server, mode):
    jsonrpc_server.mode = mode
    with pytest.raises(lean_rpc.Unavailable):
        lean_rpc.execute_kw(_settings(jsonrpc_server), 5, "m", "x", [], {})


def test_unreachable_or_not_plain_http_is_unavailable():
    for url in (
        "http://127.0.0.1:9",
        "https://example.com",
        "http://h:8069/odoo",
        "http://[::1]:8069",
        "ftp://x",
    ):
        with pytest.raises(lean_rpc.Unavailable):
            lean_rpc.execute_kw(Settings(url=url, secret="k"), 5, "m", "x", [], {}, timeout=5)


def test_endpoint():
    assert lean_rpc.endpoint("http://localhost:8069") == ("localhost", 8069)
    assert lean_rpc.endpoint("http://localhost:8069/") == ("localhost", 8069)
    assert lean_rpc.endpoint("http://odoo.internal") == ("odoo.internal", 80)
    for url in ("https://h", "http://h:0", "http://h:x", "http://u@h", "http://h/p", "http://", None, 5):
        assert lean_rpc.endpoint(url) is None, url


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_dumps_and_loads_agree_with_json(value):
    assert json.loads(lean_rpc.dumps(value)) == value
    assert lean_rpc.loads(json.dumps(value)) == value


def test_dumps_refuses_what_json_cannot_hold():
    for value in ({"x": float("nan")}, [float("inf")], {"x": b"bytes"}, {"x": {1, 2}}):
        with pytest.raises(lean_rpc.Unavailable):
            lean_rpc.dumps(value)
    assert lean_rpc.dumps({"t": 1.5, "n": -0.0}) == json.dumps({"t": 1.5, "n": -0.0}, separators=(",", ":"))


def test_uid_cache_keeps_no_secret_and_matches_the_connection(tmp_path):
    folder = tmp_path / "practice-hooks"
    settings = Settings(url="http://h:8069/", db="d", login="agent", secret="s3cret-key")
    assert uid_cache.load(str(folder), settings) is None
    assert uid_cache.save(str(folder), settings, 42) is True
    assert uid_cache.save(str(folder), settings, 42) is False  # unchanged: not rewritten
    assert uid_cache.load(str(folder), settings) == 42
    text = (folder / "uid").read_text()
    assert text == "http://h:8069\nd\nagent\n42\n" and "s3cret" not in text
    assert stat.S_IMODE(os.stat(folder / "uid").st_mode) == 0o600
    for other in (
        Settings(url="http://h:8069", db="other", login="agent", secret="x"),
        Settings(url="http://h:8069", db="d", login="admin", secret="x"),
        Settings(url="http://g:8069", db="d", login="agent", secret="x"),
    ):
        assert uid_cache.load(str(folder), other) is None
    (folder / "uid").write_text("http://h:8069\nd\nagent\nnot-a-uid\n")
    assert uid_cache.load(str(folder), settings) is None


class _FakeOdoo:
    """XML-RPC ``common.authenticate`` and ``object.execute_kw`` where only uid 2 + "k" passes."""

    def __init__(self):
        self.logins = 0

    def authenticate(self, db, login, secret, env):
        self.logins += 1
        return 2 if secret == "k" else False

    def execute_kw(self, db, uid, secret, model, method, args, kwargs):
        if (uid, secret) != (2, "k"):
            raise xmlrpc.client.Fault(3, "Access Denied")
        return {"uid": uid, "method": method}


class _OdooPaths(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object")


@pytest.fixture
def xmlrpc_server():
    fake = _FakeOdoo()
    server = SimpleXMLRPCServer(("127.0.0.1", 0), _OdooPaths, logRequests=False, allow_none=True)
    server.register_function(fake.authenticate, "authenticate")
    server.register_function(fake.execute_kw, "execute_kw")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, fake
    server.shutdown()
    server.server_close()


def test_known_uid_skips_the_login_and_a_stale_one_logs_in_again(xmlrpc_server):
    server, fake = xmlrpc_server
    settings = Settings(url=f"http://127.0.0.1:{server.server_address[1]}", secret="k")
    rpc = PracticeRPC(settings)
    rpc.use_known_uid(2)
    assert rpc.call("m", "read") == {"uid": 2, "method": "read"}
    assert (fake.logins, rpc.logged_in) == (0, False)
    stale = PracticeRPC(settings)
    stale.use_known_uid(9)
    assert stale.call("m", "read") == {"uid": 2, "method": "read"}
    assert (fake.logins, stale.logged_in, stale.uid) == (1, True, 2)
    # a wrong secret is still refused, after one login attempt, with a one-line error
    wrong = PracticeRPC(Settings(url=settings.url, secret="bad"))
    wrong.use_known_uid(2)
    with pytest.raises(PracticeError, match="Login refused"):
        wrong.call("m", "read")


@given(
    st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(-(10**6), 10**6),
)
def test_seconds_left_is_datetime_arithmetic(expires, delta):
    expires = expires.replace(microsecond=0)
    now = expires - timedelta(seconds=delta)
    entry = {"expires": expires.strftime(locks_mirror.SERVER_FORMAT)}
    if datetime(1000, 1, 1) < now < datetime(9999, 12, 31):  # server times have 4-digit years
        assert locks_mirror.seconds_left(entry, now) == (expires - now).total_seconds()


def test_answer_read_up_to_its_length_without_waiting_for_the_close():
    """Odoo closes the connection some time after answering: the call must not wait for it. A
    server that answers and then waits for the client to hang up deadlocks a client reading
    until the close (it would end in its timeout, Unavailable)."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "result": {"granted": True}}).encode()

    def serve():
        conn, _addr = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _sep, rest = data.partition(b"\r\n\r\n")
            length = int(
                next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[1]
            )
            while len(rest) < length:
                rest += conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                % (len(body), body)
            )
            conn.recv(1)  # keep the connection open until the client hangs up

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings = Settings(url=f"http://127.0.0.1:{listener.getsockname()[1]}", db="d", secret="k")
    try:
        assert lean_rpc.execute_kw(settings, 2, "practice.lock", "acquire", ["m", "s"], {}, timeout=10) == {
            "granted": True
        }
    finally:
        thread.join(5)
        listener.close()
