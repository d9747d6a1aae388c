"""The Codex CLI adapter: Codex's documented inputs translate to the payloads our handlers read,
every answer it gives validates against the JSON schemas Codex publishes
(``data/codex_hooks_schema/``, see its SOURCE.md), and the install merges ``.codex/hooks.json``
and ``.codex/config.toml`` without touching the user's own entries."""

import json
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pytest
from practice_client import adapter_codex as ac
from practice_client import hook_core, hooks

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).parent / "data" / "codex_hooks_schema"
SCHEMA_FILE = {
    "SessionStart": "session-start",
    "UserPromptSubmit": "user-prompt-submit",
    "PreToolUse": "pre-tool-use",
    "PostToolUse": "post-tool-use",
    "PreCompact": "pre-compact",
    "Stop": "stop",
}
PATCH = (
    "*** Begin Patch\n"
    "*** Update File: README.md\n@@\n-old\n+new\n"
    "*** Add File: addons/shop_sale/models/order.py\n+x = 1\n"
    "*** Update File: addons/shop_stock/models/move.py\n*** Move to: addons/shop_stock/models/moves.py\n@@\n-a\n+b\n"
    "*** Delete File: addons/shop_sale/old.py\n"
    "*** End Patch\n"
)


def schema(event, kind):
    return json.loads((SCHEMAS / f"{SCHEMA_FILE[event]}.command.{kind}.schema.json").read_text())


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "shop"
    for module in ("shop_sale", "shop_stock"):
        (root / "addons" / module / "models").mkdir(parents=True)
        (root / "addons" / module / "__manifest__.py").write_text("{'name': 'x'}\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def common(root, event, **extra):
    base = {
        "session_id": "019a5c1e-7f2d-7c11-9a40-1f2e3d4c5b6a",
        "transcript_path": "/home/dev/.codex/sessions/2025/11/04/rollout-2025-11-04T10-00-00-019a5c1e.jsonl",
        "cwd": str(root),
        "hook_event_name": event,
        "model": "gpt-5-codex",
    }
    if event != "PreCompact":
        base["permission_mode"] = "default"
    if event not in ("SessionStart", "PreToolUse"):
        base["turn_id"] = "turn-3"
    base.update(extra)
    return base


def samples(root):
    """Codex's documented inputs (required fields of each input schema, realistic values)."""
    return {
        "SessionStart": common(root, "SessionStart", source="startup"),
        "UserPromptSubmit": common(root, "UserPromptSubmit", prompt="Fix the lock cron of shop_sale"),
        "PreToolUse": common(
            root, "PreToolUse", tool_name="Bash", tool_input={"command": "pytest -q"}, tool_use_id="call_1"
        ),
        "PostToolUse": common(
            root,
            "PostToolUse",
            tool_name="Bash",
            tool_input={"command": "sed -i s/a/b/ addons/shop_sale/models/order.py"},
            tool_response={"exit_code": 0, "stdout": "", "stderr": ""},
            tool_use_id="call_2",
        ),
        "PreCompact": common(root, "PreCompact", trigger="auto"),
        "Stop": common(root, "Stop", stop_hook_active=False, last_assistant_message="Done."),
    }


# -- inputs --------------------------------------------------------------------------------------
def test_samples_follow_codex_input_schemas(tree):
    for event, payload in samples(tree).items():
        if event == "SessionStart":  # no schema file in the index: fields of SessionStartCommandInput
            assert set(payload) == {
                "session_id",
                "transcript_path",
                "cwd",
                "hook_event_name",
                "model",
                "permission_mode",
                "source",
            }
            continue
        jsonschema.validate(payload, schema(event, "input"))


def test_every_sample_translates_to_what_our_handlers_read(tree):
    for event, payload in samples(tree).items():
        sub = ac.EVENTS[event]
        assert sub in hooks.HANDLERS
        out = ac.to_claude(event, payload)
        assert out["hook_event_name"] == event
        assert out["session_id"] == payload["session_id"] and out["cwd"] == str(tree)
        assert "transcript_path" not in out and out["codex_transcript_path"] == payload["transcript_path"]
        if event == "SessionStart":
            assert out["source"] == "startup"
        if event == "UserPromptSubmit":
            assert out["prompt"] == payload["prompt"]
        if event in ("PreToolUse", "PostToolUse"):
            assert (
                out["tool_name"] == "Bash"
                and out["tool_input"]["command"] == payload["tool_input"]["command"]
            )
            assert hook_core.edit_target(out) == (None, None), "Bash is not an edit tool"
        if event == "PostToolUse":
            assert out["tool_response"] == payload["tool_response"]
        if event == "PreCompact":
            assert out["trigger"] == "auto"
        if event == "Stop":
            assert out["stop_hook_active"] is False


def test_apply_patch_becomes_an_edit_of_the_first_module_file(tree):
    # tool_name / tool_input as ApplyPatchHandler::pre_tool_use_payload sends them
    payload = common(
        tree, "PreToolUse", tool_name="apply_patch", tool_input={"command": PATCH}, tool_use_id="c"
    )
    out = ac.to_claude("PreToolUse", payload)
    first = str(tree / "addons/shop_sale/models/order.py")
    assert out["tool_name"] == "Write" and out["tool_input"]["file_path"] == first
    assert hook_core.edit_target(out) == ("Write", first)
    assert out["tool_input"]["file_paths"] == [
        first,
        str(tree / "README.md"),
        str(tree / "addons/shop_stock/models/move.py"),
        str(tree / "addons/shop_stock/models/moves.py"),
        str(tree / "addons/shop_sale/old.py"),
    ]
    each = ac.to_claude_each("PreToolUse", payload)
    assert [(p["tool_name"], p["tool_input"]["file_path"]) for p in each] == [
        ("Write", first),
        ("Edit", str(tree / "README.md")),
        ("Edit", str(tree / "addons/shop_stock/models/move.py")),
    ]
    post = ac.to_claude("PostToolUse", {**payload, "hook_event_name": "PostToolUse", "tool_response": "ok"})
    assert post["tool_name"] == "Write" and post["tool_response"] == "ok"


def test_patches_outside_modules_and_unreadable_patches(tree):
    only_readme = "*** Begin Patch\n*** Update File: README.md\n@@\n-a\n+b\n*** End Patch\n"
    out = ac.to_claude(
        "PreToolUse",
        common(
            tree, "PreToolUse", tool_name="apply_patch", tool_input={"command": only_readme}, tool_use_id="c"
        ),
    )
    assert out["tool_name"] == "Edit" and out["tool_input"]["file_path"] == str(tree / "README.md")
    bad = ac.to_claude(
        "PreToolUse",
        common(
            tree, "PreToolUse", tool_name="apply_patch", tool_input={"command": "nonsense"}, tool_use_id="c"
        ),
    )
    assert isinstance(hook_core.edit_target(bad), hook_core.Deny), (
        "an unreadable patch is denied (fail closed)"
    )
    shell = ac.to_claude(
        "PreToolUse",
        common(
            tree,
            "PreToolUse",
            tool_name="Bash",
            tool_input={"command": "apply_patch <<'EOF'\n" + PATCH + "EOF"},
            tool_use_id="c",
        ),
    )
    assert shell["tool_name"] == "Write" and shell["tool_input"]["file_path"].endswith(
        "shop_sale/models/order.py"
    )
    mcp = ac.to_claude(
        "PreToolUse",
        common(tree, "PreToolUse", tool_name="mcp__practice__lock_list", tool_input={}, tool_use_id="c"),
    )
    assert mcp["tool_name"] == "mcp__practice__lock_list"


def test_wrong_event_or_payload_is_refused(tree):
    with pytest.raises(ac.CodexAdapterError):
        ac.to_claude("SessionEnd", {})
    with pytest.raises(ac.CodexAdapterError):
        ac.to_claude("Stop", samples(tree)["PreCompact"])
    with pytest.raises(ac.CodexAdapterError):
        ac.to_claude("Stop", [])


# -- outputs -------------------------------------------------------------------------------------
DENY = hook_core.deny_json("shop_sale is locked by session B (Alice) until 10:40")
ANSWERS = {
    "session-start": [
        (0, "# Practice for shop\n\n## Hard rules\n- never edit .locks/\n", "practice: note\n"),
        (0, "", ""),
        (1, "", "practice: server unreachable\n"),
    ],
    "user-prompt-submit": [
        (
            0,
            json.dumps(
                {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "additionalContext": "## Rules"}}
            ),
            "",
        ),
        (0, "", ""),
        (1, "", "practice: cannot rank rules\n"),
        (2, "", "blocked prompt\n"),
    ],
    "pre-tool-use": [
        (0, DENY + "\n", ""),
        (0, "", ""),
        (0, json.dumps({"systemMessage": "practice: the lock server did not answer"}), ""),
        (
            0,
            json.dumps(
                {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"}}
            ),
            "",
        ),
        (2, "", "denied by exit 2\n"),
        (1, "", "Traceback...\n"),
    ],
    "post-tool-use": [
        (
            0,
            json.dumps({"decision": "block", "reason": "shop_sale is held by B; undo: git checkout -- x"}),
            "",
        ),
        (0, "", ""),
        (2, "", "blocked\n"),
        (1, "", "oops\n"),
    ],
    "pre-compact": [(0, "", ""), (0, "noted\n", ""), (1, "", "no server\n")],
    "stop": [
        (2, "", "Suite gate: run `pytest addons/shop_sale` and push the result\n"),
        (0, "", "practice: recorded usage\n"),
        (0, "", ""),
        (1, "", "boom\n"),
    ],
}


@pytest.mark.parametrize("sub", sorted(ANSWERS))
def test_every_answer_validates_against_codex_output_schema(sub):
    validator = schema(ac.SUB_COMMANDS[sub], "output")
    for code, out, err in ANSWERS[sub]:
        new_code, new_out, _err = ac.from_claude(sub, code, out, err)
        assert new_code == 0, "Codex reads our decisions from JSON on exit 0"
        if new_out:
            assert new_out.endswith("\n") and new_out.count("\n") == 1
            jsonschema.validate(json.loads(new_out), validator)


def test_answers_carry_the_decision():
    def answer(sub, code, out, err="", **kw):
        return json.loads(ac.from_claude(sub, code, out, err, **kw)[1] or "{}")

    deny = answer("pre-tool-use", 0, DENY)["hookSpecificOutput"]
    assert deny["permissionDecision"] == "deny" and "locked by session B" in deny["permissionDecisionReason"]
    assert answer("pre-tool-use", 0, "") == {}
    assert answer("pre-tool-use", 2, "", "no")["hookSpecificOutput"]["permissionDecisionReason"] == "no"
    # Codex rejects permissionDecision allow without updatedInput: never sent
    assert (
        answer(
            "pre-tool-use",
            0,
            json.dumps(
                {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"}}
            ),
        )
        == {}
    )
    assert answer("post-tool-use", 0, json.dumps({"decision": "block", "reason": "r"})) == {
        "decision": "block",
        "reason": "r",
    }
    assert answer("stop", 2, "", "run the suite\n") == {"decision": "block", "reason": "run the suite"}
    assert answer("stop", 0, "", "practice: ok\n") == {}
    start = answer("session-start", 0, "# Practice\n", env={"PRACTICE_SESSION": "s1"})["hookSpecificOutput"]
    assert start == {
        "hookEventName": "SessionStart",
        "additionalContext": "# Practice\n",
        "env": {"PRACTICE_SESSION": "s1"},
    }
    jsonschema.validate({"hookSpecificOutput": start}, schema("SessionStart", "output"))
    assert (
        answer("user-prompt-submit", 0, "plain text")["hookSpecificOutput"]["additionalContext"]
        == "plain text"
    )
    assert answer("session-start", 1, "", "down\n") == {"systemMessage": "down"}
    assert ac.from_claude("session-end", 0, "", "released\n") == (0, "", "released\n")


# -- install -------------------------------------------------------------------------------------
USER_HOOKS = (
    '{\n  "hooks": {\n    "PreToolUse": [\n      {\n        "matcher": "Bash",\n        "hooks": [\n'
    '          {\n            "type": "command",\n            "command": "./scripts/audit.sh",\n'
    '            "timeout": 30\n          }\n        ]\n      }\n    ]\n  }\n}\n'
)
USER_TOML = (
    '# my Codex settings\nmodel = "gpt-5-codex"   # keep this comment\n\n[mcp_servers.docs]\n'
    'command = "docs-mcp"\nargs = ["--port", "0"]'  # no final newline, on purpose
)


def test_install_merges_idempotently_and_uninstall_restores(tree):
    codex = tree / ".codex"
    codex.mkdir()
    (codex / "hooks.json").write_text(USER_HOOKS)
    (codex / "config.toml").write_text(USER_TOML)
    done = ac.install(str(tree))
    assert any("merged" in line for line in done) and any("added" in line for line in done)
    data = json.loads((codex / "hooks.json").read_text())
    assert data["hooks"]["PreToolUse"][0]["hooks"][0]["command"] == "./scripts/audit.sh"
    ours = {
        e: [h["command"] for g in data["hooks"][e] for h in g["hooks"] if ac.is_ours(h["command"])]
        for e in data["hooks"]
    }
    assert ours == {event: [f"practice hook --agent codex {sub}"] for event, _m, sub in ac.HOOK_EVENTS}
    assert data["hooks"]["PreToolUse"][1]["matcher"] == "Bash|apply_patch"
    text = (codex / "config.toml").read_text()
    assert text.startswith(USER_TOML + "\n" + ac.BEGIN + "\n")
    config = tomllib.loads(text)
    assert config["mcp_servers"]["practice"] == {"command": "practice", "args": ["mcp"]}
    assert config["mcp_servers"]["docs"]["command"] == "docs-mcp" and config["model"] == "gpt-5-codex"

    before = ((codex / "hooks.json").read_bytes(), (codex / "config.toml").read_bytes())
    again = ac.install(str(tree))
    assert all("already" in line for line in again)
    assert ((codex / "hooks.json").read_bytes(), (codex / "config.toml").read_bytes()) == before

    ac.install(str(tree), command="/opt/practice/bin/practice")  # another command: upgraded in place
    data = json.loads((codex / "hooks.json").read_text())
    assert sum(ac.is_ours(h["command"]) for gs in data["hooks"].values() for g in gs for h in g["hooks"]) == 6
    assert '"/opt/practice/bin/practice"' in (codex / "config.toml").read_text()

    ac.install(str(tree), uninstall=True)
    assert (codex / "hooks.json").read_text() == USER_HOOKS
    assert (codex / "config.toml").read_text() == USER_TOML
    assert all("already" in line or "absent" in line for line in ac.install(str(tree), uninstall=True))


def test_install_into_a_fresh_tree_and_uninstall_leaves_nothing(tree):
    ac.install(str(tree))
    json.loads((tree / ".codex" / "hooks.json").read_text())
    assert tomllib.loads((tree / ".codex" / "config.toml").read_text())["mcp_servers"]["practice"][
        "args"
    ] == ["mcp"]
    ac.install(str(tree), uninstall=True)
    assert not (tree / ".codex").exists()


@pytest.mark.parametrize(
    "toml, message",
    [
        ("model = \n", "not valid TOML"),
        (
            f'{ac.BEGIN}\n[mcp_servers.practice]\ncommand = "practice"\nargs = ["mcp"]\n',
            "broken practice markers",
        ),
        (f"a = 1\n{ac.END}\n{ac.BEGIN}\n", "broken practice markers"),
        ('[mcp_servers.practice]\ncommand = "mine"\n', "outside the practice markers"),
    ],
)
def test_install_refuses_broken_config_and_writes_nothing(tree, toml, message):
    codex = tree / ".codex"
    codex.mkdir()
    (codex / "config.toml").write_text(toml)
    with pytest.raises(ac.CodexAdapterError, match=message):
        ac.install(str(tree))
    assert not (codex / "hooks.json").exists()
    assert (codex / "config.toml").read_text() == toml


def test_install_refuses_broken_hooks_json(tree):
    (tree / ".codex").mkdir()
    (tree / ".codex" / "hooks.json").write_text("{not json")
    with pytest.raises(ac.CodexAdapterError, match="not valid JSON"):
        ac.install(str(tree))
    (tree / ".codex" / "hooks.json").write_text('{"hooks": []}')
    with pytest.raises(ac.CodexAdapterError, match="must be a JSON object"):
        ac.install(str(tree))
