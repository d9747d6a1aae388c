"""Issue 25 item 7: the client's transcript reader counts each assistant message once, per
model, within its bounds, and never raises on a bad transcript."""

import json

import pytest
from practice_client import transcript

pytestmark = pytest.mark.integrity

OPUS = "claude-opus-4-6"
HAIKU = "claude-haiku-4-5-20251001"
SESSION = "8c65f093-d6b1-4b5b-b2a9-ab9b889c13c7"


def _base(kind, uuid, parent=None, **extra):
    record = {
        "parentUuid": parent,
        "isSidechain": False,
        "userType": "external",
        "cwd": "/tmp/shop",
        "sessionId": SESSION,
        "version": "2.1.12",
        "gitBranch": "main",
        "type": kind,
        "uuid": uuid,
        "timestamp": "2026-12-07T10:00:00.000Z",
    }
    record.update(extra)
    return record


def _usage(inp, out, write, read, write_1h=0):
    return {
        "input_tokens": inp,
        "cache_creation_input_tokens": write,
        "cache_read_input_tokens": read,
        "output_tokens": out,
        "cache_creation": {
            "ephemeral_5m_input_tokens": write - write_1h,
            "ephemeral_1h_input_tokens": write_1h,
        },
        "service_tier": "standard",
    }


def _assistant(uuid, msg_id, model, usage, block, request="req_1", **extra):
    return _base(
        "assistant",
        uuid,
        requestId=request,
        message={
            "model": model,
            "id": msg_id,
            "type": "message",
            "role": "assistant",
            "content": [block],
            "stop_reason": None,
            "usage": usage,
        },
        **extra,
    )


TOOL_USE = {"type": "tool_use", "id": "toolu_01", "name": "Read", "input": {"file_path": "/tmp/shop/a.py"}}


def _lines():
    """A realistic session: a user prompt, one Opus response written as three lines (thinking,
    text, tool_use; the first a streaming snapshot with partial output), a tool result, a second
    Opus response with a 1-hour cache write and a zeroed duplicate row, a Haiku subagent call
    (sidechain, two lines), a broken line, a synthetic error message and system lines."""
    full_a = _usage(3, 210, 2285, 22137)
    return [
        {"type": "queue-operation", "operation": "dequeue", "sessionId": SESSION},
        _base(
            "user",
            "u1",
            # text that mentions the markers: read and ignored, not counted as skipped
            message={"role": "user", "content": 'Count the "assistant" "usage" lines, please.'},
        ),
        _assistant("a1", "msg_A", OPUS, _usage(3, 5, 2285, 22137), {"type": "thinking", "thinking": "..."}),
        _assistant("a2", "msg_A", OPUS, full_a, {"type": "text", "text": "Reading the file."}),
        _assistant("a3", "msg_A", OPUS, full_a, TOOL_USE),
        _base(
            "user",
            "u2",
            "a3",
            message={
                "role": "user",
                "content": [{"tool_use_id": "toolu_01", "type": "tool_result", "content": "x = 1"}],
            },
            toolUseResult={"type": "text", "file": {"filePath": "/tmp/shop/a.py", "content": "x = 1"}},
        ),
        _assistant(
            "a4", "msg_B", OPUS, _usage(1, 90, 700, 24422, write_1h=500), {"type": "text", "text": "Done."}
        ),
        # a row of the same message with every counter zeroed (claude-code#95555)
        _assistant("a5", "msg_B", OPUS, _usage(0, 0, 0, 0), {"type": "text", "text": "Done."}),
        _assistant(
            "s1",
            "msg_C",
            HAIKU,
            _usage(10, 40, 0, 1200),
            {"type": "text", "text": "Found it."},
            "req_2",
            isSidechain=True,
        ),
        _assistant("s2", "msg_C", HAIKU, _usage(10, 40, 0, 1200), TOOL_USE, "req_2", isSidechain=True),
        '{"type": "assistant", "message": {"id": "msg_D", "model": "claude-opus-4-6", "usage": {"input_tok',
        _base(
            "assistant",
            "x1",
            message={
                "id": "d5acbc3e",
                "model": "<synthetic>",
                "role": "assistant",
                "type": "message",
                "content": [{"type": "text", "text": "API Error: Request was aborted."}],
                "usage": _usage(0, 0, 0, 0),
            },
            isApiErrorMessage=True,
        ),
        _base("system", "y1", subtype="stop_hook_summary", content="Stop hook ran"),
        {"type": "summary", "summary": "Counted usage", "leafUuid": "a4"},
    ]


def _write(path, lines):
    with open(path, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write((line if isinstance(line, str) else json.dumps(line)) + "\n")
    return path


@pytest.fixture
def session_file(tmp_path):
    return _write(tmp_path / f"{SESSION}.jsonl", _lines())


def test_each_message_counts_once_per_model(session_file):
    result = transcript.read_usage(session_file)
    assert result["error"] is None
    assert result["truncated"] is False
    assert result["models"] == {
        OPUS: {
            "input_tokens": 3 + 1,
            "output_tokens": 210 + 90,  # the final count of msg_A, not its streaming snapshot
            "cache_creation_input_tokens": 2285 + 700,
            "cache_creation_1h_input_tokens": 500,
            "cache_read_input_tokens": 22137 + 24422,  # the zeroed row of msg_B changes nothing
            "messages": 2,
        },
        HAIKU: {  # the sidechain (subagent) call is a real call
            "input_tokens": 10,
            "output_tokens": 40,
            "cache_creation_input_tokens": 0,
            "cache_creation_1h_input_tokens": 0,
            "cache_read_input_tokens": 1200,
            "messages": 1,
        },
    }
    assert result["messages"] == 3
    assert result["lines"] == len(_lines())
    # only the broken assistant line: user, system, summary and synthetic lines are not errors
    assert result["skipped"] == 1


def test_reading_twice_gives_the_same_totals(session_file):
    assert transcript.read_usage(session_file) == transcript.read_usage(str(session_file))


def test_a_message_without_id_counts_per_request(tmp_path):
    line = _assistant("n1", "msg_X", OPUS, _usage(1, 2, 0, 0), {"type": "text", "text": "hi"}, "req_9")
    del line["message"]["id"]
    path = _write(
        tmp_path / "t.jsonl", [line, dict(line, uuid="n2"), dict(line, uuid="n3", requestId="req_10")]
    )
    models = transcript.read_usage(path)["models"]
    assert models[OPUS]["messages"] == 2
    assert models[OPUS]["output_tokens"] == 4


def test_bad_counters_count_as_zero_and_1h_writes_stay_within_writes(tmp_path):
    usage = {
        "input_tokens": "12",
        "output_tokens": -5,
        "cache_creation_input_tokens": 100,
        "cache_read_input_tokens": True,
        "cache_creation": {"ephemeral_1h_input_tokens": 400},
    }
    path = _write(
        tmp_path / "t.jsonl", [_assistant("b1", "msg_Z", OPUS, usage, {"type": "text", "text": "x"})]
    )
    assert transcript.read_usage(path)["models"][OPUS] == {
        "input_tokens": 0,
        "output_tokens": 0,
        "cache_creation_input_tokens": 100,
        "cache_creation_1h_input_tokens": 100,
        "cache_read_input_tokens": 0,
        "messages": 1,
    }


def test_byte_budget_reads_from_the_start_and_says_it_stopped(session_file):
    raw = session_file.read_bytes().splitlines(keepends=True)
    # budget: up to the end of the tool result line, the first Opus message only
    budget = sum(len(line) for line in raw[:6])
    result = transcript.read_usage(session_file, max_bytes=budget)
    assert result["truncated"] is True
    assert result["lines"] == 6
    assert result["models"] == {
        OPUS: {
            "input_tokens": 3,
            "output_tokens": 210,
            "cache_creation_input_tokens": 2285,
            "cache_creation_1h_input_tokens": 0,
            "cache_read_input_tokens": 22137,
            "messages": 1,
        }
    }
    # a budget ending inside a line does not count that line
    inside = transcript.read_usage(session_file, max_bytes=budget + 10)
    assert inside["truncated"] is True and inside["lines"] == 6 and inside["skipped"] == 0


def test_line_budget(session_file):
    result = transcript.read_usage(session_file, max_lines=3)
    assert result["truncated"] is True
    assert result["lines"] == 3
    assert result["models"][OPUS]["output_tokens"] == 5  # only the streaming snapshot was read
    assert transcript.read_usage(session_file, max_lines=len(_lines()))["truncated"] is False


def test_an_over_long_line_is_skipped_without_losing_the_next(tmp_path):
    huge = _base("user", "big", message={"role": "user", "content": "assistant usage " + "A" * 50_000})
    lines = [huge, _assistant("a1", "msg_A", OPUS, _usage(1, 2, 3, 4), {"type": "text", "text": "x"})]
    path = _write(tmp_path / "t.jsonl", lines)
    result = transcript.read_usage(path, max_line_bytes=4096)
    assert result["skipped"] == 1
    assert result["lines"] == 2
    assert result["models"][OPUS]["messages"] == 1
    assert result["truncated"] is False


def test_never_raises_on_bad_input(tmp_path):
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(
        b'\xff\xfe"assistant" "usage" not json\n'
        b'["assistant", "usage"]\n'
        b'{"type": "assistant", "usage": 1, "message": "not an object"}\n'
        b'{"type": "assistant", "message": {"id": "m", "model": 7, "usage": {}}}\n'
        + b'{"type": "assistant", "usage": ' * 5000
        + b"\n"
        + b"\n\n"
        # the last line while Claude Code is still writing it (no newline yet)
        + b'{"type": "assistant", "message": {"id": "msg_Q", "model": "claude-opus-4-6", "usage": {"inp'
    )
    result = transcript.read_usage(garbage)
    assert result["models"] == {}
    assert result["error"] is None
    assert result["skipped"] == 5  # the list line is valid JSON but no assistant record
    for bad in (tmp_path / "missing.jsonl", tmp_path, None, 12.5):
        answer = transcript.read_usage(bad)
        assert answer["models"] == {} and answer["error"], bad
    assert transcript.read_usage(garbage, max_bytes="many")["error"]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert transcript.read_usage(empty) == transcript.empty_usage()
