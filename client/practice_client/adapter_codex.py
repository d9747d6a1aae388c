"""Codex CLI adapter: Codex's hook protocol in and out of the one policy in :mod:`.hooks`.

Standard library and :mod:`.hooks` (whose merge of a ``{"hooks": {event: [groups]}}`` file
``.codex/hooks.json`` shares: Codex reads Claude Code's layout). Our handlers (``hooks.HANDLERS``) read a Claude Code–shaped payload and
answer ``(exit_code, stdout, stderr)`` in Claude Code's protocol; this module translates both
ways and installs Codex's configuration; ``practice hook --agent codex`` and ``practice hooks
install --agent codex`` (:mod:`.hooks_cli`) run ``to_claude`` → handler → ``from_claude``.

Protocol facts, all from the repository ``openai/codex`` (read through the source index; the
versions differ per file, the commit read is named; the schema files tested against are kept in
``client/tests/data/codex_hooks_schema/`` with ``SOURCE.md``):

* Events — ``codex-rs/config/src/hook_config.rs`` (012d0aa0) ``HookEventsToml``: ``PreToolUse``,
  ``PermissionRequest``, ``PostToolUse``, ``PreCompact``, ``PostCompact``, ``SessionStart``,
  ``UserPromptSubmit``, ``Stop`` (newer: ``SubagentStart``/``SubagentStop``). There is **no
  SessionEnd**: a Codex session's locks go back by their lease (or ``practice lock release``).
* ``.codex/hooks.json`` — ``codex-rs/hooks/src/engine/discovery.rs`` (0082977c)
  ``load_hooks_json``: ``<config folder>/hooks.json`` of every config layer, the project layer's
  folder being ``.codex/``; parsed as ``HooksFile {hooks: HookEventsToml}`` =
  ``{"hooks": {"<Event>": [{"matcher": "...", "hooks": [{"type": "command", "command": "...",
  "timeout": <sec>, "async": false, "statusMessage": "..."}]}]}}``; an empty or unparsable file
  is skipped with a warning. Hooks may also sit in ``config.toml`` under ``[hooks]``; both at
  once give a warning, so we only write ``hooks.json``.
* Matcher — ``codex-rs/hooks/src/events/common.rs`` (0b9770ed): used by ``PreToolUse``,
  ``PermissionRequest``, ``PostToolUse`` (tool name) and ``SessionStart`` (source); ignored for
  the others; ``""``/``"*"``/absent match all; only ``[A-Za-z0-9_|]`` = exact names split on
  ``|``; else a regex.
* Tool names — ``HookToolName`` (codex-rs core/tools, found by ``find_string``): the shell tool is
  ``"Bash"`` with ``tool_input {"command": "<command line>"}``
  (``pre-tool-use.command.input.schema.json``); the edit tool is ``"apply_patch"`` with matcher
  aliases ``"Write"``/``"Edit"`` and ``tool_input {"command": "<the whole patch>"}``
  (``ApplyPatchHandler::pre_tool_use_payload``); MCP tools are ``mcp__<server>__<tool>`` with
  their JSON arguments. The patch grammar (``codex-rs/core/src/tools/handlers/apply_patch.rs``):
  ``*** Begin Patch`` / ``*** Add File: <path>`` / ``*** Delete File: <path>`` /
  ``*** Update File: <path>`` [``*** Move to: <path>``] / ``*** End Patch``; paths relative.
* Inputs — ``codex-rs/hooks/schema/generated/*.command.input.schema.json`` and
  ``codex-rs/hooks/src/schema.rs``: every event has ``session_id``, ``cwd``, ``hook_event_name``,
  ``model``, ``transcript_path`` (string or null); all but ``PreCompact`` ``permission_mode``;
  turn-scoped ones ``turn_id``. ``SessionStart``: ``source`` (``startup|resume|clear|compact``,
  ``events/session_start.rs``); ``UserPromptSubmit``: ``prompt``; ``PreToolUse``: ``tool_name``,
  ``tool_input``, ``tool_use_id``; ``PostToolUse``: those + ``tool_response``; ``PreCompact``:
  ``trigger`` (``manual|auto``); ``Stop``: ``stop_hook_active``, ``last_assistant_message``.
* Outputs — ``*.command.output.schema.json`` and ``codex-rs/hooks/src/engine/output_parser.rs``
  (0ea83813): every event takes ``continue``, ``stopReason``, ``suppressOutput``,
  ``systemMessage`` (shown as a warning). ``SessionStart``/``UserPromptSubmit``:
  ``hookSpecificOutput {hookEventName, additionalContext}`` (plain stdout also becomes context,
  but stdout starting with ``{``/``[`` that is not valid output fails the hook, so we always
  answer JSON); newer ``SessionStart`` also ``env`` (environment of later shell commands).
  ``PreToolUse``: ``hookSpecificOutput {hookEventName: "PreToolUse", permissionDecision:
  "deny", permissionDecisionReason}`` blocks; ``allow`` without ``updatedInput``, ``ask``,
  ``continue:false``, ``stopReason``, ``suppressOutput`` are *rejected* as unsupported (the hook
  fails, the call goes on), so we never send them; exit 2 + stderr also blocks.
  ``PostToolUse``: ``{"decision": "block", "reason"}`` (non-empty reason), ``reason`` without
  ``decision`` is invalid. ``Stop``: ``{"decision": "block", "reason"}`` continues the turn with
  the reason. ``PreCompact``: universal fields only. Any other exit code than 0 (and 2 where it
  blocks) is a failed, non-blocking hook (``events/session_start.rs``, ``pre_tool_use.rs``).
* ``.codex/config.toml`` MCP servers: ``[mcp_servers.<name>]`` with ``command`` and ``args``
  (``codex-rs/config/src/mcp_types.rs``, ``docs/config.md``).

Decisions: a patch touching several files is translated by :func:`to_claude` to its *first file
inside an Odoo module* (nearest folder with ``__manifest__.py``; else its first file) — tool
``Write`` for ``Add File``, else ``Edit`` — with every touched path in ``tool_input.file_paths``;
:func:`to_claude_each` gives one payload per touched module (and per file outside modules) so
the caller can run ``pre-tool-use`` on each and deny when one denies; files of other modules that
slip through are caught by ``post-tool-use`` (work-tree comparison). A ``Bash`` command that runs
``apply_patch`` with a patch (Codex intercepts those) is translated like the edit tool. Codex's
``transcript_path`` is its own rollout format, not Claude Code's JSONL: it is passed as
``codex_transcript_path`` so the Claude cost reader never misreads it (no cost recording yet).
"""

import json
import os
import re
import tomllib

from . import hooks

# Codex hook event -> `practice hook` sub-command
EVENTS = {
    "SessionStart": "session-start",
    "UserPromptSubmit": "user-prompt-submit",
    "PreToolUse": "pre-tool-use",
    "PostToolUse": "post-tool-use",
    "PreCompact": "pre-compact",
    "Stop": "stop",
}
SUB_COMMANDS = {sub: event for event, sub in EVENTS.items()}
SHELL_TOOL = "Bash"
PATCH_TOOL = "apply_patch"
TOOL_MATCHER = "Bash|apply_patch"  # exact names (common.rs); apply_patch also matches Edit/Write
# (Codex event, matcher, sub-command) written into .codex/hooks.json
HOOK_EVENTS = (
    ("SessionStart", None, "session-start"),
    ("UserPromptSubmit", None, "user-prompt-submit"),
    ("PreToolUse", TOOL_MATCHER, "pre-tool-use"),
    ("PostToolUse", TOOL_MATCHER, "post-tool-use"),
    ("PreCompact", None, "pre-compact"),
    ("Stop", None, "stop"),
)
COMMAND_TEMPLATE = "{command} hook --agent codex {sub}"
MCP_SERVER = "practice"
BEGIN, END = "# practice:begin", "# practice:end"
_PATCH_LINE = re.compile(r"^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)\s*$", re.M)
_OURS = re.compile(r"\shook --agent codex (" + "|".join(map(re.escape, SUB_COMMANDS)) + r")\s*$")
MAX_MESSAGE = 4000


class CodexAdapterError(ValueError):
    """A payload, hooks.json or config.toml the adapter refuses, with what to do."""


# -- in: Codex payload -> Claude-shaped payload -------------------------------------------------
def patch_paths(patch):
    """``[(operation, path)]`` of an apply_patch text, in order (``Move to`` included)."""
    if not isinstance(patch, str):
        return []
    return [(op, path) for op, path in _PATCH_LINE.findall(patch) if path]


def _module_of(path, top):
    """The nearest folder above ``path`` holding ``__manifest__.py``, not above ``top``."""
    folder, top = os.path.dirname(path), os.path.abspath(top)
    while True:
        if os.path.isfile(os.path.join(folder, "__manifest__.py")):
            return folder
        parent = os.path.dirname(folder)
        if folder == top or parent == folder or not (folder + os.sep).startswith(top.rstrip(os.sep) + os.sep):
            return None
        folder = parent


def _patch_of(tool_name, tool_input):
    """The patch text of an apply_patch call or of a shell command running ``apply_patch``."""
    command = tool_input.get("command") if isinstance(tool_input, dict) else None
    if isinstance(command, list):
        command = " ".join(str(part) for part in command)
    if not isinstance(command, str):
        return None
    if tool_name in (PATCH_TOOL, "Edit", "Write"):
        return command
    if tool_name == SHELL_TOOL and "apply_patch" in command and "*** Begin Patch" in command:
        return command
    return None


def _edits(payload):
    """``[(claude tool, absolute path)]`` of an edit call, the chosen one first; ``None`` when
    the call is not a patch."""
    tool_input = payload.get("tool_input")
    patch = _patch_of(payload.get("tool_name"), tool_input)
    if patch is None:
        return None
    cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else os.getcwd()
    found = []
    for op, path in patch_paths(patch):
        full = os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))
        if full not in [f for _t, f in found]:
            found.append(("Write" if op == "Add File" else "Edit", full))
    in_module = [item for item in found if _module_of(item[1], cwd) is not None]
    if in_module:
        found.remove(in_module[0])
        found.insert(0, in_module[0])
    return found


def _tool(payload):
    """``(tool_name, tool_input)`` in Claude Code's terms."""
    name, tool_input = payload.get("tool_name"), payload.get("tool_input")
    edits = _edits(payload)
    if edits is not None:
        patch = _patch_of(name, tool_input)
        if not edits:  # unreadable patch: no file_path, so the handler denies (fail closed)
            return "Edit", {"patch": patch}
        tool, path = edits[0]
        return tool, {"file_path": path, "file_paths": [p for _t, p in edits], "patch": patch}
    if name == SHELL_TOOL and isinstance(tool_input, dict):
        command = tool_input.get("command")
        if isinstance(command, list):
            command = " ".join(str(part) for part in command)
        return SHELL_TOOL, {**tool_input, "command": command}
    return name, tool_input


def to_claude(event, payload):
    """Codex's hook input for ``event`` (a key of :data:`EVENTS`) as the Claude Code–shaped
    payload our handlers read."""
    if event not in EVENTS:
        raise CodexAdapterError(
            f"{event!r} is not a Codex hook event the practice handles ({', '.join(EVENTS)})"
        )
    if not isinstance(payload, dict):
        raise CodexAdapterError("Codex hook input must be a JSON object")
    named = payload.get("hook_event_name")
    if named not in (None, event):
        raise CodexAdapterError(f"hook input is for {named!r}, the hook was installed for {event!r}")
    out = {"hook_event_name": event, "agent": "codex"}
    for key in ("session_id", "cwd", "model", "permission_mode", "turn_id"):
        if payload.get(key) is not None:
            out[key] = payload[key]
    if payload.get("transcript_path"):
        out["codex_transcript_path"] = payload["transcript_path"]
    if event == "SessionStart":
        out["source"] = payload.get("source") or "startup"
    elif event == "UserPromptSubmit":
        out["prompt"] = payload.get("prompt") if isinstance(payload.get("prompt"), str) else ""
    elif event in ("PreToolUse", "PostToolUse"):
        out["tool_name"], out["tool_input"] = _tool(payload)
        out["codex_tool_name"] = payload.get("tool_name")
        if payload.get("tool_use_id") is not None:
            out["tool_use_id"] = payload["tool_use_id"]
        if event == "PostToolUse" and "tool_response" in payload:
            out["tool_response"] = payload["tool_response"]
    elif event == "PreCompact":
        out["trigger"] = payload.get("trigger") or "auto"
    elif event == "Stop":
        out["stop_hook_active"] = bool(payload.get("stop_hook_active"))
        if payload.get("last_assistant_message") is not None:
            out["last_assistant_message"] = payload["last_assistant_message"]
    return out


def to_claude_each(event, payload):
    """Like :func:`to_claude`, but one payload per module an apply_patch touches (and per file
    outside any module), the chosen one first: run ``pre-tool-use`` on each, deny when one does."""
    first = to_claude(event, payload)
    edits = _edits(payload) if event in ("PreToolUse", "PostToolUse") else None
    if not edits or len(edits) < 2:
        return [first]
    cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else os.getcwd()
    seen, each = set(), []
    for tool, path in edits:
        key = _module_of(path, cwd) or path
        if key in seen:
            continue
        seen.add(key)
        each.append({**first, "tool_name": tool, "tool_input": {**first["tool_input"], "file_path": path}})
    return each


# -- out: Claude answer -> Codex answer ---------------------------------------------------------
def _message(text, fallback):
    text = (text or "").strip()
    return (text[:MAX_MESSAGE] if text else fallback).strip() or fallback


def _answer(obj):
    return json.dumps(obj, ensure_ascii=False) + "\n" if obj else ""


def _context(out, parsed):
    """The context our answer adds: ``additionalContext`` of its JSON, else its plain stdout."""
    if parsed is not None:
        specific = parsed.get("hookSpecificOutput")
        value = specific.get("additionalContext") if isinstance(specific, dict) else None
        return value if isinstance(value, str) and value.strip() else None
    return out if out and out.strip() else None


def from_claude(sub_command, code, out, err, *, env=None):
    """Our handler's ``(code, stdout, stderr)`` (Claude Code's protocol) as Codex's answer for
    the event of ``sub_command``. ``env`` (SessionStart only, e.g. ``{"PRACTICE_SESSION": id}``)
    is sent as ``hookSpecificOutput.env``, which only newer Codex versions accept (older ones
    reject unknown fields), so it is opt-in."""
    out, err = out or "", err or ""
    if sub_command == "session-end":  # no such Codex event: nothing to translate
        return code, "", err
    event = SUB_COMMANDS.get(sub_command)
    if event is None:
        raise CodexAdapterError(f"{sub_command!r} is not a practice hook sub-command")
    parsed = hooks.answer_object(out)
    answer = {}
    if (
        parsed is not None
        and isinstance(parsed.get("systemMessage"), str)
        and parsed["systemMessage"].strip()
    ):
        answer["systemMessage"] = parsed["systemMessage"]
    blocking = code == 2 and event in ("PreToolUse", "PostToolUse", "Stop", "UserPromptSubmit")
    if code not in (0, 2) or (code == 2 and not blocking):
        # Claude: a non-blocking error shown to the user; Codex: a warning, the agent goes on
        answer["systemMessage"] = _message(err, f"practice: hook {sub_command} failed (exit {code})")
        return 0, _answer(answer), err
    reason = _message(err, f"practice: {sub_command} refused") if blocking else None
    if event in ("SessionStart", "UserPromptSubmit"):
        context = _context(out, parsed)
        specific = {"hookEventName": event}
        if context:
            specific["additionalContext"] = context
        if env and event == "SessionStart":
            specific["env"] = {str(k): str(v) for k, v in env.items()}
        if len(specific) > 1:
            answer["hookSpecificOutput"] = specific
        if reason:
            answer.update(decision="block", reason=reason)
    elif event == "PreToolUse":
        specific = parsed.get("hookSpecificOutput") if parsed else None
        specific = specific if isinstance(specific, dict) else {}
        denied = specific.get("permissionDecision") == "deny" or (parsed or {}).get("decision") == "block"
        if denied or reason:
            why = specific.get("permissionDecisionReason") or (parsed or {}).get("reason") or reason
            answer["hookSpecificOutput"] = {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": _message(why, "practice: this edit is denied"),
            }
        elif isinstance(specific.get("additionalContext"), str) and specific["additionalContext"].strip():
            answer["hookSpecificOutput"] = {
                "hookEventName": "PreToolUse",
                "additionalContext": specific["additionalContext"],
            }
    elif event == "PostToolUse":
        if (parsed or {}).get("decision") == "block" or reason:
            answer.update(
                decision="block", reason=_message((parsed or {}).get("reason") or reason, "practice")
            )
        context = _context(out, parsed) if parsed is not None else None
        if context:
            answer["hookSpecificOutput"] = {"hookEventName": "PostToolUse", "additionalContext": context}
    elif event == "Stop":
        if reason or (parsed or {}).get("decision") == "block":
            answer.update(
                decision="block", reason=_message((parsed or {}).get("reason") or reason, "practice")
            )
    # PreCompact: universal fields only; our note goes to the session log, nothing to say
    return 0, _answer(answer), err


# -- install: .codex/hooks.json ----------------------------------------------------------------
def answer(event, payload, unreadable, decide, failed):
    """``practice hook --agent codex EVENT``: Codex's payload in, our decision (``decide``), its
    answer out. An apply_patch touching several modules is decided per module: one deny denies
    it. Unreadable input or a payload without ``hook_event_name`` gets ``failed``'s answer."""
    if unreadable is not None or not isinstance((payload or {}).get("hook_event_name"), str):
        error = unreadable or ValueError("the Codex hook input has no hook_event_name")
        return from_claude(event, *failed(event, error))
    try:
        each = to_claude_each(payload["hook_event_name"], payload)
    except Exception as error:
        return from_claude(event, *failed(event, error))
    answers = [decide(event, claude) for claude in each]
    chosen = next((a for a in answers if '"deny"' in a[1] or a[0] == 2), answers[0])
    return from_claude(event, *chosen)


def is_ours(command):
    return isinstance(command, str) and bool(_OURS.search(command))


def unmerge_hooks(data):
    """``data`` (a hooks.json object) without our handlers; everything else kept in order
    (:func:`.hooks.unmerge_hooks`: the file has Claude Code's settings layout)."""
    return hooks.unmerge_hooks(data, is_ours)


def merge_hooks(data, command="practice"):
    """``data`` with our handlers appended after the user's own (idempotent)."""
    return hooks.merge_hooks(
        data,
        HOOK_EVENTS,
        lambda sub: COMMAND_TEMPLATE.format(command=command, sub=sub),
        is_ours,
        error=CodexAdapterError,
        where=".codex/hooks.json",
    )


def _read(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(tmp, path)


def _install_hooks(path, command, uninstall):
    text = _read(path)
    if text is None or not text.strip():
        current = {}
    else:
        try:
            current = json.loads(text)
        except ValueError as err:
            raise CodexAdapterError(f"{path}: not valid JSON ({err}); fix it first") from None
    new = unmerge_hooks(current) if uninstall else merge_hooks(current, command)
    if new == current:
        return f"{path}: already {'without' if uninstall else 'with'} the practice hooks"
    if uninstall and not new:
        os.remove(path)
        return f"removed {path} (it held only the practice hooks)"
    _write(path, json.dumps(new, indent=2, ensure_ascii=False) + "\n")
    return f"{'removed the practice hooks from' if uninstall else 'merged the practice hooks into'} {path}"


# -- install: .codex/config.toml ---------------------------------------------------------------
def _toml_string(value):
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def mcp_block(command="practice"):
    return (
        f"{BEGIN}\n"
        "# added by `practice hooks install --agent codex`; removed by --uninstall\n"
        f"[mcp_servers.{MCP_SERVER}]\n"
        f"command = {_toml_string(command)}\n"
        'args = ["mcp"]\n'
        f"{END}\n"
    )


def _parse_toml(text, path, what):
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CodexAdapterError(f"{path}: {what} is not valid TOML ({err}); fix it first") from None


def _markers(text, path):
    """``(start, end)`` offsets of our block (end after its newline), ``None`` when absent."""
    begins = [m.start() for m in re.finditer(rf"(?m)^{re.escape(BEGIN)}[ \t]*$", text)]
    ends = [m.end() for m in re.finditer(rf"(?m)^{re.escape(END)}[ \t]*$\n?", text)]
    if not begins and not ends:
        return None
    if len(begins) != 1 or len(ends) != 1 or ends[0] <= begins[0]:
        raise CodexAdapterError(
            f"{path}: broken practice markers ({len(begins)} × '{BEGIN}', {len(ends)} × '{END}'); "
            f"keep exactly one '{BEGIN}' line followed by one '{END}' line (or delete both and what "
            "is between them) and run again"
        )
    return begins[0], ends[0]


def edit_config(text, command="practice", uninstall=False, path=".codex/config.toml"):
    """``text`` of a config.toml with our MCP block added, replaced or removed; everything
    outside our markers stays byte for byte. Refuses broken TOML, broken markers and a
    ``[mcp_servers.practice]`` of the user's own."""
    text = text or ""
    _parse_toml(text, path, "the file")
    span = _markers(text, path)
    if span is None:
        if uninstall:
            return text
        if MCP_SERVER in (_parse_toml(text, path, "the file").get("mcp_servers") or {}):
            raise CodexAdapterError(
                f"{path} already defines [mcp_servers.{MCP_SERVER}] outside the practice markers: "
                "remove it (the install adds its own) or keep yours and skip the MCP step"
            )
        new = text + ("\n" if text else "") + mcp_block(command)
    else:
        start, end = span
        before, after = text[:start], text[end:]
        if uninstall:
            if before.endswith("\n") and before.strip():
                before = before[:-1]  # the separator the install added
            new = before + after
        else:
            new = before + mcp_block(command) + after
    parsed = _parse_toml(new, path, "the result")
    if not uninstall:
        server = (parsed.get("mcp_servers") or {}).get(MCP_SERVER)
        if server != {"command": command, "args": ["mcp"]}:
            raise CodexAdapterError(
                f"{path}: after the merge [mcp_servers.{MCP_SERVER}] reads {server!r}: text after "
                f"'{END}' continues our table; start it with its own [table] header"
            )
    return new


def _install_config(path, command, uninstall):
    text = _read(path)
    if text is None and uninstall:
        return f"{path}: absent, nothing to remove"
    new = edit_config(text or "", command, uninstall, path)
    if new == (text or "") and text is not None:
        return f"{path}: already {'without' if uninstall else 'with'} the practice MCP server"
    if uninstall and not new:
        os.remove(path)
        return f"removed {path} (it held only the practice MCP server)"
    _write(path, new)
    return f"{'removed the practice MCP server from' if uninstall else 'added the practice MCP server to'} {path}"


def install(root, command="practice", uninstall=False):
    """Merge (or remove) our hooks in ``<root>/.codex/hooks.json`` and our MCP server in
    ``<root>/.codex/config.toml``; returns what was done, one line each. Both files are checked
    before either is written."""
    folder = os.path.join(root, ".codex")
    hooks_path, config_path = os.path.join(folder, "hooks.json"), os.path.join(folder, "config.toml")
    config_text = _read(config_path)
    if config_text is not None:
        edit_config(config_text, command, uninstall, config_path)  # refuse before writing anything
    existed = os.path.isdir(folder)
    done = [_install_hooks(hooks_path, command, uninstall), _install_config(config_path, command, uninstall)]
    if uninstall and existed and not os.listdir(folder):
        os.rmdir(folder)
        done.append(f"removed the empty {folder}")
    return done
