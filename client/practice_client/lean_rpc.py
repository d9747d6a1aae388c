"""One ``execute_kw`` over Odoo's ``/jsonrpc`` with nothing but C modules: the agent's PreToolUse
hook (:mod:`practice_client.hook_fast`) takes a first lock through it.

Why not ``xmlrpc.client``: importing it (``http.client``, ``email``, ``ssl``, ``socket``) costs
40-80 ms here, two to four Python starts, on every edit of a module the session does not hold
yet. This module covers the happy path only: plain ``http://host[:port]`` URLs, a uid known from
an earlier login (see :mod:`practice_client.uid_cache`), a ``200`` answer of ``Content-Length``
JSON holding a ``result``. Anything else raises :class:`Unavailable` and the caller hands the
request to the full client (``rpc.PracticeRPC``), which answers every error properly; the calls
made through here are idempotent (a re-entrant acquire) so a retry there is harmless.
"""

# JSON through the C scanner/encoder lives in :mod:`.lean` (the lean hooks' one module)
from .lean import Unavailable, _Ctx, _make_scanner, _quote, dumps, loads  # noqa: F401

MAX_ANSWER = 4_000_000
TIMEOUT = 30.0


def endpoint(url):
    """``(host, port)`` of a plain ``http://host[:port][/]`` URL, else ``None``."""
    if not isinstance(url, str) or not url.startswith("http://"):
        return None
    rest = url[len("http://") :].rstrip("/")
    if not rest or "/" in rest or "@" in rest or "[" in rest or "?" in rest or "#" in rest:
        return None
    host, sep, port = rest.partition(":")
    if not sep:
        return host, 80
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def _connect(host, port, timeout):
    import _socket  # not at the top: hooks that make no call never load it

    last = None
    for family, kind, proto, _name, address in _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM):
        sock = _socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
            return sock
        except OSError as err:
            last = err
            sock.close()
    raise Unavailable(f"cannot connect: {last}")


def post(url, body, timeout=TIMEOUT):
    """POST ``body`` (bytes, JSON) to ``<url>/jsonrpc``; the answer's body (bytes) when the
    server answered ``200`` with a ``Content-Length``; raises :class:`Unavailable` otherwise."""
    where = endpoint(url)
    if _quote is None or not where:
        raise Unavailable("not a plain http:// URL")
    host, port = where
    head = (
        f"POST /jsonrpc HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    try:
        sock = _connect(host, port, timeout)
        try:
            sock.sendall(head.encode("ascii") + body)
            status, _headers, payload = _read_answer(sock)
        finally:
            sock.close()
    except (OSError, UnicodeError) as err:
        raise Unavailable(str(err)) from None
    if status != "200":
        raise Unavailable(f"HTTP status {status[:10]!r}")
    return payload


def _read_answer(sock):
    """``(status, headers, body)`` of one HTTP answer, read up to its ``Content-Length``: not
    until the server closes the connection, which Odoo's server does some 10 ms after the
    answer (that wait cost more than the rest of the call)."""
    raw = b""
    while b"\r\n\r\n" not in raw:
        raw = _more(sock, raw)
    header, _sep, payload = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        key, _colon, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    length = headers.get("content-length", "")
    if len(status) < 2 or "chunked" in headers.get("transfer-encoding", "") or not length.isdigit():
        raise Unavailable(f"HTTP answer {lines[0][:80]!r} without a Content-Length")
    if int(length) > MAX_ANSWER:
        raise Unavailable("answer too large")
    while len(payload) < int(length):
        payload = _more(sock, payload)
    return status[1], headers, payload[: int(length)]


def _more(sock, data):
    chunk = sock.recv(65536)
    if not chunk or len(data) > MAX_ANSWER:
        raise Unavailable("the server closed the connection before the whole answer")
    return data + chunk


def execute_kw(settings, uid, model, method, args, kwargs, timeout=TIMEOUT):
    """``execute_kw`` as ``uid`` (known from an earlier login); the ``result`` of the answer.

    ``settings`` has ``url``, ``db`` and ``secret`` (rpc.Settings or any object alike)."""
    request = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [settings.db, uid, settings.secret, model, method, list(args), dict(kwargs)],
        },
    }
    payload = post(settings.url, dumps(request).encode("ascii"), timeout=timeout)
    try:
        answer = loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Unavailable("the answer is not JSON") from None
    if not isinstance(answer, dict) or "result" not in answer or answer.get("error"):
        raise Unavailable("the server answered an error")
    return answer["result"]
