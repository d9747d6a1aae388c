# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pulling watched databases over XML-RPC, without records: the calls, their results, the
state they mean and error texts scrubbed of credentials (plain unit tests, no database)."""

import http.client
import re
import socket
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DEFAULT_TIMEOUT = 10.0
MAX_ALERTS = 500
MAX_ERROR = 500
MAX_NAME = 250
MAX_SUMMARY = 2000
STATES = ("ok", "alert", "unreachable", "silent")
OPEN_STATES = ("new", "acknowledged")
SCRUBBED = "***"
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s:@]+(?::[^/\s@]*)?@")
_KEY_VALUE = re.compile(r"(?i)\b(password|passwd|api_key|apikey|secret|token)(\s*[=:]\s*)(['\"]?)[^\s'\",}]+")
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Target:
    """What one pull needs of a watched database (``key``: the local record id)."""

    key: int
    url: str
    db: str
    login: str
    secret: str
    uid: int = 0

    def __repr__(self):  # never the secret, even in a traceback's locals
        return f"Target(key={self.key!r}, url={self.url!r}, db={self.db!r}, login={self.login!r})"


@dataclass
class Pulled:
    """The answer of one pull: ``error_kind`` is ``None`` when it worked, else ``auth``,
    ``connection`` or ``remote``; ``error`` is then a scrubbed, bounded text."""

    uid: int = 0
    alerts: list = field(default_factory=list)
    heartbeat: datetime | None = None
    error_kind: str | None = None
    error: str = ""

    @property
    def ok(self):
        return self.error_kind is None


class _Timeout:
    """A transport whose connections give up after ``timeout`` seconds."""

    def __init__(self, timeout, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timeout = timeout

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        return conn


class TimeoutTransport(_Timeout, xmlrpc.client.Transport):
    pass


class TimeoutSafeTransport(_Timeout, xmlrpc.client.SafeTransport):
    pass


def check_url(url):
    """The url without a trailing slash; ValueError unless it is ``http(s)://host[:port][/path]``
    without credentials."""
    text = (url or "").strip()
    if not re.fullmatch(r"(?i)https?://[^\s/@]+(/[^\s@]*)?", text):
        raise ValueError("url")
    return text.rstrip("/")


def endpoint(url, service):
    return f"{check_url(url)}/xmlrpc/2/{service}"


def make_proxy(url, service, timeout=DEFAULT_TIMEOUT):
    address = endpoint(url, service)
    transport = (TimeoutSafeTransport if address.lower().startswith("https") else TimeoutTransport)(timeout)
    return xmlrpc.client.ServerProxy(address, transport=transport, allow_none=True)


def alert_call(target, uid, limit=MAX_ALERTS):
    """``execute_kw`` arguments listing the target's open alerts."""
    return (
        target.db,
        uid,
        target.secret,
        "practice.watchdog.alert",
        "list_alerts",
        [],
        {"state": "open", "limit": limit},
    )


def head_call(target, uid):
    """``execute_kw`` arguments reading the target's newest snapshot (its heartbeat)."""
    return (
        target.db,
        uid,
        target.secret,
        "practice.watchdog.snapshot",
        "search_read",
        [[]],
        {"fields": ["id", "taken_at"], "order": "taken_at desc, id desc", "limit": 1},
    )


def scrub(text, secrets=(), limit=MAX_ERROR):
    """``text`` without the ``secrets``, url credentials and ``password=…`` pairs, on one
    bounded line."""
    text = str(text or "")
    for secret in sorted({s for s in secrets if s and len(str(s)) >= 3}, key=len, reverse=True):
        text = text.replace(str(secret), SCRUBBED)
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group(1)}{SCRUBBED}@", text)
    text = _KEY_VALUE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{SCRUBBED}", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fault_message(fault_string):
    """The meaningful line of a remote Fault (its last line when it carries a traceback)."""
    lines = [line.strip() for line in str(fault_string or "").splitlines() if line.strip()]
    if not lines:
        return ""
    if any(line.startswith("Traceback") for line in lines):
        return lines[-1]
    return lines[0]


def is_auth_fault(err):
    if not isinstance(err, xmlrpc.client.Fault):
        return False
    text = str(err.faultString or "")
    return err.faultCode == 3 or "AccessDenied" in text or "Access Denied" in text


def describe_error(err, secrets=()):
    """``(kind, text)`` of an exception raised by a pull: ``auth`` (refused credentials),
    ``connection`` (network, timeout, HTTP) or ``remote`` (a Fault of the target)."""
    if is_auth_fault(err):
        return "auth", "authentication refused"
    if isinstance(err, xmlrpc.client.Fault):
        return "remote", scrub(f"remote error: {fault_message(err.faultString)}", secrets)
    if isinstance(err, xmlrpc.client.ProtocolError):
        return "connection", scrub(f"HTTP {err.errcode} {err.errmsg}", secrets)
    if isinstance(err, socket.timeout | TimeoutError):
        return "connection", "timed out"
    if isinstance(err, OSError | http.client.HTTPException | xmlrpc.client.ResponseError):
        return "connection", scrub(f"{type(err).__name__}: {err}", secrets)
    return "remote", scrub(f"{type(err).__name__}: {err}", secrets)


def parse_datetime(value):
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value[:19], DATETIME_FORMAT)
    except ValueError:
        return None


def bounded(value, limit):
    text = value if isinstance(value, str) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalize_alert(row):
    """The mirror's values of one ``list_alerts`` row; ``None`` for a row without an id."""
    if not isinstance(row, dict):
        return None
    remote_id = row.get("id")
    if not isinstance(remote_id, int) or isinstance(remote_id, bool) or remote_id <= 0:
        return None
    state = row.get("state") if row.get("state") in OPEN_STATES + ("resolved",) else "new"
    return {
        "remote_id": remote_id,
        "name": bounded(row.get("name"), MAX_NAME) or f"#{remote_id}",
        "kind": bounded(row.get("kind"), 64),
        "severity": "high" if row.get("severity") == "high" else "low",
        "state": state,
        "remote_create_date": parse_datetime(row.get("create_date")),
        "summary": bounded(row.get("summary"), MAX_SUMMARY),
    }


def pull(target, timeout=DEFAULT_TIMEOUT, proxy=make_proxy):
    """Pull one target: authenticate when no uid is known (or the known one is refused), list
    its open alerts and read its newest snapshot. Never raises: errors are in the answer."""
    secrets = (target.secret,)
    result = Pulled(uid=target.uid)
    try:
        models = proxy(target.url, "object", timeout)
        for attempt in (1, 2):
            if not result.uid:
                uid = proxy(target.url, "common", timeout).authenticate(
                    target.db, target.login, target.secret, {}
                )
                if not uid or not isinstance(uid, int):
                    result.uid = 0
                    result.error_kind, result.error = "auth", "authentication refused"
                    return result
                result.uid = uid
            try:
                rows = models.execute_kw(*alert_call(target, result.uid))
            except xmlrpc.client.Fault as err:
                if attempt == 1 and target.uid and is_auth_fault(err):
                    result.uid = 0  # a stale uid (user recreated): authenticate again once
                    continue
                raise
            break
        head = models.execute_kw(*head_call(target, result.uid))
    except Exception as err:  # every failure is an answer, scrubbed
        result.error_kind, result.error = describe_error(err, secrets)
        return result
    alerts = [normalize_alert(row) for row in rows] if isinstance(rows, list) else []
    result.alerts = [alert for alert in alerts if alert]
    if isinstance(head, list) and head and isinstance(head[0], dict):
        result.heartbeat = parse_datetime(head[0].get("taken_at"))
    return result


def pull_many(targets, timeout=DEFAULT_TIMEOUT, workers=4, proxy=make_proxy):
    """``{target.key: Pulled}``, pulling up to ``workers`` targets at once (network only)."""
    targets = list(targets)
    if not targets:
        return {}
    if len(targets) == 1 or workers <= 1:
        return {t.key: pull(t, timeout, proxy) for t in targets}
    with ThreadPoolExecutor(max_workers=min(workers, len(targets))) as pool:
        answers = pool.map(lambda t: pull(t, timeout, proxy), targets)
        return {t.key: answer for t, answer in zip(targets, answers, strict=True)}


def classify(pulled, now, silent_hours):
    """The target's state: ``unreachable`` when the pull failed, ``silent`` when its newest
    snapshot is missing or older than ``silent_hours``, ``alert`` when it has open alerts,
    else ``ok``."""
    if not pulled.ok:
        return "unreachable"
    if pulled.heartbeat is None or now - pulled.heartbeat > timedelta(hours=silent_hours):
        return "silent"
    if any(alert["state"] in OPEN_STATES for alert in pulled.alerts):
        return "alert"
    return "ok"


def counts(alerts):
    """``(open high, open)`` among mirrored ``alerts``."""
    open_alerts = [a for a in alerts if a["state"] in OPEN_STATES]
    return sum(1 for a in open_alerts if a["severity"] == "high"), len(open_alerts)


def upsert_plan(existing, pulled_alerts):
    """What to do with the mirror of one target: ``(create, update, close)`` where
    ``existing`` is ``{remote_id: {field: value}}`` of the mirrored rows, ``create`` the values
    of new alerts, ``update`` ``{remote_id: changed values}`` and ``close`` the remote ids
    still open here that the target no longer lists as open."""
    create, update = [], {}
    seen = set()
    for values in pulled_alerts:
        remote_id = values["remote_id"]
        if remote_id in seen:
            continue
        seen.add(remote_id)
        current = existing.get(remote_id)
        if current is None:
            create.append(values)
            continue
        changed = {k: v for k, v in values.items() if k != "remote_id" and current.get(k) != v}
        if changed:
            update[remote_id] = changed
    close = sorted(
        rid for rid, current in existing.items() if rid not in seen and current.get("state") in OPEN_STATES
    )
    return create, update, close
