"""The target database (what the agent changes) and the session's sandbox.

The practice server keeps knowledge, locks and sessions; the *target* is the database the
agent's Odoo runs on (:func:`.env_settings.target_values`: the session's sandbox, else
``PRACTICE_TARGET_*``, else the work tree's ``practice init --target-*``, else the practice
server itself). A *sandbox* is a database duplicated for one session from an idle template
on the target server through Odoo's database service (master password from
``PRACTICE_MASTER_PASSWORD``, never sent to the practice server, never printed): it becomes the
session's target in the work-tree session state (``.git/practice-hooks``) and is recorded on
the practice server (``practice.sandbox``).
"""

import os
import re
import secrets
import time

from . import env_settings, hook_core, repo_config
from .rpc import DbService, PracticeError, PracticeRPC, Settings

MASTER_ENV = "PRACTICE_MASTER_PASSWORD"
END_POLICIES = ("drop", "keep")
SHARED_NOTE = (
    "The target database is shared (no sandbox for this session): other activity on it since the "
    "session started may be included."
)


class SandboxError(Exception):
    """A sandbox step refused on purpose (a busy template, no master password...)."""


class SandboxUsage(SandboxError):
    """A sandbox call missing what it needs (no template, no sandbox named)."""


OFF_VALUES = ("0", "false", "no", "off")


def session_sandbox(state):
    """``{"url", "db", ...}`` of the session's sandbox in its state, or ``None``."""
    box = state.get("sandbox") if isinstance(state, dict) else None
    return box if isinstance(box, dict) and box.get("db") else None


def resolve(env, root=None, state=None):
    """The target of a work tree ``root`` and a session ``state`` (both optional)."""
    config = repo_config.read_target(root) if root else {}
    return env_settings.target_values(env, config, session_sandbox(state))


def public(target):
    """What may be shown or recorded of a target: url and db, never login or secret."""
    return {"url": target["url"], "db": target["db"], "sandbox": target.get("source") == "sandbox"}


KINDS = {
    "sandbox": "the session's sandbox",
    "env": "PRACTICE_TARGET_DB",
    "config": "the work tree's target",
    "practice": "the practice server's own database",
}


def describe(target):
    """``<db> on <url> (<what chose it>)``: the database measured, for a human."""
    source = target.get("source") or "practice"
    return f"{target['db']} on {target['url']} ({KINDS.get(source, source)})"


def session_of(env, session_id=None, cwd=None):
    """The work-tree session (state in ``.git/practice-hooks``) of ``session_id`` or
    PRACTICE_SESSION, run in ``cwd`` (default: the current directory); its ``session_id`` is
    ``None`` when neither is given."""
    payload = {"cwd": cwd or os.getcwd()}
    if session_id:
        payload["session_id"] = session_id
    return hook_core.Session(payload, env)


def root_of(session):
    """The work tree's root of ``session`` (``None`` outside git)."""
    return session.root if session.in_git else None


def scope(env, practice_call, session_id=None, cwd=None, timeout=60):
    """``(call, target)``: the one scope builder of everything that measures the database the
    agent changes (``practice snapshot take|compare``, ``practice watchdog guard`` and their
    MCP tools): the session's sandbox, else PRACTICE_TARGET_*, else the work tree's
    ``practice init --target-*``, else the practice server's own database."""
    session = session_of(env, session_id, cwd)
    state = session.load_state() if session.session_id else {}
    where = resolve(env, root_of(session), state)
    return caller(env, where, practice_call, timeout=timeout), where


def scrub(env, text):
    """``text`` without the master password of ``env`` (for an error shown to anyone)."""
    master = env.get(MASTER_ENV) or ""
    return text.replace(master, "***") if master else text


def caller(env, target, practice_call, timeout=60):
    """A ``call(model, method, *args, **kw)`` on ``target``: ``practice_call`` itself when the
    target is the practice server's own database, else a connection of its own."""
    if env_settings.is_practice(target, env):
        return practice_call
    rpc = PracticeRPC(Settings.from_target(target), timeout=timeout)
    return rpc.call


def diff_summary(result, limit=20):
    """One line per flagged metric of a watchdog comparison (at most ``limit``)."""
    flagged = result.get("flagged") or [] if isinstance(result, dict) else []
    lines = [
        f"{f.get('model')} {f.get('metric')}: {f.get('before')} -> {f.get('after')} (delta {f.get('delta')})"
        for f in flagged[:limit]
    ]
    if len(flagged) > limit:
        lines.append(f"... and {len(flagged) - limit} more")
    return "\n".join(lines) or "nothing crossed a threshold"


# -- sandbox ------------------------------------------------------------------------------------
def sandbox_name(session_id=None, now=None):
    """``sbx_<session slug>_<utc stamp>_<random>``: lowercase, at most 64 characters."""
    slug = re.sub(r"[^a-z0-9]+", "", (session_id or "manual").lower())[:16] or "manual"
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now))
    return f"sbx_{slug}_{stamp}_{secrets.token_hex(2)}"


def end_policy(env):
    """What session end does with the session's sandbox (PRACTICE_SANDBOX_END: drop or keep)."""
    value = (env.get("PRACTICE_SANDBOX_END") or "drop").strip().lower()
    return value if value in END_POLICIES else "drop"


def template_of(env, root=None, flag=None):
    """The template database: ``flag``, else PRACTICE_SANDBOX_TEMPLATE, else the work tree's
    ``practice.sandboxTemplate``; ``None`` when none is set."""
    for value in (flag, env.get("PRACTICE_SANDBOX_TEMPLATE"), repo_config.read(root, key="sandboxtemplate")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def check_template(env, target, template, practice_call, force=False):
    """Refuse a template that is in use (duplicating terminates its connections) unless
    ``force``. The practice server counts its connections when it shares the target's
    PostgreSQL (``practice.sandbox.template_connections``); where it cannot see the template,
    nothing proves it idle: ``force`` is the explicit acknowledgement."""
    if force:
        return None
    base = env_settings.values(env)
    if template in (base["db"], target["db"]):
        raise SandboxError(
            f"{template} is a database in use (the practice server's or the current target): duplicating "
            "it terminates its connections. Use an idle template database, or --force."
        )
    count = practice_call("practice.sandbox", "template_connections", template)
    if count is False:
        raise SandboxError(
            f"cannot tell whether template {template} is idle (it is not on the practice server's "
            "PostgreSQL): duplicating it terminates its connections. Pass --force to acknowledge."
        )
    if count:
        raise SandboxError(
            f"template {template} has {count} open connection(s): duplicating it would terminate them. "
            "Stop what uses it, or pass --force."
        )
    return count


def create(
    env, practice_call, root, state, template, session_id=None, neutralize=False, force=False, repo=None
):
    """Duplicate ``template`` into a new sandbox on the target server, record it on the
    practice server and make it the session's target (``state`` updated, not saved). Returns
    ``{"name", "url", "template", "record", "seconds"}``."""
    base_target = resolve(env, root, None)  # the server the sandbox lives on: the configured target
    url = base_target["url"]
    service = DbService(url, env.get(MASTER_ENV))
    if not env.get(MASTER_ENV):
        raise SandboxError(f"set {MASTER_ENV} (the target server's master password) in the environment")
    check_template(env, base_target, template, practice_call, force=force)
    name = sandbox_name(session_id)
    started = time.monotonic()
    copy(env, base_target, service, practice_call, template, name, neutralize, force)
    seconds = time.monotonic() - started
    same = url.rstrip("/") == env_settings.values(env)["url"].rstrip("/")
    try:
        record = practice_call(
            "practice.sandbox",
            "register",
            name,
            template,
            session_id=session_id or None,
            target_url=url,
            same_server=same,
            neutralized=bool(neutralize),
            repo=repo,
        )
    except PracticeError:
        service.call("drop", name)  # not recorded: not left behind either
        raise
    if isinstance(state, dict):
        state["sandbox"] = {"url": url, "db": name, "template": template}
    return {"name": name, "url": url, "template": template, "record": record, "seconds": round(seconds, 2)}


def copy(env, target, service, practice_call, template, name, neutralize=False, force=False):
    """Make the sandbox ``name`` from ``template`` on the target's server: through its
    practice_watchdog (``practice.watchdog.sandbox.duplicate``: the database service's
    duplicate without loading the copy's registry, guarded by the same master password),
    else through the database service itself (a target without practice_watchdog)."""
    call = caller(env, target, practice_call, timeout=900)
    master = env.get(MASTER_ENV) or ""
    try:
        call("practice.watchdog.sandbox", "duplicate", master, template, name, bool(neutralize), bool(force))
        return "watchdog"
    except PracticeError as err:
        text = str(err)
        if not ("practice.watchdog.sandbox" in text and "doesn't exist" in text):  # Odoo's unknown model
            raise PracticeError(text.replace(master, "***") if master else text, err.code) from None
    service.call("duplicate_database", template, name, bool(neutralize))
    return "database service"


def drop(env, practice_call, name, url):
    """Drop sandbox ``name`` on ``url`` (the db service) and mark it dropped on the practice
    server; a sandbox gone already is only marked."""
    DbService(url, env.get(MASTER_ENV)).call("drop", name)  # False when it is gone already
    return practice_call("practice.sandbox", "mark_dropped", name)


def drop_expired(env, practice_call):
    """Drop this user's sandboxes the practice server's cron marked expired (it drops those
    on its own server itself); returns the names dropped. Needs the master password."""
    if not env.get(MASTER_ENV):
        return []
    done = []
    for box in practice_call("practice.sandbox", "sandboxes", state="expired") or []:
        url = box.get("target_url") or env_settings.values(env)["url"]
        try:
            drop(env, practice_call, box["name"], url)
            done.append(box["name"])
        except PracticeError:
            continue
    return done


# -- the sandbox commands (the CLI's `practice sandbox` and the MCP tools share these) ---------
def retire_expired(env, practice_call):
    """Drop the sandboxes the practice server marked expired (on another server than itself):
    ``(dropped names, notes)``."""
    try:
        return drop_expired(env, practice_call), []
    except PracticeError as err:
        return [], [f"expired sandboxes not dropped: {scrub(env, str(err))}"]


def adopt(env, practice_call, session, state):
    """The new sandbox becomes the session's target: a fresh snapshot is taken there (the stop
    compares against it), the target is recorded on the session log; the state is saved.
    Returns notes."""
    notes = []
    where = resolve(env, root_of(session), state)
    for key in ("snapshot_id", "snapshot_target", "reported"):
        state.pop(key, None)
    if (env.get("PRACTICE_STOP_GUARD") or "1").strip().lower() not in OFF_VALUES:
        try:
            call = caller(env, where, practice_call)
            snap = call(
                "practice.watchdog.snapshot",
                "take",
                f"session {session.session_id}",
                session_id=session.session_id,
            )
            state["snapshot_id"] = snap["id"]
            state["snapshot_target"] = public(where)
        except PracticeError as err:
            notes.append(f"no watchdog snapshot in the sandbox: {err}")
    session.save_state(state)
    try:
        practice_call(
            "practice.session.log",
            "record_target",
            session.session_id,
            target_url=where["url"],
            target_db=where["db"],
            sandbox=True,
        )
    except PracticeError as err:
        notes.append(f"session log: {err}")
    return notes


def sandbox_create(
    env, practice_call, template=None, neutralize=False, force=False, session_id=None, cwd=None
):
    """``practice sandbox create`` and the MCP tool ``sandbox_create``: duplicate the template
    (``template``, else PRACTICE_SANDBOX_TEMPLATE, else the work tree's) into a new sandbox,
    record it on the practice server and, for a session, make it the session's target. Answers
    the practice server's record with ``seconds``, ``retired`` (expired sandboxes dropped on
    the way), ``notes`` and ``odoo`` (how to run the agent's Odoo on it); never a credential.
    Raises :class:`SandboxUsage`, :class:`SandboxError` or :class:`.PracticeError`."""
    session = session_of(env, session_id, cwd)
    root = root_of(session)
    template = template_of(env, root, template)
    if not template:
        raise SandboxUsage(
            "no template database: name one (--from TEMPLATE, or the tool's template) or set "
            "PRACTICE_SANDBOX_TEMPLATE"
        )
    retired, notes = retire_expired(env, practice_call)
    state = session.load_state() if session.session_id else {}
    made = create(
        env,
        practice_call,
        root,
        state,
        template,
        session.session_id,
        neutralize=neutralize,
        force=force,
        repo=repo_config.resolve(env, root),
    )
    if session.session_id:
        notes += adopt(env, practice_call, session, state)
    name = made["name"]
    return dict(
        made["record"],
        seconds=made["seconds"],
        retired=retired,
        notes=[scrub(env, note) for note in notes],
        odoo=f"odoo-bin -d {name} --db-filter='^{name}$'",
    )


def sandbox_list(practice_call, state=None, session_id=None):
    """``practice sandbox list`` and the MCP tool: the caller's sandboxes, newest first."""
    return practice_call("practice.sandbox", "sandboxes", state=state, session_id=session_id)


def sandbox_drop(env, practice_call, name=None, session_id=None, cwd=None):
    """``practice sandbox drop`` and the MCP tool ``sandbox_drop``: drop sandbox ``name``
    (default: the session's) on its server and mark it dropped; the session's target goes back
    to the configured one. Raises like :func:`sandbox_create`."""
    session = session_of(env, session_id, cwd)
    state = session.load_state() if session.session_id else {}
    mine = session_sandbox(state)
    name = name or (mine or {}).get("db")
    if not name:
        raise SandboxUsage("which sandbox? give its name (this session has none)")
    if not env.get(MASTER_ENV):
        raise SandboxError(f"set {MASTER_ENV} (the target server's master password) to drop a sandbox")
    rows = practice_call("practice.sandbox", "sandboxes", limit=500) or []
    known = next((r for r in rows if r.get("name") == name), None)
    if not known:
        raise SandboxError(f"no sandbox {name} of yours is recorded on the practice server")
    url = known.get("target_url") or env_settings.values(env)["url"]
    result = drop(env, practice_call, name, url)
    if mine and mine.get("db") == name:
        for key in ("sandbox", "snapshot_id", "snapshot_target", "reported"):
            state.pop(key, None)
        session.save_state(state)
    return result
