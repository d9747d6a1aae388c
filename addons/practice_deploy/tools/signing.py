# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HMAC signatures of deploy dispatches and callbacks (no Odoo import).

* ``X-Practice-Signature-256: sha256=<hex>``: HMAC-SHA256 with the shared secret over
  ``timestamp + "." + nonce + "." + raw body`` (a replayed or re-dated body does not verify);
* ``X-Hub-Signature-256: sha256=<hex>``: HMAC-SHA256 over the raw body alone (what GitHub-style
  receivers check).

Comparisons are constant-time (:func:`hmac.compare_digest`); ``now`` is always passed in.
"""

import hashlib
import hmac
import re

HEADER_TIMESTAMP = "X-Practice-Timestamp"
HEADER_NONCE = "X-Practice-Nonce"
HEADER_SIGNATURE = "X-Practice-Signature-256"
HEADER_HUB_SIGNATURE = "X-Hub-Signature-256"
HEADER_IDEMPOTENCY = "X-Practice-Idempotency-Key"
DEFAULT_WINDOW = 300  # seconds a signed message stays acceptable, either side of now
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
TIMESTAMP_RE = re.compile(r"^[0-9]{1,12}$")


class SignatureError(ValueError):
    """A callback that does not verify; ``status`` is the HTTP status to answer (403)."""

    status = 403


def _key(secret):
    if not secret:
        raise SignatureError("no shared secret is configured")
    return secret.encode() if isinstance(secret, str) else secret


def _raw(body):
    return body.encode() if isinstance(body, str) else bytes(body)


def practice_signature(secret, timestamp, nonce, body):
    """``sha256=<hex>`` over ``timestamp.nonce.body``."""
    message = f"{timestamp}.{nonce}.".encode() + _raw(body)
    return "sha256=" + hmac.new(_key(secret), message, hashlib.sha256).hexdigest()


def hub_signature(secret, body):
    """``sha256=<hex>`` over the raw body (GitHub's ``X-Hub-Signature-256``)."""
    return "sha256=" + hmac.new(_key(secret), _raw(body), hashlib.sha256).hexdigest()


def signed_headers(secret, body, now, nonce, bearer=None, idempotency_key=None):
    """Headers of a signed POST of ``body`` at epoch second ``now`` with ``nonce``."""
    timestamp = str(int(now))
    headers = {
        "Content-Type": "application/json",
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: practice_signature(secret, timestamp, nonce, body),
        HEADER_HUB_SIGNATURE: hub_signature(secret, body),
    }
    if idempotency_key:
        headers[HEADER_IDEMPOTENCY] = idempotency_key
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return headers


def _header(headers, name):
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def verify(secret, headers, body, now, window=DEFAULT_WINDOW, require_hub=False):
    """Check a signed message; returns ``(timestamp, nonce)`` or raises :class:`SignatureError`.

    The timestamp must be within ``window`` seconds of ``now`` (either side), the nonce well
    formed, the practice signature (and the hub signature when present or ``require_hub``) equal
    in constant time. The messages never contain the secret or the expected signature.
    """
    timestamp = _header(headers, HEADER_TIMESTAMP) or ""
    nonce = _header(headers, HEADER_NONCE) or ""
    signature = _header(headers, HEADER_SIGNATURE) or ""
    if not TIMESTAMP_RE.match(timestamp):
        raise SignatureError(f"missing or malformed {HEADER_TIMESTAMP}")
    if not NONCE_RE.match(nonce):
        raise SignatureError(f"missing or malformed {HEADER_NONCE} (16-128 of A-Z a-z 0-9 _ -)")
    expected = practice_signature(secret, timestamp, nonce, body)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise SignatureError(f"{HEADER_SIGNATURE} does not match")
    hub = _header(headers, HEADER_HUB_SIGNATURE)
    if hub is not None or require_hub:
        if not hmac.compare_digest(hub_signature(secret, body).encode(), (hub or "").encode()):
            raise SignatureError(f"{HEADER_HUB_SIGNATURE} does not match")
    skew = abs(int(now) - int(timestamp))
    if skew > window:
        raise SignatureError(f"{HEADER_TIMESTAMP} is {skew}s away from the server's clock (window {window}s)")
    return timestamp, nonce
