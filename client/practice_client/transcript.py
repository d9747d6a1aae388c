"""Token usage of a Claude Code session, read from its transcript (stdlib only).

Every Claude Code hook receives ``transcript_path``: the session's JSON Lines file
(``~/.claude/projects/<project>/<session>.jsonl``). :func:`read_usage` streams it and answers,
per model, the tokens the session paid for; its ``models`` is what
``practice.session.log.record_usage(session_id, usage)`` takes (the whole file's totals each
time: the server replaces the session's usage with them)::

    {"models": {"claude-opus-4-6": {"input_tokens": 12, "output_tokens": 3401,
                                    "cache_creation_input_tokens": 20510,
                                    "cache_creation_1h_input_tokens": 0,
                                    "cache_read_input_tokens": 803114, "messages": 9}},
     "messages": 9, "lines": 57, "skipped": 0, "truncated": False, "error": None}

The format, as Claude Code writes it (what the public readers of these files agree on):

* one JSON object a line; ``type`` is ``user``, ``assistant``, ``system``, ``summary``,
  ``file-history-snapshot``, ``queue-operation``…; only ``assistant`` lines carry usage, in
  ``message.usage`` (``input_tokens``, ``output_tokens``, ``cache_creation_input_tokens``,
  ``cache_read_input_tokens``, and ``cache_creation.ephemeral_1h_input_tokens`` /
  ``ephemeral_5m_input_tokens``, the split of the cache writes by lifetime) with
  ``message.model`` and ``message.id``;
* **one API response is written as several lines**: one per content block (thinking, text,
  each tool_use), all with the same ``message.id`` (and ``requestId``) and the same usage;
  while streaming, an early line may carry a partial ``output_tokens`` and the last the final
  one, and some rows carry a zeroed snapshot of the counters. So a message is counted once,
  by ``message.id``, and each counter is the largest value any of its lines shows;
* ``isSidechain: true`` lines are a subagent's (Task tool) calls: real API calls, counted
  (subagents that write their own ``agent-*.jsonl`` files are not in this file);
* ``model: "<synthetic>"`` lines are messages Claude Code fabricates itself (API errors, "No
  response requested."): no API call, not counted.

Sources: DRMacIver/claude-reliability ``notes/transcript-format.md`` (format, Claude Code
2.1.12); vibe-cafe/vibe-usage#63 and getagentseal/codeburn#201 (one line per content block,
repeated ``message.id``, partial ``output_tokens`` before the final one); ccusage/ccusage#888
(first-seen dedupe undercounts); anthropics/claude-code#95555 (rows with zeroed counters);
junhoyeo/tokscale#563 (``requestId`` may be missing: dedupe on ``message.id``);
Piebald-AI/splitrail#1 (``<synthetic>``).

Bounded, and never raises on bad input:

* the file is read **from its start**, line by line in binary, and reading stops after
  ``max_bytes`` bytes or ``max_lines`` lines (``truncated`` is then true). The start, not the
  tail: the answer is the session's total so far, which the server stores in place of the
  previous one (each hook re-reads the whole file), and a tail would silently drop the
  session's beginning; a capped read undercounts and says so;
* one line longer than ``max_line_bytes`` is skipped without being held in memory whole;
* a line that mentions an assistant message with usage but is not valid JSON (e.g. the
  last line while Claude Code is still writing it) or has no usable model/usage is counted in
  ``skipped``; other lines (user, system, summary…) are not looked into (a cheap byte test
  comes before any JSON parsing);
* a file that cannot be opened answers no models and the reason in ``error``.
"""

import json

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_LINES = 1_000_000
DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_MODEL_LENGTH = 128  # the server's bound of a model id
CHUNK = 1024 * 1024

COUNTERS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_creation_1h_input_tokens",
    "cache_read_input_tokens",
)
_MARKERS = (b'"assistant"', b'"usage"')


def _count(value):
    """A token counter as written, or 0 for anything that is not a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return 0
    return value


def _line_usage(raw):
    """``(message key, model, counters)`` of one transcript line; ``None`` when the line is not
    an assistant message with usage; raises ``ValueError`` when it looks like one but cannot be
    read."""
    if not all(marker in raw for marker in _MARKERS):
        return None
    record = json.loads(raw)  # ValueError (UnicodeDecodeError included) on a broken line
    if not isinstance(record, dict) or record.get("type") != "assistant":
        return None
    message = record.get("message")
    if not isinstance(message, dict):
        raise ValueError("assistant line without a message object")
    usage, model = message.get("usage"), message.get("model")
    if not isinstance(usage, dict):
        return None  # an assistant line without usage: nothing to count
    if not isinstance(model, str) or not model.strip() or len(model.strip()) > MAX_MODEL_LENGTH:
        raise ValueError("assistant line without a usable model id")
    model = model.strip()
    if model.startswith("<"):
        return None  # "<synthetic>": written by Claude Code itself, no API call
    split = usage.get("cache_creation")
    counters = {
        "input_tokens": _count(usage.get("input_tokens")),
        "output_tokens": _count(usage.get("output_tokens")),
        "cache_creation_input_tokens": _count(usage.get("cache_creation_input_tokens")),
        "cache_creation_1h_input_tokens": _count(
            split.get("ephemeral_1h_input_tokens") if isinstance(split, dict) else None
        ),
        "cache_read_input_tokens": _count(usage.get("cache_read_input_tokens")),
    }
    key = message.get("id")
    if not isinstance(key, str) or not key:
        # no message id (seen behind proxies): the request id, else the line itself
        key = record.get("requestId") or record.get("uuid") or id(record)
        key = f"~{key}"
    return key, model, counters


def _lines(handle, max_bytes, max_lines, max_line_bytes, state):
    """Yield the complete lines of ``handle`` within the bounds; over-long lines are consumed
    in chunks and reported as ``None``."""
    while state["lines"] < max_lines:
        if state["bytes"] >= max_bytes:
            state["truncated"] = True
            return
        limit = min(max_line_bytes + 1, max_bytes - state["bytes"])
        raw = handle.readline(limit)
        if not raw:
            return
        state["bytes"] += len(raw)
        if not raw.endswith(b"\n") and len(raw) >= limit:
            if len(raw) <= max_line_bytes:  # the byte budget ended inside this line
                state["truncated"] = True
                return
            while not raw.endswith(b"\n"):  # an over-long line: drop the rest of it
                if state["bytes"] >= max_bytes:
                    state["truncated"] = True
                    return
                raw = handle.readline(min(CHUNK, max_bytes - state["bytes"]))
                if not raw:
                    break
                state["bytes"] += len(raw)
            state["lines"] += 1
            yield None
            continue
        state["lines"] += 1
        yield raw
    else:
        if handle.read(1):
            state["truncated"] = True


def empty_usage():
    """The answer of :func:`read_usage` for a transcript with nothing counted."""
    return {"models": {}, "messages": 0, "lines": 0, "skipped": 0, "truncated": False, "error": None}


def read_usage(
    path, max_bytes=DEFAULT_MAX_BYTES, max_lines=DEFAULT_MAX_LINES, max_line_bytes=DEFAULT_MAX_LINE_BYTES
):
    """Tokens per model of the Claude Code transcript at ``path``, each assistant message
    counted once (see the module's docstring); never raises on a bad file or bad lines."""
    result = empty_usage()
    state = {"bytes": 0, "lines": 0, "truncated": False}
    messages = {}
    try:
        max_bytes, max_lines, max_line_bytes = (
            max(0, int(x)) for x in (max_bytes, max_lines, max_line_bytes)
        )
        with open(path, "rb") as handle:
            for raw in _lines(handle, max_bytes, max_lines, max(1, max_line_bytes), state):
                if raw is None:
                    result["skipped"] += 1
                    continue
                try:
                    found = _line_usage(raw)
                except (ValueError, RecursionError):
                    result["skipped"] += 1
                    continue
                if found is None:
                    continue
                key, model, counters = found
                seen = messages.get(key)
                if seen is None:
                    messages[key] = (model, counters)
                else:  # the same message again: each counter at its largest
                    for name, value in counters.items():
                        if value > seen[1][name]:
                            seen[1][name] = value
    except (OSError, TypeError, ValueError) as err:
        result["error"] = f"{type(err).__name__}: {err}"
    models = result["models"]
    for model, counters in messages.values():
        counters["cache_creation_1h_input_tokens"] = min(
            counters["cache_creation_1h_input_tokens"], counters["cache_creation_input_tokens"]
        )
        total = models.setdefault(model, dict.fromkeys(COUNTERS, 0) | {"messages": 0})
        for name, value in counters.items():
            total[name] += value
        total["messages"] += 1
    result.update(messages=len(messages), lines=state["lines"], truncated=state["truncated"])
    return result
