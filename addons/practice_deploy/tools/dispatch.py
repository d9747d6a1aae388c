# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dispatch payloads, callback parsing, and the retry schedule (no Odoo import)."""

import json
import re
from datetime import timedelta

PAYLOAD_KEYS = (
    "branch",
    "commit_message",
    "task_id",
    "environment",
    "image_tag",
    "initiated_by",
    "approved_by",
    "commit_sha",
    "repository",
    "environment_url",
)
CALLBACK_STATUSES = ("deployed", "rolled_back")
MAX_CALLBACK_BYTES = 64 * 1024
MAX_DEPTH = 20  # nesting of arrays/objects a callback body may have
MAX_TEXT = 2000
MAX_ID = 128
DEFAULT_BASE_DELAY = 60
DEFAULT_MAX_DELAY = 3600
DEFAULT_MAX_ATTEMPTS = 5
COMMIT_SHA_RE = re.compile(r"^[0-9a-f]{7,40}$")


class CallbackError(ValueError):
    """A callback refused before any record is touched; ``status`` is the HTTP answer."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def dispatch_body(values):
    """The raw JSON bytes of a ``repository_dispatch``-shaped deploy event."""
    missing = [key for key in PAYLOAD_KEYS if key not in values]
    if missing:
        raise ValueError(f"deploy payload lacks {', '.join(missing)}")
    payload = {key: values[key] for key in PAYLOAD_KEYS}
    return json.dumps({"event_type": "deploy", "client_payload": payload}, sort_keys=True).encode()


def valid_commit_sha(value):
    """Whether ``value`` is an abbreviated or full lowercase hex git commit id (7-40 digits)."""
    return isinstance(value, str) and bool(COMMIT_SHA_RE.match(value))


def nesting_depth(value, limit=MAX_DEPTH):
    """Depth of nested lists/dicts in ``value`` (a scalar is 0), counted without recursion and
    stopping once it passes ``limit``."""
    depth, level = 0, [value]
    while level:
        containers = [item for item in level if isinstance(item, list | dict)]
        if not containers:
            break
        depth += 1
        if depth > limit:
            break
        level = [
            child for item in containers for child in (item.values() if isinstance(item, dict) else item)
        ]
    return depth


def _text(data, key, limit, required=False):
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise CallbackError(400, f"{key} is required")
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise CallbackError(400, f"{key} must be a string")
    if len(value) > limit:
        raise CallbackError(400, f"{key} is longer than {limit} characters")
    return value


def parse_callback(body):
    """``{"task_id", "status", "deployment_id", "previous_deployment_id", "health", "message"}``
    from a callback's raw body; raises :class:`CallbackError` (400/413) when it is not that
    (including a body nested deeper than :data:`MAX_DEPTH`)."""
    if len(body) > MAX_CALLBACK_BYTES:
        raise CallbackError(413, f"body larger than {MAX_CALLBACK_BYTES} bytes")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as err:
        raise CallbackError(400, f"body is not valid JSON: {err}") from err
    except RecursionError as err:
        raise CallbackError(400, f"body nests deeper than {MAX_DEPTH} levels") from err
    if not isinstance(data, dict):
        raise CallbackError(400, "body must be a JSON object")
    if nesting_depth(data) > MAX_DEPTH:
        raise CallbackError(400, f"body nests deeper than {MAX_DEPTH} levels")
    task_id = data.get("task_id")
    if isinstance(task_id, str) and task_id.isdigit():
        task_id = int(task_id)
    if not isinstance(task_id, int) or isinstance(task_id, bool) or not 0 < task_id < 2**31:
        raise CallbackError(400, "task_id must be a positive integer")
    status = data.get("status")
    if status not in CALLBACK_STATUSES:
        raise CallbackError(400, f"status must be one of {', '.join(CALLBACK_STATUSES)}")
    health = data.get("health")
    if health is not None and not isinstance(health, str):
        health = json.dumps(health, sort_keys=True)
    if health and len(health) > MAX_TEXT:
        raise CallbackError(400, f"health is longer than {MAX_TEXT} characters")
    return {
        "task_id": task_id,
        "status": status,
        "deployment_id": _text(data, "deployment_id", MAX_ID, required=status == "deployed"),
        "previous_deployment_id": _text(data, "previous_deployment_id", MAX_ID),
        "health": health or "",
        "message": _text(data, "message", MAX_TEXT),
    }


def backoff_delay(attempt, base=DEFAULT_BASE_DELAY, cap=DEFAULT_MAX_DELAY):
    """Seconds to wait after failed attempt number ``attempt`` (1-based): base, 2*base, 4*base...
    capped at ``cap``."""
    if attempt < 1:
        raise ValueError("attempt is 1-based")
    return min(cap, base * 2 ** (attempt - 1))


def outcome(status_code, attempt, max_attempts=DEFAULT_MAX_ATTEMPTS):
    """What a dispatch attempt's answer means: ``"dispatched"`` (2xx), ``"retry"`` (5xx, 429,
    timeout or connection error: ``status_code`` None) while attempts remain, else ``"failed"``
    (4xx at once; retryable answers once ``attempt`` reached ``max_attempts``)."""
    if status_code is not None and 200 <= status_code < 300:
        return "dispatched"
    retryable = status_code is None or status_code >= 500 or status_code == 429
    if retryable and attempt < max_attempts:
        return "retry"
    return "failed"


def next_attempt_at(now, attempt, base=DEFAULT_BASE_DELAY, cap=DEFAULT_MAX_DELAY):
    """When to try again after failed attempt ``attempt`` made at ``now``."""
    return now + timedelta(seconds=backoff_delay(attempt, base, cap))


def redact(text, secrets):
    """``text`` with every non-empty secret replaced by ``***`` (host messages may echo them)."""
    text = text or ""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
