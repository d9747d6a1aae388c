"""Cline adapter: Cline's hook protocol in and out of the one policy in :mod:`.hooks`.

Standard library, :mod:`.hook_core` and :mod:`.modmap` only. Our handlers (``hooks.HANDLERS``)
read a Claude Code–shaped payload and answer ``(exit_code, stdout, stderr)`` in Claude Code's
protocol; this module translates both ways (:func:`to_claude`, :func:`from_claude`,
:func:`answer`) and installs Cline's hook scripts (:func:`install`); ``practice hook --agent
cline`` and ``practice hooks install --agent cline`` (:mod:`.hooks_cli`) run it.

Protocol facts, all from the repository ``cline/cline`` (fetched snapshot 21cb8d25, 2026-08-22;
the classic extension read at tags v3.36.0 = 9de4fc2a and v3.85.0 = 9ee61811; the payloads the
tests feed are in ``client/tests/data/cline/`` with ``SOURCE.md``). Cline has two generations
that share the hook *files* but not every detail; the adapter speaks both:

* Hook files — ``docs/customization/hooks.mdx`` (901d1b5c, the last full version; later commits
  point to the SDK plugin pages) and ``apps/vscode/src/core/hooks/hook-factory.ts``
  (``HookFactory.findUnixHook``/``findWindowsHook``): a workspace hook is
  ``<root>/.clinerules/hooks/<HookName>``, on macOS/Linux an extensionless *executable* file
  (the Hooks tab's toggle is its ``chmod 755``/``644``: ``controller/file/toggleHook.ts``), on
  Windows only ``<HookName>.ps1`` (run by PowerShell); global hooks live in
  ``~/Documents/Cline/Hooks/``; global and workspace hooks of one type *all* run, and a
  ``cancel`` of any one wins. The SDK runtime (``sdk/packages/core/src/hooks/hook-file-config.ts``
  c84da27d, ``sdk/packages/shared/src/storage/paths.ts`` ``resolveHooksConfigSearchPaths``) also
  reads ``.clinerules/hooks/`` (and ``.cline/hooks/``, its newer name for ``.clinerules``; the
  extension reads only ``.clinerules/hooks/``, ``apps/vscode/src/core/storage/disk.ts``
  ``hooksDir``, so we write there), matching the name case-insensitively with an optional
  extension and running a file by its shebang (``hook-file-hooks.ts`` ``inferHookCommand``).
  Hook types: ``TaskStart``, ``TaskResume``, ``TaskCancel``, ``TaskComplete``, ``PreToolUse``,
  ``PostToolUse``, ``UserPromptSubmit``, ``PreCompact`` (the SDK adds ``TaskError``,
  ``SessionShutdown``).
* Input — JSON on stdin (``apps/vscode/proto/cline/hooks.proto`` ``HookInput``, serialized in
  camelCase by ``hook-factory.ts`` ``StdioHookRunner``): ``clineVersion``, ``hookName`` (the
  hook type, e.g. ``"PreToolUse"``), ``timestamp`` (string), ``taskId``, ``workspaceRoots``
  (list), ``userId``, ``model {provider, slug}`` and one event object named like the hook in
  camelCase: ``preToolUse {toolName, parameters}`` (``parameters``: the tool's parameters, all
  strings), ``postToolUse {toolName, parameters, result, success, executionTimeMs}``,
  ``userPromptSubmit {prompt, attachments}``, ``taskStart``/``taskResume``/``taskCancel``/
  ``taskComplete {taskMetadata {taskId, ulid, …}}`` (``taskResume`` also ``previousState``,
  ``taskCancel``'s ``completionStatus`` is ``cancelled``/``abandoned``: v3.85.0
  ``src/core/task/index.ts``), ``preCompact {taskId, ulid, contextSize, compactionStrategy,
  tokensIn, …}``. The SDK's own file hooks (``sdk/packages/shared/src/hooks/events.ts``
  969ac0fc, ``hook-file-hooks.ts`` 9b9a067f ``createPayloadBase``; the Cline CLI) send the same
  event objects but ``hookName`` in the SDK's words — ``agent_start``, ``agent_resume``,
  ``prompt_submit``, ``tool_call``, ``tool_result``, ``agent_end``, ``agent_abort``,
  ``pre_compact`` — plus ``sessionContext {rootSessionId}``, ``agent_id``, and for tools
  ``tool_call {id, name, input}`` / ``tool_result`` with the raw (unstringified) input.
* Output — one JSON object on stdout, ``{"cancel": bool, "contextModification": "…",
  "errorMessage": "…"}`` (all optional; ``hook-factory.ts`` ``validateHookOutput``, the SDK's
  ``HookOutputSchema`` in ``sdk/packages/core/src/hooks/subprocess.ts``). Valid JSON is honoured
  whatever the exit code; no JSON and exit 0 goes on; no JSON and another exit code is a failed
  hook, and a failed or timed-out hook never blocks (fail open; 30 s in the extension, 120 s for
  the SDK's tool hooks). ``cancel: true`` with ``errorMessage`` (shown to the user) is the only
  way to refuse: before a tool it cancels the *whole task*, not just the call (v3.36.0/v3.85.0
  ``ToolExecutor.ts``/``ToolHookUtils.ts``: ``cancelTask()``; SDK: ``stop`` of the run), and the
  user gets Cline's resume button (which fires ``TaskCancel`` first). ``contextModification``
  is put in front of the model as ``<hook_context>`` after PreToolUse/PostToolUse (both
  generations), TaskStart/TaskResume/UserPromptSubmit (classic extension; the SDK-based v4
  extension ``apps/vscode/src/sdk/hooks-adapter.ts`` only honours their ``cancel``, the SDK's own
  file hooks run them detached and read nothing). ``TaskComplete`` and ``TaskCancel`` are not
  cancellable and their answer is ignored (v3.85.0 ``AttemptCompletionHandler.ts``:
  ``isCancellable: false``; v4 ``hooks-adapter.ts``). ``PreCompact`` is run by the classic
  extension only (``precompact-executor.ts``).
* Tools — classic (v3.85.0 ``src/shared/tools.ts`` ``ClineDefaultTool``, handlers in
  ``src/core/task/tools/handlers/``): ``write_to_file`` {``path``|``absolutePath``,
  ``content``}, ``replace_in_file`` {``path``, ``diff``}, ``new_rule`` {``path``, ``content``},
  ``apply_patch`` {``input``: ``*** Begin Patch`` / ``*** Add File:`` / ``*** Update File:`` /
  ``*** Delete File:`` / ``*** Move to:``, ``src/shared/Patch.ts``}, ``execute_command``
  {``command``, ``requires_approval``}. SDK (``sdk/packages/core/src/extensions/tools/
  constants.ts`` 12e33f5f, ``schemas.ts`` 4d3b161b): ``editor`` {``path`` (absolute),
  ``old_text``, ``new_text``, ``insert_line``}, ``apply_patch`` {``input``} or a bare string,
  ``run_commands`` {``commands``: list of strings or ``{command, args}``; also ``command``/``cmd``
  or a bare string/list}, and the v4 extension's ``delete_file`` {``path``}
  (``apps/vscode/src/sdk/sdk-tool-policies.ts``). Paths may be relative to the workspace root.
* MCP — Cline keeps its servers in its own ``cline_mcp_settings.json``, never in the project:
  the extension in its VS Code global storage (``settings/cline_mcp_settings.json``,
  ``apps/vscode/src/core/storage/disk.ts``), the SDK/CLI in
  ``~/.cline/data/settings/cline_mcp_settings.json`` or ``$CLINE_MCP_SETTINGS_PATH``
  (``paths.ts`` ``resolveMcpSettingsPath``); ``{"mcpServers": {"<name>": {"command": "…",
  "args": […]}}}`` is read by both (``apps/vscode/src/services/mcp/schemas.ts``,
  ``sdk/packages/core/src/extensions/mcp/config-loader.ts``).

Mapping (:data:`EVENTS`): TaskStart/TaskResume → ``session-start`` (source ``startup``/
``resume``), UserPromptSubmit → ``user-prompt-submit``, PreToolUse/PostToolUse →
``pre-tool-use``/``post-tool-use`` of ``Write``/``Edit`` (``file_path`` resolved against the
workspace root) or ``Bash`` (``command``; the commands of ``run_commands`` one per line),
PreCompact → ``pre-compact`` (trigger ``auto``), TaskComplete → ``stop``, TaskCancel →
``session-end``. The session is ``sessionContext.rootSessionId`` (SDK: sub-agents share their
root's locks), else ``taskId``; the root is the workspace root the hook runs in (Cline starts a
workspace hook there), else the first of ``workspaceRoots``.

Decisions: a denied edit or command answers ``cancel: true`` with the reason as
``errorMessage`` — Cline then cancels the task (its only way to refuse; the user resumes it).
Because that cancel fires ``TaskCancel`` at once, a ``TaskCancel`` within
:data:`CANCEL_WINDOW` seconds of our own refusal does *not* end the session (its locks are
kept; they lapse by their lease if the task is never resumed). A tool that cannot write
(``read_file``, MCP…) is answered ``cancel: false`` without asking the policy, as Claude Code's
matcher does. ``apply_patch`` is decided per module it touches (one refusal refuses it; an
unreadable patch is refused: the hook fails closed). A PostToolUse block (a write into another
session's module) is handed to the model as ``contextModification`` without cancelling, so the
agent can undo it. ``TaskComplete`` cannot keep the task going: a stop block (watchdog report,
red suite) goes to stderr (the hook's output in Cline's chat) and is kept for the session,
then handed to the model with the next ``UserPromptSubmit``/``TaskResume`` answer. Cline's
``timestamp``/``userId``/``clineVersion`` are not used; Cline's task history is not Claude's
JSONL transcript, so no cost is recorded.
"""

import json
import os
import re
import shlex
import stat
import time

from . import hook_core, hooks, modmap
from .adapter_codex import patch_paths  # the apply_patch grammar is the same (Cline took it from Codex)

# Cline hook type (= the hook file's name) -> `practice hook` sub-command
EVENTS = {
    "TaskStart": "session-start",
    "TaskResume": "session-start",
    "UserPromptSubmit": "user-prompt-submit",
    "PreToolUse": "pre-tool-use",
    "PostToolUse": "post-tool-use",
    "PreCompact": "pre-compact",
    "TaskComplete": "stop",
    "TaskCancel": "session-end",
}
# the SDK's hookName (Cline CLI, SDK runtime) -> the hook type
SDK_NAMES = {
    "agent_start": "TaskStart",
    "agent_resume": "TaskResume",
    "prompt_submit": "UserPromptSubmit",
    "tool_call": "PreToolUse",
    "tool_result": "PostToolUse",
    "pre_compact": "PreCompact",
    "agent_end": "TaskComplete",
    "agent_abort": "TaskCancel",
}
CLAUDE_EVENT = {
    "session-start": "SessionStart",
    "user-prompt-submit": "UserPromptSubmit",
    "pre-tool-use": "PreToolUse",
    "post-tool-use": "PostToolUse",
    "pre-compact": "PreCompact",
    "stop": "Stop",
    "session-end": "SessionEnd",
}
SHELL_TOOL = "Bash"
# Cline's file tools -> the Claude Code tool our policy knows (apply_patch: see _edits)
EDIT_TOOLS = {
    "write_to_file": "Write",
    "new_rule": "Write",
    "replace_in_file": "Edit",
    "editor": "Edit",
    "delete_file": "Edit",
}
PATCH_TOOL = "apply_patch"
SHELL_TOOLS = ("execute_command", "run_commands")
HOOKS_DIR = os.path.join(".clinerules", "hooks")
MCP_NAME = "practice"
MCP_ENV = ("PRACTICE_CLINE_MCP_SETTINGS", "CLINE_MCP_SETTINGS_PATH")
MARKER = "# practice: generated by `practice hooks install --agent cline`; `--uninstall` removes it"
CANCEL_WINDOW = 120  # seconds: a TaskCancel this soon after our refusal is Cline's answer to it
MAX_CONTEXT = 49_000  # characters; Cline cuts contextModification at 50,000
DEFERRED_KEY = "cline_deferred"  # in the session's state: stop blocks not yet seen by the model
REFUSED_KEY = "cline_refused_at"


class ClineAdapterError(ValueError):
    """A payload or a file the adapter refuses, with what to do."""


# -- in: Cline payload -> Claude-shaped payload -------------------------------------------------
def hook_of(payload):
    """The Cline hook type a payload is for (``hookName`` in either vocabulary), else ``None``."""
    name = payload.get("hookName") if isinstance(payload, dict) else None
    if not isinstance(name, str):
        return None
    name = SDK_NAMES.get(name, name)
    return name if name in EVENTS else None


def _text(value):
    return value if isinstance(value, str) else ""


def _blank(value):
    """No value (the extension sends ``null`` as the string ``"null"``)."""
    return value is None or (isinstance(value, str) and value.strip() in ("", "null"))


def _root(payload):
    """The workspace root the hook runs for: the root holding the current folder (Cline starts a
    workspace hook in its root), else the first root, else the current folder."""
    roots = payload.get("workspaceRoots")
    roots = [r for r in roots if isinstance(r, str) and r.strip()] if isinstance(roots, list) else []
    here = os.path.realpath(os.getcwd())
    for root in roots:
        real = os.path.realpath(root)
        if here == real or here.startswith(real.rstrip(os.sep) + os.sep):
            return root
    return roots[0] if roots else os.getcwd()


def _session(payload):
    context = payload.get("sessionContext")
    root_session = context.get("rootSessionId") if isinstance(context, dict) else None
    return _text(root_session).strip() or _text(payload.get("taskId")).strip() or None


def _tool_call(payload, hook):
    """``(cline tool name, parameters)``: the SDK's raw ``input`` when sent (lists stay lists, a
    bare string stays a string), else the event object's string parameters."""
    data = payload.get("preToolUse" if hook == "PreToolUse" else "postToolUse")
    data = data if isinstance(data, dict) else {}
    raw = payload.get("tool_call" if hook == "PreToolUse" else "tool_result")
    raw = raw if isinstance(raw, dict) else {}
    name = _text(data.get("toolName")) or _text(raw.get("name"))
    params = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
    if "input" in raw and raw["input"] is not None:
        params = {**params, **raw["input"]} if isinstance(raw["input"], dict) else raw["input"]
    return name, params


def _full(path, root):
    return os.path.normpath(os.path.join(root, os.path.expanduser(path)))


def _patch_of(params):
    if isinstance(params, str):
        return params
    return params.get("input") if isinstance(params, dict) and isinstance(params.get("input"), str) else None


def _commands(params):
    """The command line(s) of a shell tool, one per line."""
    if isinstance(params, dict):
        value = next((params[k] for k in ("commands", "command", "cmd") if k in params), None)
    else:
        value = params
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)  # the extension stringifies a list parameter
        except ValueError:
            pass
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("command"), str):
                args = [str(a) for a in item.get("args") or () if isinstance(a, str | int | float)]
                lines.append(shlex.join([item["command"], *args]))
            elif isinstance(item, str):
                lines.append(item)
        return "\n".join(lines)
    return value if isinstance(value, str) else ""


def _edits(name, params, root):
    """``[(claude tool, absolute path)]`` of a file tool's call, the first file inside an Odoo
    module first; ``None`` when the tool is not a file tool."""
    if name == PATCH_TOOL:
        found = []
        for op, path in patch_paths(_patch_of(params)):
            full = _full(path, root)
            if full not in [f for _t, f in found]:
                found.append(("Write" if op == "Add File" else "Edit", full))
        in_module = [item for item in found if modmap.find_module(item[1], root)]
        if in_module:
            found.remove(in_module[0])
            found.insert(0, in_module[0])
        return found
    if name not in EDIT_TOOLS:
        return None
    params = params if isinstance(params, dict) else {}
    path = _text(params.get("path")) or _text(params.get("absolutePath"))
    tool = EDIT_TOOLS[name]
    if name == "editor" and all(_blank(params.get(key)) for key in ("old_text", "insert_line")):
        tool = "Write"  # the SDK editor creates the file when there is no old text
    return [(tool, _full(path, root))] if path.strip() else []


def can_write(name):
    return name in EDIT_TOOLS or name == PATCH_TOOL or name in SHELL_TOOLS


def to_claude_each(payload):
    """The Claude Code–shaped payloads our handlers take for Cline's ``payload``: one, or for an
    ``apply_patch`` one per module it touches (and per file outside modules), the chosen one
    first; ``None`` for a tool call that cannot write (nothing to decide). Raises
    :class:`ClineAdapterError` for a payload that is not a Cline hook input."""
    if not isinstance(payload, dict):
        raise ClineAdapterError("Cline hook input must be a JSON object")
    hook = hook_of(payload)
    if hook is None:
        raise ClineAdapterError(
            f"hookName {payload.get('hookName')!r} is not a Cline hook the practice handles "
            f"({', '.join(EVENTS)})"
        )
    sub = EVENTS[hook]
    root = _root(payload)
    out = {
        "hook_event_name": CLAUDE_EVENT[sub],
        "agent": "cline",
        "cline_hook": hook,
        "session_id": _session(payload),
        "cwd": root,
    }
    model = payload.get("model")
    slug = _text(model.get("slug")) if isinstance(model, dict) else _text(model)
    if slug and slug != "unknown":
        out["model"] = slug
    if hook in ("TaskStart", "TaskResume"):
        out["source"] = "startup" if hook == "TaskStart" else "resume"
    elif hook == "UserPromptSubmit":
        data = payload.get("userPromptSubmit")
        out["prompt"] = _text(data.get("prompt")) if isinstance(data, dict) else ""
    elif hook == "PreCompact":
        out["trigger"] = "auto"  # Cline compacts on its own (compactionStrategy auto-condense/truncation)
    elif hook == "TaskComplete":
        out["stop_hook_active"] = False  # Cline has no follow-up loop: the gate runs at each completion
    elif hook == "TaskCancel":
        data = payload.get("taskCancel")
        meta = data.get("taskMetadata") if isinstance(data, dict) else None
        reason = _text(meta.get("completionStatus")) if isinstance(meta, dict) else ""
        out["reason"] = f"Cline task {reason or _text(payload.get('reason')) or 'cancelled'}"[:100]
    else:  # PreToolUse, PostToolUse
        name, params = _tool_call(payload, hook)
        if not can_write(name):
            return None
        out["cline_tool_name"] = name
        if hook == "PostToolUse":
            data = payload.get("postToolUse") if isinstance(payload.get("postToolUse"), dict) else {}
            out["tool_response"] = {"result": _text(data.get("result")), "success": data.get("success")}
        if name in SHELL_TOOLS:
            return [{**out, "tool_name": SHELL_TOOL, "tool_input": {"command": _commands(params)}}]
        edits = _edits(name, params, root)
        if not edits:  # no path we can read: no file_path, so pre-tool-use denies (fails closed)
            return [{**out, "tool_name": "Edit", "tool_input": {"cline_parameters": params}}]
        paths = [path for _tool, path in edits]
        each, seen = [], set()
        for tool, path in edits:
            hit = modmap.find_module(path, root)
            key = hit[0] if hit else path
            if key in seen:
                continue
            seen.add(key)
            each.append({**out, "tool_name": tool, "tool_input": {"file_path": path, "file_paths": paths}})
        return each
    return [out]


def to_claude(payload):
    """The (first) Claude Code–shaped payload for Cline's ``payload``; ``None`` when there is
    nothing to decide (a tool that cannot write)."""
    each = to_claude_each(payload)
    return each[0] if each else None


# -- out: Claude answer -> Cline answer ---------------------------------------------------------
def _bounded(text):
    text = (text or "").strip()
    return text if len(text) <= MAX_CONTEXT else text[: MAX_CONTEXT - 40] + "\n[practice: context cut here]"


def cline_answer(cancel=False, context="", error=""):
    """Cline's documented answer, one line of JSON."""
    return (
        json.dumps(
            {
                "cancel": bool(cancel),
                "contextModification": _bounded(context),
                "errorMessage": _bounded(error),
            },
            ensure_ascii=False,
        )
        + "\n"
    )


def _specific(parsed):
    value = (parsed or {}).get("hookSpecificOutput")
    return value if isinstance(value, dict) else {}


def _context(out, parsed):
    """The context our answer adds: ``additionalContext`` (or ``systemMessage``) of its JSON, else
    its plain stdout."""
    if parsed is None:
        return out.strip() if out and out.strip() else ""
    parts = [_specific(parsed).get("additionalContext"), parsed.get("systemMessage")]
    return "\n\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def refusal(sub_command, code, out, err):
    """The reason our answer refuses the call (PreToolUse deny or exit 2), else ``None``."""
    if sub_command != "pre-tool-use":
        return None
    parsed = hooks.answer_object(out)
    specific = _specific(parsed)
    if specific.get("permissionDecision") == "deny" or (parsed or {}).get("decision") == "block":
        why = specific.get("permissionDecisionReason") or (parsed or {}).get("reason")
        return _text(why).strip() or "practice: this tool call is refused"
    if code == 2:
        return (err or "").strip() or "practice: this tool call is refused"
    return None


def blocked(sub_command, code, out, err):
    """The reason of a PostToolUse ``decision: block`` or a Stop block (exit 2), else ``None``."""
    parsed = hooks.answer_object(out)
    if sub_command in ("post-tool-use", "stop") and (parsed or {}).get("decision") == "block":
        return _text(parsed.get("reason")).strip() or (err or "").strip() or "blocked by the practice"
    if sub_command in ("post-tool-use", "stop") and code == 2:
        return (err or "").strip() or "blocked by the practice"
    return None


def from_claude(sub_command, code, out, err, pending=()):
    """Cline's answer ``(0, stdout, stderr)`` for our handler's ``(code, out, err)`` of
    ``sub_command``; ``pending``: kept blocks to hand the model with this answer's context."""
    if sub_command not in CLAUDE_EVENT:
        raise ClineAdapterError(f"{sub_command!r} is not a practice hook sub-command")
    out, err = out or "", err or ""
    parsed = hooks.answer_object(out)
    context = [p for p in pending if p]
    reason = refusal(sub_command, code, out, err)
    if reason:
        return 0, cline_answer(cancel=True, error=reason), "" if code == 2 else err
    block = blocked(sub_command, code, out, err)
    if block:
        context.append(block)
        if sub_command == "stop" and not err.strip():
            err = block + "\n"  # TaskComplete reads no answer: the hook's output shows it
    elif sub_command in ("pre-tool-use", "post-tool-use", "session-start", "user-prompt-submit"):
        context.append(_context(out, parsed))
    return 0, cline_answer(context="\n\n".join(c for c in context if c)), err


# -- state kept for the session (the git dir, see hook_core.Session) ----------------------------
def _state(claude, environ=None):
    session = hook_core.Session(claude, environ)
    return session if session.session_id and session.in_git else None


def _quietly(function):
    """State keeping never fails a hook: on a file error it does nothing (returns ``None``)."""

    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (OSError, ValueError):
            return None

    run.__doc__, run.__name__ = function.__doc__, function.__name__
    return run


@_quietly
def defer(claude, reason, environ=None):
    """Keep ``reason`` (a stop block Cline did not show the model) for the session."""
    session = _state(claude, environ)
    if session is None:
        return
    state = session.load_state()
    kept = [r for r in state.get(DEFERRED_KEY) or () if isinstance(r, str)]
    if reason not in kept:
        state[DEFERRED_KEY] = (kept + [reason])[-5:]
        session.save_state(state)


@_quietly
def take(claude, environ=None):
    """The session's kept blocks, forgotten once taken (also forgets our last refusal: a later
    cancel is the user's)."""
    session = _state(claude, environ)
    if session is None:
        return []
    state = session.load_state()
    kept = [r for r in state.pop(DEFERRED_KEY, None) or () if isinstance(r, str)]
    if kept or state.pop(REFUSED_KEY, None) is not None:
        session.save_state(state)
    return kept


@_quietly
def _note_refusal(claude, environ=None):
    session = _state(claude, environ)
    if session is not None:
        state = session.load_state()
        state[REFUSED_KEY] = time.time()
        session.save_state(state)


@_quietly
def _cancel_was_ours(claude, environ=None, now=None):
    session = _state(claude, environ)
    if session is None:
        return False
    state = session.load_state()
    when = state.pop(REFUSED_KEY, None)
    if when is None:
        return False
    session.save_state(state)
    now = time.time() if now is None else now
    return isinstance(when, int | float) and 0 <= now - when <= CANCEL_WINDOW


def answer(event, payload, unreadable, decide, failed):
    """``practice hook --agent cline EVENT``: Cline's payload in, our decision (``decide``), its
    answer out. ``EVENT`` is the sub-command the hook script names; the payload's ``hookName``
    must be a Cline hook for it. Unreadable input gets ``failed``'s answer (pre-tool-use: a
    refusal)."""
    if unreadable is not None:
        return from_claude(event, *failed(event, unreadable))
    try:
        each = to_claude_each(payload)
        hook = hook_of(payload)
        if EVENTS[hook] != event:
            raise ClineAdapterError(f"the input is for Cline's {hook} hook, this script answers {event}")
    except Exception as error:
        if event == "pre-tool-use" and isinstance(payload, dict):
            _note_refusal({"session_id": _session(payload), "cwd": _root(payload)})
        return from_claude(event, *failed(event, error))
    if each is None:  # a tool call that cannot write: nothing to decide
        return 0, cline_answer(), ""
    claude = each[0]
    if event == "session-end" and _cancel_was_ours(claude):
        return (
            0,
            cline_answer(),
            "practice: Cline cancelled the task because the practice refused a tool call; the "
            "session goes on and keeps its locks (resume the task, or they lapse by their lease)\n",
        )
    answers = [decide(event, c) for c in each]
    chosen = next((a for a in answers if refusal(event, *a) or blocked(event, *a)), answers[0])
    pending = (take(claude) or ()) if event in ("session-start", "user-prompt-submit") else ()
    result = from_claude(event, *chosen, pending=pending)
    if event == "pre-tool-use" and refusal(event, *chosen):
        _note_refusal(claude)
    elif event == "stop":
        reason = blocked(event, *chosen)
        if reason:
            defer(claude, reason)
    return result


# -- install: .clinerules/hooks/<Hook> -----------------------------------------------------------
def script_name(hook, windows=False):
    return f"{hook}.ps1" if windows else hook


def script(hook, command="practice", windows=False):
    """The hook script ``.clinerules/hooks/<hook>`` runs: ``<command> hook --agent cline <sub>``
    with Cline's JSON passed on. On Unix the shebang must stay the first line (Cline runs the
    file by it), so :data:`MARKER` is the second."""
    sub = EVENTS[hook]
    if windows:
        return (
            f"{MARKER}\n"
            "[Console]::InputEncoding = [System.Text.UTF8Encoding]::new($false)\n"
            "$OutputEncoding = [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)\n"
            f"[Console]::In.ReadToEnd() | & {command} hook --agent cline {sub}\n"
            "exit $LASTEXITCODE\n"
        )
    return f"#!/bin/sh\n{MARKER}\nexec {command} hook --agent cline {sub}\n"


_COMMAND = re.compile(r"^(?:exec |\[Console\]::In\.ReadToEnd\(\) \| & )(.+) hook --agent cline \S+$", re.M)


def is_ours(path, hook):
    """Whether ``path`` is a script this install wrote for ``hook`` (exactly, whatever command):
    a script the user edited is theirs."""
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return False
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read(10_000)
    except (OSError, UnicodeDecodeError):
        return False
    found = _COMMAND.search(text)
    windows = path.endswith(".ps1")
    return bool(found) and text == script(hook, found.group(1), windows)


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _executable(path):
    return bool(os.stat(path).st_mode & stat.S_IXUSR)


def _write(path, text, executable):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    if executable:
        os.chmod(tmp, 0o755)
    os.replace(tmp, path)


def _mcp_path(environ):
    for name in MCP_ENV:
        value = (environ.get(name) or "").strip()
        if value:
            return os.path.expanduser(value)
    return None


def _our_server(entry):
    if not isinstance(entry, dict) or entry.get("args") != ["mcp"]:
        return False
    return os.path.basename(_text(entry.get("command"))).startswith("practice")


def merge_mcp(config, command="practice", uninstall=False, where="cline_mcp_settings.json"):
    """``config`` (Cline's MCP settings) with our ``practice`` server added, updated or removed;
    the user's servers, and the keys Cline adds to ours (``autoApprove``, ``disabled``…), kept.
    A ``practice`` server of the user's own is refused."""
    config = json.loads(json.dumps(config))
    servers = config.get("mcpServers")
    if servers is not None and not isinstance(servers, dict):
        raise ClineAdapterError(f'{where}: "mcpServers" must be a JSON object')
    current = (servers or {}).get(MCP_NAME)
    if current is not None and not _our_server(current):
        if uninstall:
            return config
        raise ClineAdapterError(
            f'{where} already has an MCP server "{MCP_NAME}" that is not `practice mcp`: rename it '
            "(the install adds its own) and run again"
        )
    if uninstall:
        if current is not None:
            del servers[MCP_NAME]
        return config
    servers = config.setdefault("mcpServers", {})
    servers[MCP_NAME] = {**(current or {}), "command": command, "args": ["mcp"]}
    return config


def mcp_snippet(command="practice"):
    return json.dumps({"mcpServers": {MCP_NAME: {"command": command, "args": ["mcp"]}}})


def install(root, command="practice", uninstall=False, *, windows=None, environ=None):
    """Write (or remove exactly) our hook scripts ``<root>/.clinerules/hooks/<Hook>`` (``.ps1``
    on Windows), one per hook of :data:`EVENTS`; a script of the user's own with one of those
    names is never overwritten: the install refuses before writing anything. The MCP server goes
    into the file ``PRACTICE_CLINE_MCP_SETTINGS`` or ``CLINE_MCP_SETTINGS_PATH`` names (Cline's
    settings live outside the project), else the answer says what to add. Returns what was done."""
    windows = os.name == "nt" if windows is None else windows
    environ = os.environ if environ is None else environ
    if not command.strip() or any(c in command for c in "\r\n\0"):
        raise ClineAdapterError(f"--command {command!r}: one line, not empty")
    rules = os.path.join(root, ".clinerules")
    folder = os.path.join(root, HOOKS_DIR)
    if os.path.lexists(rules) and not os.path.isdir(rules):
        raise ClineAdapterError(
            f"{rules} is a file (your Cline rules): Cline's workspace hooks live in .clinerules/hooks/. "
            "Make .clinerules a folder (move the rules into .clinerules/rules.md) and run again"
        )
    mcp_path = _mcp_path(environ)
    mcp_new = None
    if mcp_path:  # read and check before anything is written
        mcp_current = hooks.load_json_object(mcp_path, ClineAdapterError)
        mcp_new = merge_mcp(mcp_current, command, uninstall, mcp_path)
    done = []
    if uninstall:
        removed = []
        for hook in EVENTS:
            for name in {script_name(hook, False), script_name(hook, True)}:
                path = os.path.join(folder, name)
                if is_ours(path, hook):
                    os.remove(path)
                    removed.append(name)
        if removed:
            done.append(f"removed the practice's Cline hooks from {folder}: {', '.join(removed)}")
        for path in (folder, rules):
            if os.path.isdir(path) and not os.listdir(path):
                os.rmdir(path)
    else:
        theirs = [
            script_name(hook, windows)
            for hook in EVENTS
            if os.path.lexists(os.path.join(folder, script_name(hook, windows)))
            and not is_ours(os.path.join(folder, script_name(hook, windows)), hook)
        ]
        if theirs:
            raise ClineAdapterError(
                f"{folder} already has your own {', '.join(theirs)}: the practice never overwrites them. "
                "Cline runs the hooks of ~/Documents/Cline/Hooks/ too (global and workspace hooks of one "
                "type all run): move yours there, or rename them, and run again"
            )
        wrote, enabled = [], []
        for hook in EVENTS:
            name = script_name(hook, windows)
            path = os.path.join(folder, name)
            text = script(hook, command, windows)
            if is_ours(path, hook) and _read(path) == text:
                if not windows and not _executable(path):
                    os.chmod(path, 0o755)  # Cline's Hooks tab disables a hook by chmod 644
                    enabled.append(name)
                continue
            _write(path, text, executable=not windows)
            wrote.append(name)
        if wrote:
            done.append(f"wrote the practice's Cline hooks in {folder}: {', '.join(wrote)}")
        if enabled:
            done.append(f"enabled (chmod 755) {', '.join(enabled)} in {folder}")
        if not wrote and not enabled:
            done.append(f"{folder}: already with the practice's Cline hooks")
    if mcp_path:
        if mcp_new != mcp_current:
            os.makedirs(os.path.dirname(os.path.abspath(mcp_path)), exist_ok=True)
            _write(mcp_path, json.dumps(mcp_new, indent=2, ensure_ascii=False) + "\n", executable=False)
            what = "removed the practice MCP server from" if uninstall else "added the practice MCP server to"
            done.append(f"{what} {mcp_path}")
    elif not uninstall:
        done.append(
            "MCP: Cline reads its servers from its own cline_mcp_settings.json, not from the project: add "
            f"{mcp_snippet(command)} to it (VS Code: Cline's MCP Servers view, Configure; CLI: "
            "~/.cline/data/settings/cline_mcp_settings.json), or set CLINE_MCP_SETTINGS_PATH (or "
            "PRACTICE_CLINE_MCP_SETTINGS) to that file and install again to have it merged"
        )
    return done
