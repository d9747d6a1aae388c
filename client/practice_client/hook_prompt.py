"""UserPromptSubmit: the practice relevant to each prompt, once per session (issue 25, item 1).

Claude Code runs the UserPromptSubmit hook when a prompt is submitted, before the model sees it.
What this handler relies on (Claude Code's hooks reference, https://code.claude.com/docs/en/hooks
section "UserPromptSubmit", as restated by the pages found with the ``search`` tool in 2026: the
input structure in the ``claude`` hex package, ``lib/claude/hooks/events/user_prompt_submit.ex``,
and https://dev.to/rulestack (a lab of ten output shapes); not checked against a live Claude Code):

* input (JSON on stdin): ``session_id``, ``transcript_path``, ``cwd``, ``permission_mode``,
  ``hook_event_name: "UserPromptSubmit"``, ``prompt`` (the text as typed; a slash command arrives
  unexpanded, ``/deploy staging``);
* output: exit 0 with ``{"hookSpecificOutput": {"hookEventName": "UserPromptSubmit",
  "additionalContext": "..."}}`` on stdout adds the text to the model's context (up to 10,000
  characters arrive whole; more becomes a file with a short preview);
* exit 2 blocks the prompt and erases it: never used here. Any other non-zero exit is a
  non-blocking error: the prompt goes on and the user sees stderr. Our failures answer 1 with
  one line on stderr; the prompt is never held back by the practice.

What it does: the prompt is the session's task (``state["task"]``, so a session start after a
compaction ranks by it); the first substantial prompt (at least 20 characters, not a slash
command) titles the session log when the session-start hook's automatic title is still there
(``practice.session.log.retitle``); ``practice.context.prompt`` answers the rules, memories,
glossary terms and runbooks relevant to the prompt that the session was not shown yet
(``state["shown"]``: the keys of earlier answers, the last SHOWN_KEEP), whole, within
PRACTICE_PROMPT_CONTEXT_BYTES (default 4,000). Nothing new relevant: exit 0, nothing printed.

Standard library only (the server is reached through ``ctx.call``).
"""

from .hook_core import int_env
from .lean_rpc import dumps

EVENT = "UserPromptSubmit"
DEFAULT_BYTES = 4000
MIN_BYTES, MAX_BYTES = 256, 25000  # what practice.context.prompt accepts
MAX_TASK_CHARS = 2000  # the server's limit of a task
MIN_TASK_CHARS = 20  # a shorter prompt ("yes", "go on") is not a task
SHOWN_KEEP = 500
TITLE_CHARS = 120


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def task_of(prompt):
    """The prompt as the session's task, or ``None`` when it is not one (too short, a slash
    command). At most MAX_TASK_CHARS characters."""
    text = prompt.strip()
    if len(text) < MIN_TASK_CHARS or text.startswith("/"):
        return None
    return text[:MAX_TASK_CHARS]


def title_of(task):
    """The session title a task gives: its first non-empty line, on one line, clipped."""
    first = next((line for line in task.splitlines() if line.strip()), task)
    return one_line(first, TITLE_CHARS)


def remember_shown(shown, keys):
    """``shown`` plus the new ``keys`` (no repeats), the last SHOWN_KEEP."""
    merged = [k for k in shown if isinstance(k, str)]
    seen = set(merged)
    for key in keys or []:
        if isinstance(key, str) and key not in seen:
            seen.add(key)
            merged.append(key)
    return merged[-SHOWN_KEEP:]


def budget(env):
    """PRACTICE_PROMPT_CONTEXT_BYTES within what the server accepts (default 4,000)."""
    return min(max(int_env(env, "PRACTICE_PROMPT_CONTEXT_BYTES", DEFAULT_BYTES), MIN_BYTES), MAX_BYTES)


def _error_text(err):
    return f"{type(err).__name__}: {one_line(err, 200) or '-'}"


def _retitle(ctx, session_id, task, state, notes):
    """Title the session log after its task, once: the server's answer (yes, or a refusal) is
    final; an unreachable server is asked again at the next substantial prompt."""
    try:
        ctx.call("practice.session.log", "retitle", session_id, title_of(task), only_untitled=True)
        state["titled"] = True
    except Exception as err:  # a title never holds the prompt back
        if not getattr(err, "unreachable", False):
            state["titled"] = True
        notes.append(f"session title: {_error_text(err)}")


PENDING_LOG = "log_pending"  # in the hook state: the session log a failed session-start could not open


def open_log(ctx, session_id, state, title=None, modules=(), model_name=None):
    """Open the session's log (``start`` is idempotent). With ``title`` (session-start) a server
    that does not answer leaves the start pending in ``state``; without it, a pending start is
    retried (by the session's next hooks), so a session whose start hit an outage still gets its
    log and its notes, memories and runs are not refused as "unknown session". Returns a note
    or ``None``; raises nothing."""
    pending = state.get(PENDING_LOG) if isinstance(state.get(PENDING_LOG), dict) else None
    if title is None:
        if not pending:
            return None
        title, modules, model_name = pending.get("title"), pending.get("modules") or [], pending.get("model")
    try:
        ctx.call(
            "practice.session.log",
            "start",
            session_id,
            title,
            modules=list(modules),
            model_name=model_name,
            repo=ctx.repo,
        )
    except Exception as err:  # the hook goes on; an unreachable server is asked again by the next hook
        if getattr(err, "unreachable", False):
            state[PENDING_LOG] = {"title": title, "modules": list(modules), "model": model_name}
        else:
            state.pop(PENDING_LOG, None)
        return f"session log: {one_line(err, 300)}"
    state.pop(PENDING_LOG, None)
    return None


def answer_json(markdown):
    return dumps({"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": markdown}})


def user_prompt_submit(ctx):
    """``(exit_code, stdout, stderr)`` of the UserPromptSubmit hook (see the module docstring)."""
    session_id = ctx.session_id
    prompt = ctx.payload.get("prompt")
    if not session_id or not isinstance(prompt, str) or not prompt.strip():
        return 0, "", ""
    notes = []
    state = ctx.load_state()
    problem = open_log(ctx, session_id, state)
    if problem:
        notes.append(problem)
    task = task_of(prompt)
    if task:
        state["task"] = task
        if not state.get("titled"):
            _retitle(ctx, session_id, task, state, notes)
    shown = state.get("shown") if isinstance(state.get("shown"), list) else []
    modules = state.get("modules") if isinstance(state.get("modules"), list) else []
    code, out = 0, ""
    try:
        answer = ctx.call(
            "practice.context",
            "prompt",
            prompt.strip()[:MAX_TASK_CHARS],
            session_id=session_id,
            modules=[m for m in modules if isinstance(m, str)],
            repo=ctx.repo,
            max_bytes=budget(ctx.env),
            shown=remember_shown(shown, ()),
        )
        if not isinstance(answer, dict):
            raise ValueError(f"unexpected answer of practice.context.prompt: {one_line(answer, 100)}")
        markdown = answer.get("markdown") or ""
        state["shown"] = remember_shown(shown, answer.get("keys"))
        if markdown.strip():
            out = answer_json(markdown) + "\n"
    except Exception as err:  # the prompt goes on whatever happened here
        code = 1
        notes.append(f"no practice context for this prompt ({_error_text(err)})")
    try:
        ctx.save_state(state)
    except OSError as err:
        notes.append(f"session state not saved ({_error_text(err)})")
    return code, out, "".join(f"practice: {note}\n" for note in notes)
