"""Agent hooks: Claude Code's hook protocol (JSON on stdin) answered by the practice.

Each handler takes the hook payload and an RPC ``call`` and returns ``(exit_code, stdout,
stderr)``; the CLI prints them. Exit 0 lets the agent go on, exit 2 blocks with stderr as the
reason (Stop), a ``permissionDecision: deny`` on stdout refuses one tool call (PreToolUse), any
other code is a non-blocking hook error the agent's user sees.
"""

import contextlib
import hashlib
import json
import os
import re
import shlex
import stat
import sys
import time

from . import (
    env_settings,
    gitguard,
    hook_core,
    hook_prompt,
    hook_shell,
    hook_suite,
    lock_proof,
    locks_mirror,
    repo_config,
    rules_sync,
    shell_watch,
    target,
    transcript,
)
from .hook_core import EDIT_TOOLS, MAX_PAYLOAD, HookInputError, int_env, lock_ttl
from .rpc import PracticeError

SHELL_TOOL = "Bash"
EDIT_MATCHER = "|".join(EDIT_TOOLS)
WRITE_MATCHER = f"{EDIT_MATCHER}|{SHELL_TOOL}"  # the tools that can change files
OFF_VALUES = ("0", "false", "no", "off")

# (event name in .claude/settings.json, matcher, `practice hook` sub-command)
HOOK_EVENTS = (
    ("SessionStart", None, "session-start"),
    ("UserPromptSubmit", None, "user-prompt-submit"),
    ("PreToolUse", WRITE_MATCHER, "pre-tool-use"),
    ("PostToolUse", WRITE_MATCHER, "post-tool-use"),
    ("PreCompact", None, "pre-compact"),
    ("Stop", None, "stop"),
    ("SessionEnd", None, "session-end"),
)
_OURS = re.compile(
    r"\bpractice(_client)?\b.*\bhook\s+(session-start|user-prompt-submit|pre-tool-use|post-tool-use|"
    r"pre-compact|stop|session-end)\b"
)
GUARD_MARKER = "# practice-lock-guard"


# -- input -----------------------------------------------------------------------------------
def read_payload(stream, allow_empty=True):
    """The hook's JSON object from ``stream`` (:func:`.hook_core.parse_payload`)."""
    stream = getattr(stream, "buffer", stream)
    return hook_core.parse_payload(stream.read(MAX_PAYLOAD + 1), allow_empty=allow_empty)


class HookContext(hook_core.Session):
    """Where the hook runs (:class:`.hook_core.Session`: the work tree, the session, its
    state), the repository and the server."""

    def __init__(self, payload, call, environ=None):
        super().__init__(payload, environ)
        self.repo = repo_config.resolve(self.env, self.root if self.in_git else None)
        self.call = call
        self.past_deadline = contextlib.nullcontext  # hooks_cli: the CLI context's (its time budget)

    def target(self, state=None):
        """The database the agent changes (:func:`.target.resolve`): the session's sandbox,
        PRACTICE_TARGET_*, the work tree's config, else the practice server's own."""
        state = self.load_state() if state is None else state
        return target.resolve(self.env, self.root if self.in_git else None, state)

    def target_call(self, where):
        """A call on the target ``where`` (``{"url", "db"}``), with the hook's timeout."""
        resolved = target.resolve(self.env, self.root if self.in_git else None, {"sandbox": where})
        return target.caller(self.env, resolved, self.call, timeout=env_settings.hook_timeout(self.env))

    def sync_mirror(self):
        """Refresh ``.locks/`` (only inside a git work tree); returns the entries."""
        entries = locks_mirror.fetch_held(self.call, self.repo)
        if self.in_git:
            locks_mirror.write_mirror(self.root, entries)
        return entries


def holder_text(module, holder, repo=None):
    holder = holder or {}
    where = f" (repository {repo})" if repo else ""
    return (
        f"{module}{where} is locked by session {holder.get('session_id') or '?'} "
        f"({holder.get('user') or '?'}) since {holder.get('since') or '?'} UTC"
        f"{' until ' + holder['expires_at'] + ' UTC' if holder.get('expires_at') else ''}: "
        f"{holder.get('reason') or '-'}"
    )


def deny(reason):
    """Claude Code's PreToolUse refusal (``permissionDecision: deny``) as one line of JSON."""
    return hook_core.deny_json(reason)


# -- pre-tool-use ----------------------------------------------------------------------------
def pre_tool_use(ctx):
    """Go on, or deny the edit (:func:`.hook_core.plan_edit` decides what needs the server).
    Fails closed: whatever it cannot read or decide is denied here or by the CLI
    (:func:`denied_on_error`), never a non-blocking error."""
    if ctx.payload.get("tool_name") == SHELL_TOOL:
        reason = hook_shell.plan_bash(ctx)
        return 0, (deny(reason) + "\n" if reason else ""), ""
    plan = hook_core.plan_edit(ctx.payload, ctx.env, ctx.where)
    if isinstance(plan, hook_core.Deny):
        return 0, deny(plan.reason) + "\n", ""
    if plan == hook_core.GO_ON:
        return 0, "", ""
    module, session_id = plan.module, ctx.require_session()
    answer = ctx.call(
        "practice.lock", "acquire", module, session_id, reason=plan.reason, repo=ctx.repo, **lock_ttl(ctx.env)
    )
    if not isinstance(answer, dict):
        raise HookInputError(f"unexpected answer of practice.lock.acquire: {str(answer)[:100]}")
    if answer.get("granted") is True:
        if ctx.in_git:
            hook_core.remember_grant(
                ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, session_id, answer
            )
        return 0, "", ""
    try:
        ctx.sync_mirror()
    except PracticeError:
        pass
    reason = (
        f"{holder_text(module, answer.get('holder'), answer.get('repo'))}. This session ({session_id}) may not edit "
        f"{os.path.relpath(plan.path, ctx.root)}: work on another module, or wait until the lock is released "
        "(`practice lock verify " + module + " --session " + session_id + "`)."
    )
    return 0, deny(reason) + "\n", ""


def fail_open(env, error):
    """Whether an edit may go on although the hook could not decide: only when the server did
    not answer (down, timed out) and the team chose so (``PRACTICE_FAIL_CLOSED=0``); bad input,
    a missing session or a refusal always deny. The pre-commit guard re-checks either way."""
    closed = (env.get("PRACTICE_FAIL_CLOSED") or "1").strip().lower() not in OFF_VALUES
    return not closed and isinstance(error, PracticeError) and error.unreachable


def unchecked_warning(error):
    """The PreToolUse answer of :func:`fail_open`: no decision (the agent's own permissions
    apply), a warning the user sees."""
    text = " ".join(f"{error}".split())[:300]
    return json.dumps(
        {
            "systemMessage": f"practice: the lock server did not answer ({text}); this edit was not "
            "lock-checked (PRACTICE_FAIL_CLOSED=0). The pre-commit guard re-checks at commit."
        }
    )


# -- post-tool-use -----------------------------------------------------------------------------
def post_tool_use(ctx):
    """After a tool call that can write (Bash and the edit tools): the modules whose files the
    call changed (:func:`.hook_shell.after_shell`) get this session's lock, as an edit tool's
    PreToolUse would have taken it; a module another session holds is answered with
    ``decision: "block"`` naming module, holder and files and how to undo the change there.
    Without a session nothing is locked (the pre-commit guard still refuses the commit)."""
    if not ctx.session_id:
        return 0, "", ""
    tool = ctx.payload.get("tool_name") if isinstance(ctx.payload.get("tool_name"), str) else "tool"
    settings = env_settings.Lean(ctx.env)
    for module, files in hook_shell.after_shell(ctx):
        proof = lock_proof.load(ctx.env, settings, ctx.root, ctx.repo, module, ctx.session_id)
        if proof and lock_proof.seconds_left(proof) > hook_core.renew_margin(ctx.env):
            continue
        reason = f"{tool} changed {files[0]}" + (f" (+{len(files) - 1} more)" if len(files) > 1 else "")
        answer = ctx.call(
            "practice.lock",
            "acquire",
            module,
            ctx.session_id,
            reason=reason[:200],
            repo=ctx.repo,
            **lock_ttl(ctx.env),
        )
        if isinstance(answer, dict) and answer.get("granted") is True:
            hook_core.remember_grant(ctx.env, settings, ctx.root, ctx.repo, ctx.session_id, answer)
            continue
        holder = answer.get("holder") if isinstance(answer, dict) else None
        text = holder_text(module, holder, answer.get("repo") if isinstance(answer, dict) else None)
        hook_shell.allow_undo(ctx, files)  # the undo named below is let through once
        try:
            ctx.sync_mirror()  # .locks/ shows the holder: the shell check refuses the next write there
        except (PracticeError, OSError):
            pass
        return 0, hook_shell.block_answer(module, text, files, ctx.root) + "\n", ""
    return 0, "", ""


def denied_on_error(error):
    """The PreToolUse answer when the hook could not decide (bad input, no session, server
    unreachable, any error): the edit is denied, with what went wrong."""
    text = " ".join(f"{error}".split())[:500] or type(error).__name__
    return deny(
        f"practice hook pre-tool-use could not decide ({type(error).__name__}: {text}); the edit is "
        "denied (the hook fails closed). Fix the cause (server reachable? PRACTICE_* set?) and retry."
    )


# -- session-start ---------------------------------------------------------------------------
def _watchdog_missing(err):
    text = str(err)
    return "practice.watchdog.snapshot" in text and ("exist" in text or "not found" in text.lower())


def export_session(env, session_id):
    """Hand the agent's shell its session id: Claude Code runs the ``export`` lines a
    SessionStart hook appends to the file ``CLAUDE_ENV_FILE`` names before each Bash command,
    so a ``git commit`` the agent runs carries ``PRACTICE_SESSION`` and the pre-commit guard
    counts that session's locks only (``.git/practice-session`` holds whichever session of the
    work tree started last). Returns a problem line, or ``None``."""
    path = (env.get("CLAUDE_ENV_FILE") or "").strip()
    if not path:
        return None
    if not os.path.isabs(path):
        return f"CLAUDE_ENV_FILE is not an absolute path ({path[:80]}): PRACTICE_SESSION not exported"
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"export PRACTICE_SESSION={shlex.quote(session_id)}\n")
    except OSError as err:
        return f"CLAUDE_ENV_FILE: {err.strerror or err}: PRACTICE_SESSION not exported"
    return None


# Claude Code puts at most 10,000 characters of a hook's context in front of the model (the
# rest goes to a file, with a short preview): the start context stays under it (a character
# is at least a byte). PRACTICE_CONTEXT_BYTES sets another budget for another agent.
SESSION_START_BYTES = 9000


def session_start(ctx):
    session_id = ctx.require_session()
    source = ctx.payload.get("source") or "startup"
    notes = []
    changed = gitguard.changed_modules(ctx.root) if ctx.in_git else []
    if ctx.in_git:
        hook_core.record_session(ctx.root, session_id)
    hook_shell.keep_stamp(ctx)  # the work tree as the session found it: its later changes are its own
    problem = export_session(ctx.env, session_id)
    if problem:
        notes.append(problem)
    entries = ctx.sync_mirror()
    ours = [e["module"] for e in entries if e.get("session") == session_id]
    # uncommitted changes in a module another live session holds are that session's work (two
    # sessions in one work tree): they are not this session's modules
    theirs = {e["module"] for e in entries if e.get("session") != session_id}
    modules = sorted(set(ours) | (set(changed) - theirs))
    title = f"Agent session ({source}) in {os.path.basename(ctx.root)}"
    model = ctx.payload.get("model") if isinstance(ctx.payload.get("model"), str) else None
    state = ctx.load_state()
    problem = hook_prompt.open_log(ctx, session_id, state, title, modules, model)
    if problem:
        notes.append(problem)
    if ctx.in_git and source == "startup":
        notes.extend(refresh_rules_files(ctx))
    state.setdefault("started_at", int(time.time()))  # the suite gate counts only runs pushed after it
    state["modules"] = modules  # the prompt hook ranks by them too
    if source in FORGOTTEN:
        state["shown"] = []  # the conversation lost what the prompt hook showed: show it again when relevant
    ctx.save_state(state)
    notes.extend(start_target(ctx, session_id, state))
    budget = int_env(ctx.env, "PRACTICE_CONTEXT_BYTES", SESSION_START_BYTES)
    # after a compaction, a resume or a clear the session goes on: its task ranks the rules again
    # and its own notes come back (the locks are in the bundle)
    resumed = source in RESUMED and state.get("task")
    own = own_notes(ctx, session_id) if source in RESUMED else ""
    bundle = ctx.call(
        "practice.context",
        "bundle",
        session_id=session_id,
        modules=modules,
        repo=ctx.repo,
        max_bytes=max(1000, budget - len(own.encode())),
        fmt="markdown",
        **({"task": state["task"]} if resumed else {}),
    )
    return 0, bundle.get("markdown", "") + own, "".join(f"practice: {n}\n" for n in notes)


def auto_sandbox(ctx, session_id, state):
    """PRACTICE_SANDBOX=auto: the session's sandbox, created when it has none (from
    PRACTICE_SANDBOX_TEMPLATE or the work tree's practice.sandboxTemplate). Returns notes."""
    if (ctx.env.get("PRACTICE_SANDBOX") or "").strip().lower() != "auto" or target.session_sandbox(state):
        return []
    template = target.template_of(ctx.env, ctx.root if ctx.in_git else None)
    if not template:
        return [
            "sandbox: PRACTICE_SANDBOX=auto needs PRACTICE_SANDBOX_TEMPLATE (or practice init --sandbox-template)"
        ]
    force = (ctx.env.get("PRACTICE_SANDBOX_FORCE") or "").strip().lower() in ("1", "true", "yes", "on")
    try:
        made = target.create(
            ctx.env,
            ctx.call,
            ctx.root if ctx.in_git else None,
            state,
            template,
            session_id,
            force=force,
            repo=ctx.repo,
        )
    except (PracticeError, target.SandboxError) as err:
        return [f"sandbox not created: {err}"]
    ctx.save_state(state)
    return [
        f"sandbox {made['name']} created from {template} on {made['url']}: run the agent's Odoo with -d {made['name']}"
    ]


def start_target(ctx, session_id, state):
    """Session start on the target: the sandbox (PRACTICE_SANDBOX=auto), the watchdog
    snapshot taken there (PRACTICE_STOP_GUARD), and the target recorded on the session log
    (url and database, no credentials). Returns notes."""
    notes = auto_sandbox(ctx, session_id, state)
    where = ctx.target(state)
    if ctx.env.get("PRACTICE_STOP_GUARD", "1").strip().lower() not in OFF_VALUES and not state.get(
        "snapshot_id"
    ):
        try:
            call = target.caller(ctx.env, where, ctx.call, timeout=env_settings.hook_timeout(ctx.env))
            snap = call("practice.watchdog.snapshot", "take", f"session {session_id}", session_id=session_id)
            state["snapshot_id"] = snap["id"]
            state["snapshot_target"] = target.public(where)
            ctx.save_state(state)
        except PracticeError as err:
            if not _watchdog_missing(err):
                notes.append(f"watchdog snapshot on {target.describe(where)}: {err}")
    try:
        shown = target.public(where)
        ctx.call(
            "practice.session.log",
            "record_target",
            session_id,
            target_url=shown["url"],
            target_db=shown["db"],
            sandbox=shown["sandbox"],
        )
    except PracticeError as err:
        notes.append(f"session target not recorded: {err}")
    return notes


def refresh_rules_files(ctx):
    """The exported rules files of this work tree (``practice rules export``) brought up to date
    at a session's start, so an agent reads today's rules even when the server goes down later;
    nothing where no export was made. Returns the notes to show (a refresh or a problem)."""
    try:
        result = rules_sync.refresh(ctx.call, ctx.root, ctx.repo)
    except (PracticeError, rules_sync.ExportError, OSError) as err:
        return [f"rules files not refreshed: {err}"]
    if result is None or result["fresh"]:
        return []
    return [f"rules files refreshed: {rules_sync.summary(result)}"]


RESUMED = ("compact", "resume", "clear")
FORGOTTEN = ("compact", "clear")  # sources after which the conversation no longer holds earlier context
OWN_NOTES = 8  # the session's last notes re-injected after a compaction
OWN_NOTES_BYTES = 1500


def own_notes(ctx, session_id):
    """The session's last notes (PreCompact writes one), newest last, as a markdown block; ""
    when there are none or the server cannot say."""
    try:
        rows = ctx.call(
            "practice.session.log.entry",
            "search_read",
            [("session_log_id.name", "=", session_id)],
            ["kind", "text", "timestamp"],
            order="id desc",
            limit=OWN_NOTES,
        )
    except PracticeError:
        return ""
    lines = []
    for row in reversed(rows or []):
        text = " ".join(str(row.get("text") or "").split())
        lines.append(f"- {row.get('timestamp')} **{row.get('kind')}**: {text[:300]}")
    block = "".join(f"{line}\n" for line in lines)
    while lines and len(block.encode()) > OWN_NOTES_BYTES:
        lines.pop(0)
        block = "".join(f"{line}\n" for line in lines)
    return f"\n## This session's notes so far\n\n{block}" if block else ""


# -- pre-compact -------------------------------------------------------------------------------
def pre_compact(ctx):
    """Before Claude Code compacts the conversation: a session-log note of where the session
    stands (task, locks held, the compaction's instructions), so what it learnt is not lost and
    the next session start (``source: compact``) brings it back."""
    session_id = ctx.session_id
    if not session_id:
        return 0, "", ""
    state = ctx.load_state()
    held = locks_mirror.fetch_held(ctx.call, ctx.repo, session_id=session_id)
    trigger = ctx.payload.get("trigger") if isinstance(ctx.payload.get("trigger"), str) else "auto"
    parts = [f"Context compacted ({trigger[:20]})."]
    if state.get("task"):
        parts.append(f"Task: {' '.join(str(state['task']).split())[:500]}")
    parts.append(f"Locks held: {', '.join(e['module'] for e in held) or 'none'}.")
    instructions = ctx.payload.get("custom_instructions")
    if isinstance(instructions, str) and instructions.strip():
        parts.append(f"Compaction instructions: {' '.join(instructions.split())[:500]}")
    ctx.call("practice.session.log", "note", session_id, "note", " ".join(parts))
    return 0, "", ""


# -- stop --------------------------------------------------------------------------------------
def flagged_report(snapshot_id, flagged, where=None):
    on = f" on {where['db']} at {where['url']}" if where else ""
    lines = [
        f"The practice watchdog flagged data changes{on} since this session started (snapshot {snapshot_id}):"
    ]
    for f in flagged:
        lines.append(
            f"  - {f.get('model')} {f.get('metric')}: {f.get('before')} -> {f.get('after')} "
            f"(delta {f.get('delta')}, threshold {f.get('threshold')})"
        )
    lines.append(
        "Before saying you are done: check these changes were intended (a deletion? a mass update?), "
        "undo them if not, and say what they are in your answer. This is reported once."
    )
    if where and not where.get("sandbox"):
        lines.append(target.SHARED_NOTE)
    return "\n".join(lines) + "\n"


TRANSCRIPT_MAX_BYTES = 64 * 1024 * 1024  # read per hook at most (PRACTICE_TRANSCRIPT_MAX_BYTES)


def record_cost(ctx):
    """Send the session's tokens per model, read from the agent's transcript (``transcript_path``
    of every Claude Code hook: :func:`.transcript.read_usage`), to its session log: the server
    prices them. Skipped when the file did not change since the last hook (no read, no round
    trip). Returns a problem line, or ``None``; never raises on our failure."""
    path = ctx.payload.get("transcript_path")
    if not ctx.session_id or not isinstance(path, str) or not path.endswith(".jsonl"):
        return None
    try:
        stamp = [os.stat(path).st_size, os.stat(path).st_mtime_ns]
    except OSError:
        return None
    state = ctx.load_state()
    if state.get("usage_stamp") == stamp:
        return None
    usage = transcript.read_usage(
        path, max_bytes=int_env(ctx.env, "PRACTICE_TRANSCRIPT_MAX_BYTES", TRANSCRIPT_MAX_BYTES)
    )
    if usage["models"]:
        try:
            ctx.call("practice.session.log", "record_usage", ctx.session_id, usage["models"])
        except PracticeError as err:
            return f"session cost: {err}"
    state["usage_stamp"] = stamp
    ctx.save_state(state)
    return None


def stop(ctx):
    """Before the agent says it is done: the session's cost is recorded; a watchdog diff since
    the session started blocks once (PRACTICE_STOP_GUARD); then, when the session changed
    modules, the suite must be green for the work tree as it is (:func:`.hook_suite.suite_gate`,
    PRACTICE_SUITE_GATE). Never traps the agent: ``stop_hook_active`` and our failures let it stop."""
    reopen_log(ctx)
    record_cost(ctx)
    if ctx.payload.get("stop_hook_active") or not ctx.session_id:
        return 0, "", ""  # already continuing because of a stop hook: never trap the agent
    report = watchdog_report(ctx)
    if report:
        return 2, "", report
    problems = []
    reason = hook_suite.suite_gate(ctx, session_modules(ctx), problems)
    if reason:
        return 2, "", reason
    return 0, "", "".join(f"practice: {p}\n" for p in problems)


def reopen_log(ctx):
    """The session log a session-start could not open (the server did not answer), opened now:
    a note, or ``None`` (also when nothing was pending)."""
    if not ctx.session_id:
        return None
    state = ctx.load_state()
    if not state.get(hook_prompt.PENDING_LOG):
        return None
    problem = hook_prompt.open_log(ctx, ctx.session_id, state)
    ctx.save_state(state)
    return problem


def session_modules(ctx):
    """The modules this session holds in this work tree (by its proofs: no round trip): what it
    changed, since every change of a module file takes its lock."""
    if not (ctx.in_git and ctx.session_id):
        return []
    proofs = lock_proof.of_session(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, ctx.session_id)
    return sorted({entry["module"] for entry in proofs})


def watchdog_report(ctx):
    """The report of a watchdog diff flagged since the session started, once per diff; ``None``
    when the guard is off, nothing was flagged, or this diff was reported already."""
    if ctx.env.get("PRACTICE_STOP_GUARD", "1").strip().lower() in OFF_VALUES:
        return None
    state = ctx.load_state()
    snapshot_id = state.get("snapshot_id")
    if not snapshot_id:
        return None
    where = state.get("snapshot_target")  # where the snapshot was taken (older states: the practice server)
    call = ctx.target_call(where) if isinstance(where, dict) and where.get("db") else ctx.call
    result = call("practice.watchdog.snapshot", "compare", snapshot_id)
    if result.get("ok"):
        return None
    flagged = result.get("flagged") or []
    digest = hashlib.sha256(json.dumps(flagged, sort_keys=True, default=str).encode()).hexdigest()
    reported = state.get("reported") or []
    if digest in reported:
        return None
    state["reported"] = (reported + [digest])[-50:]
    ctx.save_state(state)
    try:
        ctx.call("practice.session.log", "record_target", ctx.session_id, diff=target.diff_summary(result))
    except PracticeError:
        pass  # the report below matters more than its record
    return flagged_report(snapshot_id, flagged, where if isinstance(where, dict) else None)


# -- session-end -------------------------------------------------------------------------------
def session_end(ctx):
    session_id = ctx.require_session()
    released, problems = [], []
    for problem in (reopen_log(ctx), record_cost(ctx)):
        if problem:
            problems.append(problem)
    # every lock of the session, whatever its repository (PRACTICE_REPO or the default)
    for entry in locks_mirror.fetch_held(ctx.call, ctx.repo, session_id=session_id, every_repo=True):
        try:
            answer = ctx.call("practice.lock", "release", int(entry["token"]), session_id)
        except (PracticeError, ValueError) as err:
            problems.append(f"{entry['module']}: {err}")
            continue
        if answer.get("ok"):
            released.append(f"{entry['module']} in {entry['repo']}" if entry.get("repo") else entry["module"])
    logs = ctx.call("practice.session.log", "search_read", [("name", "=", session_id)], ["state"], limit=1)
    finished = False
    if logs and logs[0].get("state") == "running":
        reason = ctx.payload.get("reason") or "session end"
        try:
            ctx.call(
                "practice.session.log",
                "finish",
                session_id,
                "partial",
                f"Ended by the agent's session-end hook ({reason}) before an outcome was recorded.",
            )
            finished = True
        except PracticeError as err:
            problems.append(f"session log: {err}")
    problems.extend(end_sandbox(ctx))
    if ctx.in_git:
        ctx.sync_mirror()
        if gitguard.recorded_session(ctx.root) == session_id:
            path = hook_core.git_path(ctx.root, hook_core.SESSION_FILE)
            if path and os.path.exists(path):
                os.remove(path)
    ctx.drop_state()
    if ctx.in_git:
        shell_watch.stop(ctx.state_dir(), session_id)  # a Bash command's watcher still waiting
        lock_proof.drop_session(ctx.env, env_settings.Lean(ctx.env), ctx.root, ctx.repo, session_id)
    summary = f"practice: session {session_id} ended; released {', '.join(released) or 'no locks'}"
    summary += "; session log finished (partial)\n" if finished else "\n"
    return (1 if problems else 0), "", summary + "".join(f"practice: {p}\n" for p in problems)


def end_sandbox(ctx):
    """Session end and the session's sandbox: dropped (PRACTICE_SANDBOX_END=drop, the default;
    needs PRACTICE_MASTER_PASSWORD) or kept (``keep``: the cron retires it after its TTL).
    Returns problems."""
    box = target.session_sandbox(ctx.load_state())
    if not box or target.end_policy(ctx.env) == "keep":
        return []
    if not ctx.env.get(target.MASTER_ENV):
        return [
            f"sandbox {box['db']} kept: {target.MASTER_ENV} is not set (the cron retires it after its TTL)"
        ]
    try:
        # once dropped, its record must say so, even past the hook's time budget
        with ctx.past_deadline():
            target.drop(ctx.env, ctx.call, box["db"], box["url"])
    except PracticeError as err:
        return [f"sandbox {box['db']}: {err}"]
    return []


HANDLERS = {
    "session-start": session_start,
    "user-prompt-submit": hook_prompt.user_prompt_submit,
    "pre-tool-use": pre_tool_use,
    "post-tool-use": post_tool_use,
    "pre-compact": pre_compact,
    "stop": stop,
    "session-end": session_end,
}


# -- install -----------------------------------------------------------------------------------
def is_ours(command):
    return isinstance(command, str) and bool(_OURS.search(command))


def unmerge_hooks(config, ours=is_ours):
    """``config`` (a ``{"hooks": {event: [{"matcher"?, "hooks": [{"command"}]}]}}`` object: Claude
    Code's settings, Codex's hooks.json) without the handlers ``ours`` recognises; everything
    else kept in order (a group of the user's that was already empty stays)."""
    config = json.loads(json.dumps(config))
    hooks = config.get("hooks")
    if not isinstance(hooks, dict):
        return config
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        kept = []
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                inner = [h for h in group["hooks"] if not (isinstance(h, dict) and ours(h.get("command")))]
                if not inner and group["hooks"]:
                    continue
                group["hooks"] = inner
            kept.append(group)
        if kept:
            hooks[event] = kept
        else:
            del hooks[event]
    if not hooks:
        del config["hooks"]
    return config


def merge_hooks(config, events, command_of, ours=is_ours, error=HookInputError, where="the settings"):
    """``config`` with a handler per ``(event, matcher, sub-command)`` of ``events`` appended after
    the user's own (``command_of(sub)``: its command line); idempotent. A malformed ``config``
    raises ``error`` naming ``where``."""
    if not isinstance(config, dict):
        raise error(f"{where} must hold a JSON object")
    if "hooks" in config and not isinstance(config["hooks"], dict):
        raise error(f'"hooks" in {where} must be a JSON object')
    merged = unmerge_hooks(config, ours)
    hooks = merged.setdefault("hooks", {})
    for event, matcher, sub in events:
        if event in hooks and not isinstance(hooks[event], list):
            raise error(f'"hooks.{event}" in {where} must be a list')
        group = {"hooks": [{"type": "command", "command": command_of(sub)}]}
        if matcher:
            group = {"matcher": matcher, **group}
        hooks.setdefault(event, []).append(group)
    return merged


def unmerge_settings(settings):
    """``settings`` without the practice's hook commands (everything else kept)."""
    return unmerge_hooks(settings)


def merge_settings(settings, command="practice"):
    """``settings`` (a Claude Code settings dict) with the practice's hooks; idempotent."""
    return merge_hooks(settings, HOOK_EVENTS, lambda sub: f"{command} hook {sub}")


def load_json_object(path, error=HookInputError):
    """The JSON object of an agent's configuration file (``{}`` when it is missing or blank);
    ``error`` (an exception class) names the file when it is not JSON or not an object, before
    anything is written. Every adapter's install reads its files through this."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as err:
        raise error(f"{path}: not valid JSON ({err}); fix it first") from None
    if not isinstance(value, dict):
        raise error(f"{path}: must be a JSON object")
    return value


def answer_object(text):
    """The JSON object a handler printed as its (Claude Code) answer, or ``None``: what the
    adapters translate into their agent's answer."""
    text = (text or "").strip()
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _dump_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    os.replace(tmp, path)


def guard_script(python=None):
    python = shlex.quote(python or sys.executable)
    return (
        "#!/bin/sh\n"
        f"{GUARD_MARKER}: installed by `practice hooks install`.\n"
        "# Refuses a commit touching an Odoo module another session holds (bypass: git commit --no-verify).\n"
        'hooks_dir=$(dirname "$0")\n'
        'if [ -x "$hooks_dir/pre-commit.local" ]; then "$hooks_dir/pre-commit.local" "$@" || exit $?; fi\n'
        f"exec {python} -m practice_client lock guard\n"
    )


def _is_guard(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return GUARD_MARKER in handle.read(4096)
    except OSError:
        return False


def install(root, agent="claude-code", uninstall=False, command="practice", python=None):
    """Merge (or remove) the agent hooks and the git pre-commit guard; returns what changed."""
    done = []
    if agent == "claude-code":
        path = os.path.join(root, ".claude", "settings.json")
        current = load_json_object(path)
        new = unmerge_settings(current) if uninstall else merge_settings(current, command)
        if new != current:
            if uninstall and not new and os.path.exists(path):
                os.remove(path)
            elif new or not uninstall:
                _dump_json(path, new)
            done.append(f"{'removed the hooks from' if uninstall else 'merged the hooks into'} {path}")
        else:
            done.append(f"{path}: already {'without' if uninstall else 'with'} the hooks")
    hook = hook_core.git_path(root, "hooks/pre-commit")
    local = hook + ".local"
    if uninstall:
        if _is_guard(hook):
            os.remove(hook)
            if os.path.exists(local):
                os.replace(local, hook)
                done.append(f"restored the previous pre-commit hook {hook}")
            else:
                done.append(f"removed {hook}")
        return done
    os.makedirs(os.path.dirname(hook), exist_ok=True)
    if os.path.exists(hook) and not _is_guard(hook):
        if os.path.exists(local):
            raise HookInputError(f"{hook} and {local} both exist: merge them by hand first")
        os.replace(hook, local)
        done.append(f"kept the existing pre-commit hook as {local} (run first)")
    script = guard_script(python)
    current = None
    if os.path.exists(hook):
        with open(hook, encoding="utf-8", errors="replace") as handle:
            current = handle.read()
    if current != script:
        with open(hook, "w", encoding="utf-8") as handle:
            handle.write(script)
        done.append(f"installed {hook} (practice lock guard)")
    else:
        done.append(f"{hook}: already installed")
    mode = os.stat(hook).st_mode
    os.chmod(hook, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return done
