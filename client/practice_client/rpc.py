"""XML-RPC connection to a Practice Stack server, configured from the environment."""

import http.client
import os
import re
import time
import xml.parsers.expat
import xmlrpc.client
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import env_settings


class PracticeError(Exception):
    """A call the server refused, with Odoo's own message (no traceback, no secrets).

    ``code`` is Odoo's XML-RPC fault code (2 UserError, 3 AccessDenied, 4 AccessError) or
    ``None`` for a failure below Odoo (connection, HTTP, not XML-RPC); ``unreachable`` tells a
    server that did not answer (refused, timed out, not XML-RPC) from one that refused."""

    ACCESS_DENIED = 3
    ACCESS_ERROR = 4

    def __init__(self, message, code=None, unreachable=False):
        super().__init__(message)
        self.code = code
        self.unreachable = unreachable
        self.database_lost = False  # see :func:`fault_error`


@dataclass
class Settings:
    """Where and as whom to connect. The secret comes from the environment, never a flag."""

    url: str = env_settings.DEFAULTS["url"]
    db: str = env_settings.DEFAULTS["db"]
    login: str = env_settings.DEFAULTS["login"]
    secret: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ=None, **overrides):
        values = env_settings.values(os.environ if environ is None else environ)
        values.update({k: v for k, v in overrides.items() if v})
        return cls(**values)

    @classmethod
    def from_target(cls, target):
        """The settings of a target database (:func:`.env_settings.target_values`)."""
        return cls(url=target["url"], db=target["db"], login=target["login"], secret=target["secret"])


_SQL_CONTEXT = re.compile(r"^LINE \d+: ")
# Odoo lost its database connection while serving the call (PostgreSQL restarted, the
# connection terminated): the call's transaction was rolled back, the next call gets a new
# connection from Odoo's pool. psycopg2's own wording.
DATABASE_LOST = re.compile(
    r"connection already closed|server closed the connection unexpectedly|terminating connection due to"
    r"|could not connect to server|connection to server .* failed|the database system is (?:shutting down|starting up"
    r"|in recovery mode)",
    re.IGNORECASE,
)
RETRY_PAUSE_S = 0.5


def fault_message(fault):
    """The last meaningful line of an Odoo XML-RPC fault: the error the user should read."""
    text = (getattr(fault, "faultString", None) or str(fault)).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # an SQL error ends with PostgreSQL's quoted statement and a caret under it: not the error
    lines = [line for line in lines if line.strip("^ ") and not _SQL_CONTEXT.match(line)] or lines
    return lines[-1] if lines else text


def transport_message(url, err):
    """One line for a failure below Odoo: refused connection, an HTTP error (a proxy's 502, a
    URL with a path answered 404 by Odoo), an answer that is not XML-RPC."""
    if isinstance(err, xmlrpc.client.ProtocolError):
        hint = ""
        if err.errcode in (404, 405) and urlsplit(url).path.strip("/"):
            hint = " (PRACTICE_URL must be the server's root, without a path)"
        elif err.errcode == 404:
            hint = " (is it an Odoo server?)"
        return f"{url} answered HTTP {err.errcode} {err.errmsg}{hint}."
    if isinstance(err, xmlrpc.client.ResponseError | xml.parsers.expat.ExpatError):
        return f"{url} did not answer XML-RPC (is it an Odoo server's root URL?)."
    if isinstance(err, http.client.HTTPException):
        return f"Cannot talk to {url}: {type(err).__name__} {err}".strip() + "."
    reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return f"Cannot reach {url}: {reason}."


TRANSPORT_ERRORS = (
    OSError,
    xmlrpc.client.ProtocolError,
    xmlrpc.client.ResponseError,
    xml.parsers.expat.ExpatError,
    http.client.HTTPException,
)


def check_url(url):
    """``url`` is an http(s) URL with a host; raises :class:`PracticeError` otherwise."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PracticeError(f"PRACTICE_URL must look like http://host:8069, got {url!r}.")
    return url


class _TimeoutTransport(xmlrpc.client.Transport):
    """An XML-RPC transport whose connections give up after ``timeout`` seconds (the standard
    one waits forever on a server that accepts and never answers)."""

    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        return conn


class _TimeoutSafeTransport(xmlrpc.client.SafeTransport):
    __init__ = _TimeoutTransport.__init__
    make_connection = _TimeoutTransport.make_connection


class PracticeRPC:
    """Authenticated ``execute_kw`` on a Practice Stack server."""

    def __init__(self, settings, timeout=60):
        """``timeout``: seconds each call may wait for the server (the hooks use less)."""
        if not settings.secret:
            raise PracticeError(
                "No credentials: set PRACTICE_API_KEY (or PRACTICE_PASSWORD) in the environment."
            )
        check_url(settings.url)
        self.settings = settings
        self.timeout = timeout
        self.deadline = None  # time.monotonic() after which no call is made (a hook's whole budget)
        self._uid = None
        self._known_uid = None  # from an earlier process (uid_cache): trusted until refused
        self.logged_in = False  # this process ran authenticate (its uid is worth remembering)

    def use_known_uid(self, uid):
        """Call as ``uid`` without logging in first; a refusal (AccessDenied: the uid does not
        match the secret any more) logs in once and retries."""
        if self._uid is None and isinstance(uid, int) and uid > 0:
            self._uid = self._known_uid = uid

    def _call_timeout(self):
        """Seconds the next call may wait: ``timeout``, cut to what is left before ``deadline``;
        a spent deadline is an outage (``unreachable``) without a call."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left <= 0.05:
            raise PracticeError(
                f"{self.settings.url} did not answer within this hook's time budget; not asked again.",
                unreachable=True,
            )
        return min(self.timeout, left)

    def _proxy(self, endpoint):
        url = f"{self.settings.url.rstrip('/')}/xmlrpc/2/{endpoint}"
        secure = url.startswith("https:")
        transport = (_TimeoutSafeTransport if secure else _TimeoutTransport)(self._call_timeout())
        return xmlrpc.client.ServerProxy(url, allow_none=True, transport=transport)

    @property
    def uid(self):
        if self._uid is None:
            try:
                uid = self._proxy("common").authenticate(
                    self.settings.db, self.settings.login, self.settings.secret, {}
                )
            except xmlrpc.client.Fault as fault:
                raise fault_error(fault) from None
            except TRANSPORT_ERRORS as err:
                raise PracticeError(transport_message(self.settings.url, err), unreachable=True) from None
            if not uid:
                raise PracticeError(
                    f"Login refused for {self.settings.login!r} on database {self.settings.db!r}."
                )
            self._uid = uid
            self.logged_in = True
        return self._uid

    def call(self, model, method, *args, **kwargs):
        try:
            return self._execute(model, method, args, kwargs)
        except PracticeError as err:
            if err.database_lost:
                # the server's database connection died under the call (nothing was committed):
                # once more, after a moment, on a fresh connection
                time.sleep(RETRY_PAUSE_S)
                return self._execute(model, method, args, kwargs)
            if err.code != PracticeError.ACCESS_DENIED or self._uid != self._known_uid:
                raise
            self._uid = self._known_uid = None  # a stale uid: log in and try once more
            return self._execute(model, method, args, kwargs)

    def _execute(self, model, method, args, kwargs):
        try:
            return self._proxy("object").execute_kw(
                self.settings.db, self.uid, self.settings.secret, model, method, list(args), kwargs
            )
        except xmlrpc.client.Fault as fault:
            raise fault_error(fault) from None
        except TRANSPORT_ERRORS as err:
            raise PracticeError(transport_message(self.settings.url, err), unreachable=True) from None


def fault_error(fault):
    """The :class:`PracticeError` of an XML-RPC fault. A fault saying that Odoo lost its database
    connection is ``unreachable`` (the server could not answer; the hooks' outage policies apply)
    and ``database_lost`` (the call may be made again: its transaction was rolled back)."""
    message = fault_message(fault)
    text = getattr(fault, "faultString", None) or ""
    lost = next((line.strip() for line in text.splitlines() if DATABASE_LOST.search(line)), None)
    if lost:
        message = f"The server lost its database connection ({lost}); try again in a moment."
    error = PracticeError(message, fault.faultCode, unreachable=bool(lost))
    error.database_lost = bool(lost)
    return error


class DbService:
    """Odoo's database service (``/xmlrpc/2/db``) of the server ``url``, with the master
    password ``master`` (from the user's environment). The password is never part of an
    error message or the repr."""

    def __init__(self, url, master, timeout=900):
        self.url = check_url(url)
        self._master = master or ""
        self.timeout = timeout

    def __repr__(self):
        return f"DbService(url={self.url!r})"

    def _scrub(self, text):
        return text.replace(self._master, "***") if self._master else text

    def call(self, method, *args, master=True):
        """``method`` of the service (the master password first when ``master``)."""
        if master and not self._master:
            raise PracticeError("No master password: set PRACTICE_MASTER_PASSWORD in the environment.")
        endpoint = f"{self.url.rstrip('/')}/xmlrpc/2/db"
        transport = (_TimeoutSafeTransport if endpoint.startswith("https:") else _TimeoutTransport)(
            self.timeout
        )
        proxy = xmlrpc.client.ServerProxy(endpoint, allow_none=True, transport=transport)
        params = ([self._master] if master else []) + list(args)
        try:
            return getattr(proxy, method)(*params)
        except xmlrpc.client.Fault as fault:
            text = fault_message(fault)
            if "AccessDenied" in (fault.faultString or "") or text.strip() == "Access Denied":
                text = f"{self.url} refused the master password (PRACTICE_MASTER_PASSWORD) or database management is off"
            raise PracticeError(self._scrub(text), fault.faultCode) from None
        except TRANSPORT_ERRORS as err:
            raise PracticeError(self._scrub(transport_message(self.url, err)), unreachable=True) from None
