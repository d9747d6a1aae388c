"""Gemini CLI adapter: Gemini CLI's hook protocol in and out of the one policy in :mod:`.hooks`.

Standard library, :mod:`.hook_core` and :mod:`.hooks` (whose merge of a ``{"hooks": {event:
[groups]}}`` object serves: Gemini CLI's ``settings.json`` has Claude Code's layout). Our handlers
(``hooks.HANDLERS``) read a Claude Code–shaped payload and answer ``(exit_code, stdout, stderr)``
in Claude Code's protocol; this module translates both ways and installs Gemini CLI's
configuration; ``practice hook --agent gemini`` and ``practice hooks install --agent gemini``
(:mod:`.hooks_cli`) run ``to_claude`` → handler → ``from_claude``.

Protocol facts, all from the repository ``google-gemini/gemini-cli`` at commit 5411f113
(2026-08-21, ``v0.56.0-nightly.20260822``), read in a snapshot brought by ``fetch``; the payload
samples the tests feed are kept in ``client/tests/data/gemini/`` with ``SOURCE.md``:

* Events — ``packages/core/src/hooks/types.ts`` ``HookEventName``: ``BeforeTool``,
  ``AfterTool``, ``BeforeAgent``, ``AfterAgent``, ``SessionStart``, ``SessionEnd``,
  ``PreCompress``, ``Notification``, ``BeforeModel``, ``AfterModel``, ``BeforeToolSelection``
  (``docs/hooks/index.md``; ``packages/cli/src/commands/hooks/migrate.ts`` maps Claude Code's
  ``PreToolUse``→``BeforeTool``, ``PostToolUse``→``AfterTool``, ``UserPromptSubmit``→
  ``BeforeAgent``, ``Stop``→``AfterAgent``, ``PreCompact``→``PreCompress``).
* Configuration — ``docs/hooks/index.md`` and ``docs/hooks/reference.md``: ``settings.json``
  ``{"hooks": {"<Event>": [{"matcher": "...", "sequential": false, "hooks": [{"type":
  "command", "command": "...", "name": "...", "timeout": <ms, default 60000>,
  "description": "..."}]}]}}``; the project layer is ``<folder Gemini CLI starts in>/.gemini/
  settings.json`` (``packages/core/src/config/storage.ts`` ``getWorkspaceSettingsPath``; no
  search upwards), read with comments stripped (``packages/cli/src/config/settings.ts``:
  ``JSON.parse(stripJsonComments(...))``) and ignored in an untrusted folder; project hooks
  also do not run there (``hooks/hookRunner.ts``), and a new or changed project hook
  (``name:command``) is announced once with a warning (``hooks/trustedHooks.ts``,
  ``hooks/hookRegistry.ts``). The hooks system is on by default: ``hooksConfig.enabled``
  (default ``true`` since v0.27.0, commit 61040d0e; ``false`` in v0.26; before that
  ``hooks.enabled`` and ``tools.enableHooks``, removed in 95b7d69d) in
  ``packages/cli/src/config/settingsSchema.ts``; ``hooksConfig.disabled`` lists hook names
  (or commands) not to run. MCP servers sit in the same file under ``mcpServers`` (``{"<name>":
  {"command", "args", "env", "cwd", "timeout", "trust", ...}}``, ``MCPServerConfig``).
* Matcher — ``hooks/hookPlanner.ts``: absent, ``""`` or ``"*"`` match all; for tool events
  ``new RegExp(matcher).test(tool_name)`` (unanchored: we anchor ours), else exact string;
  lifecycle events match it exactly against ``source``/``reason``/``trigger``.
* Tool names and arguments — ``packages/core/src/tools/definitions/base-declarations.ts``:
  ``write_file`` (``file_path``, ``content``), ``replace`` (``file_path``, ``old_string``,
  ``new_string``, ``instruction``, ``allow_multiple``), ``run_shell_command`` (``command``,
  ``description``, ``dir_path`` — relative to the project root, ``dynamic-declaration-helpers.ts``;
  ``directory`` before commit f05d937f —, ``is_background``); a relative ``file_path`` is
  resolved against the project root (``tools/write-file.ts``, ``tools/edit.ts``). MCP tools are
  ``mcp_<server>_<tool>`` (``docs/hooks/reference.md``).
* Inputs — ``hooks/types.ts`` and ``hooks/hookEventHandler.ts`` (``createBaseInput``): every
  event has ``session_id``, ``transcript_path`` (the chat recording, a ``.jsonl`` file of Gemini
  CLI's own format, ``services/chatRecordingService.ts``; may be ``""``), ``cwd``,
  ``hook_event_name``, ``timestamp``. ``SessionStart``: ``source`` (``startup|resume|clear``;
  ``/clear`` ends the session and starts one with a *new* id, ``ui/commands/clearCommand.ts``);
  ``BeforeAgent``: ``prompt``; ``BeforeTool``: ``tool_name``, ``tool_input``, ``mcp_context``?,
  ``original_request_name``?; ``AfterTool``: those + ``tool_response`` (``llmContent``,
  ``returnDisplay``, ``error``); ``AfterAgent``: ``prompt``, ``prompt_response``,
  ``stop_hook_active``; ``PreCompress``: ``trigger`` (``manual|auto``); ``SessionEnd``:
  ``reason`` (``exit|clear|logout|prompt_input_exit|other``). The hook runs in ``cwd`` with the
  environment of Gemini CLI plus ``GEMINI_PROJECT_DIR``, ``GEMINI_CWD``, ``GEMINI_SESSION_ID``,
  ``CLAUDE_PROJECT_DIR`` (``hookRunner.ts``); with ``security.environmentVariableRedaction.
  enabled`` (default ``false``) names matching ``KEY``/``TOKEN``/``SECRET``/... are removed
  (``services/environmentSanitization.ts``): ``PRACTICE_API_KEY`` then never reaches the hook
  unless ``security.environmentVariableRedaction.allowed`` names it.
* Outputs — ``hooks/hookRunner.ts``: stdout (or, when stdout is empty, *stderr*) is parsed as
  JSON; text that is not JSON becomes ``{"decision": "allow", "systemMessage": text}`` on exit 0,
  ``"Warning: " + text`` on exit 1, and ``{"decision": "deny", "reason": text}`` on any other
  exit (so a missing ``practice`` command, exit 127, denies); a timeout or a crash gives no
  output, so the action goes on. ``hooks/types.ts`` ``DefaultHookOutput``: ``decision``
  ``"deny"`` or ``"block"`` blocks, ``reason`` says why; ``continue: false`` stops the agent;
  ``systemMessage`` is shown to the user; ``hookSpecificOutput.additionalContext`` is used with
  ``<``/``>`` escaped. Per event (``core/coreToolHookTriggers.ts``, ``scheduler/hook-utils.ts``,
  ``core/client.ts``, ``ui/AppContainer.tsx``, ``docs/hooks/reference.md``): ``BeforeTool`` deny
  → the tool does not run, the model gets ``Tool execution blocked: <reason>``;
  ``AfterTool`` deny → the result is replaced by ``Tool result blocked: <reason>``,
  ``additionalContext`` is appended to it; ``BeforeAgent`` ``additionalContext`` is appended to
  the prompt, deny drops the turn; ``AfterAgent`` deny sends ``reason`` as a new prompt and the
  agent goes on (``stop_hook_active: true`` on that run; ``BeforeAgent`` fires again for it);
  ``SessionStart`` ``additionalContext`` is added to the history (decision ignored);
  ``SessionEnd``/``PreCompress``: ``systemMessage`` only (the reference calls ``SessionEnd``
  best effort, "will not wait"; the source awaits it on exit and on ``/clear``:
  ``ui/AppContainer.tsx``, ``ui/commands/clearCommand.ts``).

Decisions: we always answer exit 0 with one JSON object (``{}`` when there is nothing to say),
so our stderr notes never become a ``systemMessage`` by accident; a Claude Code non-blocking
error (exit 1) becomes a ``systemMessage``. Claude's PreToolUse ``permissionDecision: deny``, a
PostToolUse or Stop ``decision: block`` and an exit 2 of a blocking event become ``{"decision":
"deny", "reason"}``. ``write_file`` is our ``Write``, ``replace`` our ``Edit``,
``run_shell_command`` our ``Bash`` (run in ``dir_path``); other tools keep their name (the
install matches only these three). The ``BeforeAgent`` that carries our own ``AfterAgent``
reason back as a prompt is not a user prompt (Claude Code runs no UserPromptSubmit for it): it is
answered ``{}`` without our handler, so the reason never becomes the session's task. Gemini's
``transcript_path`` is not Claude Code's JSONL: it is passed as ``gemini_transcript_path`` so
the Claude cost reader never misreads it (no cost recording yet).
"""

import hashlib
import json
import os
import re
import shlex

from . import hook_core, hooks

# Gemini CLI hook event -> `practice hook` sub-command
EVENTS = {
    "SessionStart": "session-start",
    "BeforeAgent": "user-prompt-submit",
    "BeforeTool": "pre-tool-use",
    "AfterTool": "post-tool-use",
    "PreCompress": "pre-compact",
    "AfterAgent": "stop",
    "SessionEnd": "session-end",
}
SUB_COMMANDS = {sub: event for event, sub in EVENTS.items()}
CLAUDE_EVENTS = {
    "SessionStart": "SessionStart",
    "BeforeAgent": "UserPromptSubmit",
    "BeforeTool": "PreToolUse",
    "AfterTool": "PostToolUse",
    "PreCompress": "PreCompact",
    "AfterAgent": "Stop",
    "SessionEnd": "SessionEnd",
}
WRITE_TOOL, EDIT_TOOL, SHELL_TOOL = "write_file", "replace", "run_shell_command"
TOOLS = {WRITE_TOOL: "Write", EDIT_TOOL: "Edit", SHELL_TOOL: "Bash"}  # Gemini -> Claude Code
TOOL_MATCHER = f"^({WRITE_TOOL}|{EDIT_TOOL}|{SHELL_TOOL})$"  # a regex, unanchored by Gemini
# (Gemini event, matcher, sub-command) written into .gemini/settings.json
HOOK_EVENTS = tuple(
    (event, TOOL_MATCHER if event in ("BeforeTool", "AfterTool") else None, sub)
    for event, sub in EVENTS.items()
)
COMMAND_TEMPLATE = "{command} hook --agent gemini {sub}"
HOOK_NAME = "practice-{sub}"  # what `/hooks disable <name>` and the trust warning show
SETTINGS_FILE = os.path.join(".gemini", "settings.json")
MCP_SERVER = "practice"
CONTINUE_PREFIX = "gemini-continue-"  # in the git dir's practice-hooks/: our AfterAgent reasons
_OURS = re.compile(r"\shook --agent gemini (" + "|".join(map(re.escape, SUB_COMMANDS)) + r")\s*$")
_COMMENT = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
MAX_MESSAGE = 4000


class GeminiAdapterError(ValueError):
    """A payload or settings.json the adapter refuses, with what to do."""


# -- in: Gemini payload -> Claude-shaped payload ------------------------------------------------
def _text(value):
    return value if isinstance(value, str) else ""


def _tool(name, tool_input, cwd):
    """``(claude tool name, claude tool_input, cwd the tool runs in)``."""
    claude = TOOLS.get(name, name)
    if name not in TOOLS or not isinstance(tool_input, dict):
        return claude, tool_input, cwd  # an unreadable edit input is denied by the handler
    args = dict(tool_input)
    if name == EDIT_TOOL and "allow_multiple" in args:
        args["replace_all"] = bool(args["allow_multiple"])
    if name == SHELL_TOOL:
        command = args.get("command")
        if isinstance(command, list):
            command = " ".join(str(part) for part in command)
        args["command"] = command if isinstance(command, str) else ""
        if args.get("is_background"):
            args["run_in_background"] = True
        folder = _text(args.get("dir_path")) or _text(args.get("directory"))
        if folder.strip() and cwd:
            cwd = os.path.normpath(os.path.join(cwd, os.path.expanduser(folder)))
    return claude, args, cwd


def to_claude(event, payload, sub_command=None):
    """Gemini CLI's hook input for ``event`` (a key of :data:`EVENTS`) as the Claude Code–shaped
    payload our handlers read; ``sub_command``, when given, must be the one ``event`` runs."""
    if event not in EVENTS:
        raise GeminiAdapterError(
            f"{event!r} is not a Gemini CLI hook event the practice handles ({', '.join(EVENTS)})"
        )
    if not isinstance(payload, dict):
        raise GeminiAdapterError("Gemini CLI hook input must be a JSON object")
    named = payload.get("hook_event_name")
    if named not in (None, event):
        raise GeminiAdapterError(f"hook input is for {named!r}, not {event!r}")
    if sub_command is not None and EVENTS[event] != sub_command:
        raise GeminiAdapterError(
            f"hook input is for {event!r} (practice hook {EVENTS[event]}), the hook was installed as "
            f"`practice hook {sub_command}`: run `practice hooks install --agent gemini` again"
        )
    out = {"hook_event_name": CLAUDE_EVENTS[event], "agent": "gemini", "gemini_event": event}
    for key in ("session_id", "cwd", "timestamp"):
        if _text(payload.get(key)):
            out[key] = payload[key]
    if _text(payload.get("transcript_path")):
        out["gemini_transcript_path"] = payload["transcript_path"]
    if event == "SessionStart":
        out["source"] = _text(payload.get("source")) or "startup"
    elif event == "BeforeAgent":
        out["prompt"] = _text(payload.get("prompt"))
    elif event in ("BeforeTool", "AfterTool"):
        name = payload.get("tool_name")
        out["tool_name"], out["tool_input"], cwd = _tool(name, payload.get("tool_input"), out.get("cwd"))
        if cwd:
            out["cwd"] = cwd
        out["gemini_tool_name"] = name
        for key in ("mcp_context", "original_request_name"):
            if payload.get(key) is not None:
                out[key] = payload[key]
        if event == "AfterTool" and "tool_response" in payload:
            out["tool_response"] = payload["tool_response"]
    elif event == "AfterAgent":
        out["stop_hook_active"] = bool(payload.get("stop_hook_active"))
        out["prompt"] = _text(payload.get("prompt"))
        if isinstance(payload.get("prompt_response"), str):
            out["last_assistant_message"] = payload["prompt_response"]
    elif event == "PreCompress":
        out["trigger"] = _text(payload.get("trigger")) or "auto"
    elif event == "SessionEnd":
        out["reason"] = _text(payload.get("reason")) or "other"
    return out


# -- out: Claude answer -> Gemini answer --------------------------------------------------------
def _message(text, fallback):
    text = (text or "").strip()
    return (text[:MAX_MESSAGE] if text else fallback).strip() or fallback


def _context(out, parsed):
    """The context our answer adds: ``additionalContext`` of its JSON, else its plain stdout."""
    if parsed is not None:
        specific = parsed.get("hookSpecificOutput")
        value = specific.get("additionalContext") if isinstance(specific, dict) else None
        return value if isinstance(value, str) and value.strip() else None
    return out if out and out.strip() else None


def _blocked(parsed):
    """Whether a Claude answer's JSON refuses (PreToolUse deny, PostToolUse/Stop block), and why."""
    parsed = parsed or {}
    specific = parsed.get("hookSpecificOutput")
    specific = specific if isinstance(specific, dict) else {}
    if specific.get("permissionDecision") == "deny":
        return True, _text(specific.get("permissionDecisionReason")) or _text(parsed.get("reason"))
    if parsed.get("decision") in ("block", "deny"):
        return True, _text(parsed.get("reason"))
    return False, ""


def from_claude(sub_command, code, out, err):
    """Our handler's ``(code, stdout, stderr)`` (Claude Code's protocol) as Gemini CLI's answer
    for the event of ``sub_command``: always exit 0 and one JSON object on stdout."""
    event = SUB_COMMANDS.get(sub_command)
    if event is None:
        raise GeminiAdapterError(f"{sub_command!r} is not a practice hook sub-command")
    out, err = out or "", err or ""
    parsed = hooks.answer_object(out)
    answer = {}
    if parsed is not None and _text(parsed.get("systemMessage")).strip():
        answer["systemMessage"] = parsed["systemMessage"]
    blocking = code == 2 and event in ("BeforeTool", "AfterTool", "BeforeAgent", "AfterAgent")
    if code not in (0, 2) or (code == 2 and not blocking):
        # Claude: a non-blocking error the user sees; Gemini: a message, the agent goes on
        answer["systemMessage"] = _message(err, f"practice: hook {sub_command} failed (exit {code})")
        return 0, json.dumps(answer, ensure_ascii=False) + "\n", err
    denied, why = _blocked(parsed)
    if blocking:
        denied, why = True, why or err
    if event in ("SessionStart", "BeforeAgent"):
        context = _context(out, parsed)
        if context:
            answer["hookSpecificOutput"] = {"hookEventName": event, "additionalContext": context}
        if blocking:
            answer.update(decision="deny", reason=_message(why, f"practice: {sub_command} refused"))
    elif event in ("BeforeTool", "AfterTool", "AfterAgent"):
        if denied:
            answer.update(decision="deny", reason=_message(why, f"practice: {sub_command} refused"))
        if event == "AfterTool" and parsed is not None:
            context = _context(out, parsed)
            if context:
                answer["hookSpecificOutput"] = {"hookEventName": event, "additionalContext": context}
    # PreCompress, SessionEnd: a systemMessage at most; our notes stay on stderr (Gemini's log)
    return 0, json.dumps(answer, ensure_ascii=False) + "\n", err


# -- the prompt our AfterAgent sent back -------------------------------------------------------
def _continue_path(claude):
    session = hook_core.session_of(claude, os.environ)
    root = hook_core.work_tree(claude.get("cwd")) if session else None
    folder = hook_core.git_path(root, hook_core.STATE_DIR) if root else None
    if not folder:
        return None
    digest = hashlib.sha256(session.encode("utf-8")).hexdigest()[:24]
    return os.path.join(folder, CONTINUE_PREFIX + digest + ".json")


def _remember_continuation(claude, reason):
    path = _continue_path(claude)
    if path:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"reason": reason}, handle)
        except OSError:
            pass


def _is_continuation(claude):
    """Whether this BeforeAgent prompt is the reason our AfterAgent answered (forgotten once seen)."""
    path = _continue_path(claude)
    try:
        with open(path, encoding="utf-8") as handle:
            reason = json.load(handle).get("reason")
    except (OSError, TypeError, ValueError, AttributeError):
        return False
    if not isinstance(reason, str) or not reason.strip() or reason.strip() not in claude.get("prompt", ""):
        return False
    try:
        os.unlink(path)
    except OSError:
        pass
    return True


def answer(event, payload, unreadable, decide, failed):
    """``practice hook --agent gemini EVENT``: Gemini's payload in, our decision (``decide``),
    its answer out. Unreadable input, a payload without ``hook_event_name`` or for another event
    gets ``failed``'s answer (pre-tool-use: a deny)."""
    named = payload.get("hook_event_name") if isinstance(payload, dict) else None
    if unreadable is not None or not isinstance(named, str):
        error = unreadable or GeminiAdapterError("the Gemini CLI hook input has no hook_event_name")
        return from_claude(event, *failed(event, error))
    try:
        claude = to_claude(named, payload, sub_command=event)
    except Exception as error:
        return from_claude(event, *failed(event, error))
    if named == "BeforeAgent" and _is_continuation(claude):
        return 0, "{}\n", ""
    code, out, err = from_claude(event, *decide(event, claude))
    if named == "AfterAgent":
        reason = (hooks.answer_object(out) or {}).get("reason")
        if isinstance(reason, str) and reason.strip():
            _remember_continuation(claude, reason)
    return code, out, err


# -- install: .gemini/settings.json ------------------------------------------------------------
def is_ours(command):
    return isinstance(command, str) and bool(_OURS.search(command))


def _name_ours(settings):
    for groups in (settings.get("hooks") or {}).values():
        for group in groups if isinstance(groups, list) else ():
            for hook in group.get("hooks", ()) if isinstance(group, dict) else ():
                if isinstance(hook, dict) and is_ours(hook.get("command")) and "name" not in hook:
                    hook["name"] = HOOK_NAME.format(sub=_OURS.search(hook["command"]).group(1))
    return settings


def mcp_entry(command="practice"):
    """Our ``mcpServers.practice``: ``<command> mcp``, the command split as a shell would."""
    argv = shlex.split(command) or ["practice"]
    return {"command": argv[0], "args": [*argv[1:], "mcp"]}


def is_our_server(entry):
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("args"), list)
        or entry["args"][-1:] != ["mcp"]
    ):
        return False
    words = [_text(entry.get("command")), *(str(a) for a in entry["args"])]
    return any(re.search(r"\bpractice(_client)?\b", os.path.basename(w)) for w in words)


def merge_settings(settings, command="practice"):
    """``settings`` with our hooks appended after the user's own and our MCP server; idempotent."""
    merged = hooks.merge_hooks(
        settings,
        HOOK_EVENTS,
        lambda sub: COMMAND_TEMPLATE.format(command=command, sub=sub),
        is_ours,
        error=GeminiAdapterError,
        where=SETTINGS_FILE,
    )
    servers = merged.get("mcpServers")
    if servers is not None and not isinstance(servers, dict):
        raise GeminiAdapterError(f'"mcpServers" in {SETTINGS_FILE} must be a JSON object')
    servers = merged.setdefault("mcpServers", {})
    current = servers.get(MCP_SERVER)
    if current is not None and not is_our_server(current):
        raise GeminiAdapterError(
            f'{SETTINGS_FILE} already has an MCP server "{MCP_SERVER}" of its own ({json.dumps(current)[:200]}): '
            "rename or remove it, then run the install again"
        )
    servers[MCP_SERVER] = {**(current or {}), **mcp_entry(command)}  # the user's extra keys stay
    return _name_ours(merged)


def unmerge_settings(settings):
    """``settings`` without our hooks and our MCP server; everything else kept in order."""
    cleaned = hooks.unmerge_hooks(settings, is_ours)
    servers = cleaned.get("mcpServers")
    if isinstance(servers, dict) and is_our_server(servers.get(MCP_SERVER)):
        del servers[MCP_SERVER]
        if not servers:
            del cleaned["mcpServers"]
    return cleaned


def _parse(text, path):
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as err:
        try:
            json.loads(_COMMENT.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text))
        except ValueError:
            raise GeminiAdapterError(f"{path}: not valid JSON ({err}); fix it first") from None
        raise GeminiAdapterError(
            f"{path} has comments (Gemini CLI reads them; this install cannot keep them): remove them, "
            "or add the hooks and the MCP server by hand"
        ) from None
    if not isinstance(value, dict):
        raise GeminiAdapterError(f"{path} must hold a JSON object")
    return value


def _indent(text):
    """The indentation of the file's first member (2 when none), so a rewrite keeps its style."""
    found = re.match(r"\{[ \t]*\r?\n([ \t]+)\"", text or "")
    return found.group(1) if found else 2


def _notes(settings, path):
    config = settings.get("hooksConfig")
    if isinstance(config, dict) and config.get("enabled") is False:
        return [f"note: {path} sets hooksConfig.enabled to false: Gemini CLI runs no hooks until it is true"]
    return []


def install(root, command="practice", uninstall=False):
    """Merge (or remove) our hooks and our MCP server in ``<root>/.gemini/settings.json``, keeping
    everything else (its indentation too); returns what was done. An invalid file is refused and
    nothing is written."""
    folder = os.path.join(root, ".gemini")
    path = os.path.join(root, SETTINGS_FILE)
    text = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    current = _parse(text, path)
    new = unmerge_settings(current) if uninstall else merge_settings(current, command)
    done = []
    if new == current:
        done.append(f"{path}: already {'without' if uninstall else 'with'} the practice hooks and MCP server")
    elif uninstall and not new:
        os.remove(path)
        done.append(f"removed {path} (it held only the practice hooks and MCP server)")
    else:
        os.makedirs(folder, exist_ok=True)
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(json.dumps(new, indent=_indent(text), ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        done.append(
            f"{'removed the practice hooks and MCP server from' if uninstall else 'merged the practice hooks and MCP server into'} {path}"
        )
    if uninstall and os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)
        done.append(f"removed the empty {folder}")
    return done + ([] if uninstall else _notes(new, path))
