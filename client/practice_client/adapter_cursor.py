"""Cursor's hook protocol in and out of the practice's one policy (:mod:`.hooks`), standard
library only.

The hook handlers take a Claude Code–shaped payload and answer in Claude Code's protocol; this
adapter translates a Cursor hook's JSON (stdin) into that payload (:func:`to_claude`), and the
handler's ``(exit_code, stdout, stderr)`` into Cursor's answer (:func:`from_claude`);
:func:`run` does both around a dispatcher, :func:`install` writes ``.cursor/hooks.json`` and
``.cursor/mcp.json``.

Protocol facts, from Cursor's documentation, https://cursor.com/docs/agent/hooks (read through
the copy of that page kept in github.com/pcomans/caruso ``reference/cursor_hooks.md``, and
the Cupcake harness reference https://cupcake.eqtylab.io/reference/harnesses/cursor):

* ``<project>/.cursor/hooks.json`` (also ``~/.cursor/hooks.json`` and an enterprise file) is
  ``{"version": 1, "hooks": {"<event>": [{"command": "<shell string>"}]}}``; project hooks run
  from the project root, in a trusted workspace.
* Every hook gets on stdin ``conversation_id`` (stable across the turns of a conversation),
  ``generation_id`` (changes with every user message), ``model``, ``hook_event_name``,
  ``cursor_version``, ``workspace_roots`` (the workspace's root folders) and ``user_email``.
* ``beforeShellExecution``: ``command``, ``cwd``; ``beforeMCPExecution``: ``tool_name``,
  ``tool_input`` (JSON params, a string), plus ``url`` or ``command`` of the server. Both answer
  ``{"permission": "allow" | "deny" | "ask", "user_message": "<shown in the client>",
  "agent_message": "<sent to the agent>"}``.
* ``afterShellExecution``: ``command``, ``output``, ``duration``; ``afterFileEdit``:
  ``file_path`` (absolute), ``edits`` ``[{"old_string", "new_string"}]``. No answer fields:
  Cursor has no hook before an agent's file edit, so an edit is checked after the fact.
* ``beforeReadFile``: ``file_path``, ``content``, ``attachments``; answers ``permission``.
  Not installed: the practice does not gate reading.
* ``beforeSubmitPrompt``: ``prompt``, ``attachments``; answers ``{"continue": bool,
  "user_message": "<shown when blocked>"}`` — no context injection (Cupcake's reference:
  "beforeSubmitPrompt does NOT support context injection").
* ``stop``: ``status`` (``completed`` | ``aborted`` | ``error``), ``loop_count`` (how many
  follow-ups this stop hook already sent in the conversation, at most 5); answers
  ``{"followup_message": "<text>"}``, which Cursor submits as the next user message.
* Newer Cursor releases document more events (``sessionStart``/``sessionEnd``,
  ``preToolUse``/``postToolUse``, ``preCompact``); a validator of some releases refuses
  ``sessionStart`` ("Unknown hook type", forum.cursor.com/t/149566), so they are not installed
  here yet.

Mapping (``EVENTS``): a shell command is our ``Bash`` (pre-tool-use keeps the work tree's
picture and refuses a write into another session's module; post-tool-use takes the locks of
what the command changed), an MCP call is ``mcp__<server>__<tool>`` (passes; renews the
session's locks), ``afterFileEdit`` is a PostToolUse of ``Edit`` (takes the module's lock, or
answers a block). As ``afterFileEdit`` cannot answer, a block is shown to the user on stderr
(Cursor's Hooks output channel), kept in the git dir and handed to the agent with the next
permission answer (``agent_message``) and at the stop (``followup_message``, so the agent
undoes the change before it ends). The session is the ``conversation_id``.
"""

import hashlib
import json
import os
import re

from . import hook_core, hooks

# Cursor hook event -> `practice hook` sub-command
EVENTS = {
    "beforeSubmitPrompt": "user-prompt-submit",
    "beforeShellExecution": "pre-tool-use",
    "beforeMCPExecution": "pre-tool-use",
    "afterShellExecution": "post-tool-use",
    "afterFileEdit": "post-tool-use",
    "stop": "stop",
}
SHELL_TOOL = "Bash"
EDIT_TOOL = "Edit"
HOOKS_FILE = os.path.join(".cursor", "hooks.json")
MCP_FILE = os.path.join(".cursor", "mcp.json")
MCP_NAME = "practice"
DEFERRED_PREFIX = "cursor-deferred-"  # in the git dir's practice-hooks/: blocks not yet shown
_OURS = re.compile(r"\bpractice(_client)?\b.*\bhook\s+--agent[= ]cursor\b")


def hook_command(command, event):
    """What ``.cursor/hooks.json`` runs for ``event``: ``practice hook --agent cursor <sub>``
    (the Cursor event itself arrives on stdin as ``hook_event_name``)."""
    return f"{command} hook --agent cursor {EVENTS[event]}"


# -- in ----------------------------------------------------------------------------------------
def _text(value):
    return value if isinstance(value, str) else ""


def _cwd(payload):
    roots = payload.get("workspace_roots")
    if isinstance(roots, list) and roots and isinstance(roots[0], str) and roots[0]:
        return roots[0]
    return os.getcwd()


def _mcp_input(raw):
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw) if isinstance(raw, str) and raw.strip() else {}
    except ValueError:
        return {"raw": raw}
    return value if isinstance(value, dict) else {"value": value}


def to_claude(event, payload):
    """The Claude Code–shaped payload our handlers take, from Cursor's ``payload`` of ``event``;
    ``None`` for an event the practice does not handle."""
    if event not in EVENTS or not isinstance(payload, dict):
        return None
    root = _cwd(payload)
    out = {
        "session_id": _text(payload.get("conversation_id")) or None,
        "cwd": root,
        "transcript_path": payload.get("transcript_path")
        if isinstance(payload.get("transcript_path"), str)
        else None,
        "agent": "cursor",
    }
    if event in ("beforeShellExecution", "afterShellExecution"):
        name = "PreToolUse" if event.startswith("before") else "PostToolUse"
        command_cwd = _text(payload.get("cwd"))
        if command_cwd:
            out["cwd"] = command_cwd
        out.update(
            hook_event_name=name, tool_name=SHELL_TOOL, tool_input={"command": _text(payload.get("command"))}
        )
        if event == "afterShellExecution":
            out["tool_response"] = {"output": _text(payload.get("output"))}
    elif event == "beforeMCPExecution":
        server = (
            _text(payload.get("server_name")) or _text(payload.get("url")) or _text(payload.get("command"))
        )
        server = re.sub(r"[^A-Za-z0-9_-]+", "_", server).strip("_") or "server"
        tool = _text(payload.get("tool_name")) or "tool"
        out.update(
            hook_event_name="PreToolUse",
            tool_name=f"mcp__{server}__{tool}",
            tool_input=_mcp_input(payload.get("tool_input")),
        )
    elif event == "afterFileEdit":
        edits = payload.get("edits") if isinstance(payload.get("edits"), list) else []
        out.update(
            hook_event_name="PostToolUse",
            tool_name=EDIT_TOOL,
            tool_input={"file_path": _text(payload.get("file_path")), "edits": edits},
        )
    elif event == "beforeSubmitPrompt":
        out.update(hook_event_name="UserPromptSubmit", prompt=_text(payload.get("prompt")))
    elif event == "stop":
        loops = payload.get("loop_count")
        status = _text(payload.get("status")) or "completed"
        out.update(
            hook_event_name="Stop",
            # a follow-up of ours already ran, or the user aborted / the turn errored: no gate
            stop_hook_active=bool(isinstance(loops, int) and loops > 0) or status != "completed",
            status=status,
        )
    return out


# -- out ---------------------------------------------------------------------------------------
def _json(out):
    for line in reversed((out or "").strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return {}


def _one_line(text, limit=4000):
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def blocked(sub_command, code, out, err):
    """The reason a handler's answer blocks (a PostToolUse or Stop ``decision: block``, a Stop
    exit 2), else ``None``."""
    answer = _json(out)
    if answer.get("decision") == "block":
        return _one_line(_text(answer.get("reason")) or err) or "blocked by the practice"
    if sub_command == "stop" and code == 2:
        return _one_line(err) or "the practice blocked the stop"
    return None


def from_claude(sub_command, code, out, err, deferred=None):
    """Cursor's answer for our handler's ``(code, out, err)`` of ``sub_command``:
    ``(exit_code, stdout, stderr)``, stdout one line of Cursor's JSON. ``deferred``: blocks of
    earlier ``afterFileEdit`` calls not shown to the agent yet (see :func:`run`)."""
    answer, note = {}, ""
    pending = "\n\n".join(d for d in (deferred or ()) if d)
    if sub_command == "pre-tool-use":
        claude = _json(out)
        specific = (
            claude.get("hookSpecificOutput") if isinstance(claude.get("hookSpecificOutput"), dict) else {}
        )
        decision = specific.get("permissionDecision")
        reason = _one_line(_text(specific.get("permissionDecisionReason")))
        if code == 2:  # Claude Code: exit 2 in PreToolUse refuses the call, stderr is the reason
            decision, reason = "deny", _one_line(err) or "refused by the practice"
        if decision in ("deny", "ask"):
            answer = {"permission": decision, "user_message": reason, "agent_message": reason}
        else:
            answer = {"permission": "allow"}
            message = _one_line(_text(claude.get("systemMessage")) or (err if code else ""))
            if message:
                answer["user_message"] = message
        if pending:
            answer["agent_message"] = "\n\n".join(x for x in (answer.get("agent_message"), pending) if x)
    elif sub_command == "post-tool-use":
        reason = blocked(sub_command, code, out, err)
        if reason:
            note = reason + "\n"  # afterFileEdit has no answer field: the Hooks output channel shows it
    elif sub_command == "user-prompt-submit":
        # never blocks the prompt; Cursor cannot add context here (documented)
        answer = {"continue": True}
    elif sub_command == "stop":
        reason = blocked(sub_command, code, out, err)
        text = "\n\n".join(x for x in (pending, reason) if x)
        if text:
            answer = {"followup_message": text}
    if err and not note and code not in (0, 2):
        note = err if err.endswith("\n") else err + "\n"
    return 0, json.dumps(answer, ensure_ascii=False) + "\n", note


# -- deferred blocks ---------------------------------------------------------------------------
def _deferred_path(payload):
    session = _text(payload.get("session_id"))
    root = hook_core.work_tree(payload.get("cwd")) if session else None
    if not root:
        return None
    folder = hook_core.git_path(root, hook_core.STATE_DIR)
    if not folder:
        return None
    digest = hashlib.sha256(session.encode("utf-8")).hexdigest()[:24]
    return os.path.join(folder, DEFERRED_PREFIX + digest + ".json")


def defer(payload, reason):
    """Keep ``reason`` (a block the agent did not see) for the session of ``payload``."""
    path = _deferred_path(payload)
    if not path:
        return
    kept = peek(payload)
    if reason in kept:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(kept + [reason], handle)


def peek(payload):
    path = _deferred_path(payload)
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
    except (OSError, TypeError, ValueError):
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def take(payload):
    """The kept blocks of the session of ``payload``, forgotten once taken."""
    kept = peek(payload)
    if kept:
        try:
            os.unlink(_deferred_path(payload))
        except OSError:
            pass
    return kept


def run(event, payload, dispatch):
    """One Cursor hook: ``dispatch(sub_command, claude_payload) -> (code, out, err)`` runs our
    handler (``hooks.HANDLERS`` with the server call); returns Cursor's ``(code, out, err)``.
    A block after ``afterFileEdit``/``afterShellExecution`` is kept and handed to the agent by
    the next permission answer and by the stop."""
    claude = to_claude(event, payload)
    if claude is None:
        permission = event in ("beforeReadFile", "beforeTabFileRead")
        return 0, json.dumps({"permission": "allow"} if permission else {}) + "\n", ""
    sub = EVENTS[event]
    if event == "beforeSubmitPrompt":
        notes = _start_once(claude, dispatch)
        code, out, err = from_claude(sub, *dispatch(sub, claude))
        return code, out, notes + err
    code, out, err = dispatch(sub, claude)
    if sub == "post-tool-use":
        reason = blocked(sub, code, out, err)
        if reason:
            defer(claude, reason)
        return from_claude(sub, code, out, err)
    deferred = take(claude) if sub in ("pre-tool-use", "stop") else None
    return from_claude(sub, code, out, err, deferred=deferred)


def answer(event, payload, unreadable, decide, failed):
    """``practice hook --agent cursor EVENT``: the payload's ``hook_event_name`` says which
    Cursor hook this is (``event`` only names the answer of a hook that cannot decide)."""
    agent_event = (payload or {}).get("hook_event_name")
    if unreadable is not None or agent_event not in EVENTS:
        error = unreadable or ValueError(f"unknown Cursor hook {agent_event!r}")
        return from_claude(event, *failed(event, error))
    return run(agent_event, payload, decide)


def _started(claude):
    """Whether this conversation's session was started in this work tree (its hook state)."""
    try:
        where = hook_core.Where(claude, ask_git=False)
        return bool(hook_core.Session(claude, os.environ, where).load_state().get("started_at"))
    except (OSError, ValueError):
        return False


def _start_once(claude, dispatch):
    """Cursor has no session start the practice can rely on: the first prompt of a conversation
    runs ``session-start`` first (session log, snapshot, the work tree's picture, fresh rules
    files); its context cannot be injected there (Cursor's ``beforeSubmitPrompt`` takes none),
    the agent reaches it through the MCP server's ``context_bundle``. Returns what it said on
    stderr (never fails the prompt)."""
    if not claude.get("session_id") or _started(claude):
        return ""
    start = dict(claude, hook_event_name="SessionStart", source="startup")
    start.pop("prompt", None)
    _code, _out, err = dispatch("session-start", start)
    return err or ""


# -- install -----------------------------------------------------------------------------------
def _dump(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    os.replace(tmp, path)


def is_ours(entry):
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("command"), str)
        and bool(_OURS.search(entry["command"]))
    )


def unmerge_hooks(config):
    """``config`` (a ``.cursor/hooks.json`` dict) without the practice's entries."""
    config = json.loads(json.dumps(config))
    hooks = config.get("hooks")
    if not isinstance(hooks, dict):
        return config
    for event in list(hooks):
        entries = hooks[event]
        if not isinstance(entries, list):
            continue
        kept = [entry for entry in entries if not is_ours(entry)]
        if kept:
            hooks[event] = kept
        else:
            del hooks[event]
    return config


def merge_hooks(config, command="practice"):
    """``config`` with the practice's hooks (one per event of :data:`EVENTS`, appended after
    the user's); idempotent, an older install replaced in place."""
    if "hooks" in config and not isinstance(config["hooks"], dict):
        raise hook_core.HookInputError('"hooks" in .cursor/hooks.json must be a JSON object')
    merged = unmerge_hooks(config)
    merged.setdefault("version", 1)
    hooks = merged.setdefault("hooks", {})
    for event in EVENTS:
        if event in hooks and not isinstance(hooks[event], list):
            raise hook_core.HookInputError(f'"hooks.{event}" in .cursor/hooks.json must be a list')
        hooks.setdefault(event, []).append({"command": hook_command(command, event)})
    return merged


def _our_server(entry, command=None):
    if not isinstance(entry, dict) or entry.get("args") != ["mcp"]:
        return False
    name = os.path.basename(_text(entry.get("command")))
    return name == os.path.basename(command) if command else name.startswith("practice")


def merge_mcp(config, command="practice", uninstall=False):
    config = json.loads(json.dumps(config))
    servers = config.get("mcpServers")
    if servers is not None and not isinstance(servers, dict):
        raise hook_core.HookInputError('"mcpServers" in .cursor/mcp.json must be a JSON object')
    servers = config.setdefault("mcpServers", {}) if not uninstall else (servers or {})
    if uninstall:
        if _our_server(servers.get(MCP_NAME)):
            del servers[MCP_NAME]
        if "mcpServers" in config and not servers:
            del config["mcpServers"]
        return config
    current = servers.get(MCP_NAME)
    if not (_our_server(current, command) and current.get("command") == command):
        servers[MCP_NAME] = {"command": command, "args": ["mcp"]}
    return config


def _empty(config, hooks_file):
    if hooks_file:
        return not config.get("hooks") and set(config) <= {"version", "hooks"}
    return not config


def install(root, command="practice", uninstall=False):
    """Merge (or remove exactly) the practice's hooks into ``<root>/.cursor/hooks.json`` and its
    MCP server into ``<root>/.cursor/mcp.json``, keeping everything else; returns what changed."""
    done = []
    for rel, hooks_file in ((HOOKS_FILE, True), (MCP_FILE, False)):
        path = os.path.join(root, rel)
        current = hooks.load_json_object(path)
        if hooks_file:
            new = unmerge_hooks(current) if uninstall else merge_hooks(current, command)
        else:
            new = merge_mcp(current, command, uninstall=uninstall)
        if new == current:
            continue
        if uninstall and _empty(new, hooks_file):
            os.unlink(path)
            done.append(f"removed {rel}")
        else:
            _dump(path, new)
            done.append(f"{'updated' if uninstall else 'wrote'} {rel}")
    return done
