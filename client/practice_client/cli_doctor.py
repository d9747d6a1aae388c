"""`practice doctor`: the morning check of a work tree and its server, one line per check.

Each check is a small function returning a :class:`Check`: ✅ passed, ❌ failed (with the command
that fixes it), ⚠️ advisory or not run. The server is asked first (``version()`` of
``/xmlrpc/2/common``, whose HTTP ``Date`` header also gives the clock skew); when it cannot be
reached or the login is refused, the checks that need it are not run and say so. Exit 1 on any
❌; ``--json`` prints the checks as a list of ``{name, ok, detail, fix, level}``. Registered on
the main group by :func:`register` (cli.py keeps one line for it)."""

import email.utils
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from dataclasses import asdict, dataclass

import click

from . import adapters, hook_core, hooks, locks_mirror, repo_config
from .cli_common import pass_ctx
from .rpc import TRANSPORT_ERRORS, PracticeError, check_url, fault_message, transport_message

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
MARKS = {OK: "✅", WARN: "⚠️", FAIL: "❌", SKIP: "⚠️"}
MAX_SKEW = 60  # seconds: leases are time-based
TIMEOUT = 15  # seconds per server call of the doctor
ODOO_MAJOR = 18
REQUIRED_ADDONS = ("practice_base", "practice_lock")
PRACTICE_GROUPS = (  # (xml id, name), weakest first
    ("practice_base.group_practice_reader", "Reader"),
    ("practice_base.group_practice_engineer", "Engineer"),
    ("practice_base.group_practice_manager", "Manager"),
    ("practice_base.group_practice_ai_session", "AI Session"),
)
WRITERS = ("Engineer", "Manager", "AI Session")
# (file under the work tree, key holding the servers, format)
MCP_FILES = (
    (".mcp.json", "mcpServers", "json"),
    (".claude/settings.json", "mcpServers", "json"),
    (".cursor/mcp.json", "mcpServers", "json"),
    (".codex/config.toml", "mcp_servers", "toml"),
    (".gemini/settings.json", "mcpServers", "json"),
)
MCP_FIX = 'add {"mcpServers": {"practice": {"command": "practice-mcp"}}} to .mcp.json'
_PRACTICE_MCP = re.compile(
    r"\bpractice-mcp\b|\bpractice_client\.mcp_server\b|\bpractice(_client)?\b.*\bmcp\b"
)


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not run
    detail: str
    fix: str = ""
    level: str = OK

    def line(self):
        fix = f" — fix: {self.fix}" if self.fix and self.level != OK else ""
        return f"{MARKS[self.level]} {self.name}: {self.detail}{fix}"


def passed(name, detail):
    return Check(name, True, detail, "", OK)


def failed(name, detail, fix=""):
    return Check(name, False, detail, fix, FAIL)


def advisory(name, detail, fix=""):
    return Check(name, True, detail, fix, WARN)


def skipped(name, why):
    return Check(name, None, f"not checked: {why}", "", SKIP)


# -- the server ------------------------------------------------------------------------------
def _transport(url, timeout):
    """An XML-RPC transport that gives up after ``timeout`` seconds and keeps the answer's
    ``Date`` header."""
    base = xmlrpc.client.SafeTransport if url.startswith("https:") else xmlrpc.client.Transport

    class Dated(base):
        date = None

        def make_connection(self, host):
            conn = super().make_connection(host)
            conn.timeout = timeout
            return conn

        def parse_response(self, response):
            self.date = response.getheader("Date")
            return super().parse_response(response)

    return Dated()


def server_version(url, timeout=TIMEOUT):
    """``(version dict, skew in seconds or None)`` of the server at ``url``: its
    ``/xmlrpc/2/common`` ``version()`` and its clock (the answer's ``Date`` header) minus ours
    at the middle of the call. Raises :class:`PracticeError` (``unreachable``) when it fails."""
    check_url(url)
    transport = _transport(url, timeout)
    proxy = xmlrpc.client.ServerProxy(
        f"{url.rstrip('/')}/xmlrpc/2/common", transport=transport, allow_none=True
    )
    before = time.time()
    try:
        version = proxy.version()
    except xmlrpc.client.Fault as fault:
        raise PracticeError(fault_message(fault), fault.faultCode) from None
    except TRANSPORT_ERRORS as err:
        raise PracticeError(transport_message(url, err), unreachable=True) from None
    after = time.time()
    skew = None
    if transport.date:
        try:
            server_time = email.utils.parsedate_to_datetime(transport.date).timestamp()
        except (TypeError, ValueError, IndexError):
            server_time = None
        if server_time is not None:
            # the header is whole seconds, cut down: its middle is half a second later
            skew = server_time + 0.5 - (before + after) / 2
    return (version if isinstance(version, dict) else {}), skew


def check_server(state):
    url = state.ctx.settings.url
    try:
        version, state.skew = state.version(url)
    except PracticeError as err:
        state.down = str(err)
        return failed("server", str(err), f"start the server, or point PRACTICE_URL at it (now {url})")
    serie = str(version.get("server_serie") or version.get("server_version") or "?")
    info = version.get("server_version_info") or []
    major = info[0] if info and isinstance(info[0], int) else None
    detail = f"Odoo {version.get('server_version') or serie} at {url}"
    if major != ODOO_MAJOR:
        return advisory("server", f"{detail}: Practice Stack is built for Odoo {ODOO_MAJOR}")
    return passed("server", detail)


def check_login(state):
    if state.down:
        return skipped("login", "server not reachable")
    settings = state.ctx.settings
    where = f"{settings.login!r} on database {settings.db!r}"
    try:
        state.ctx.timeout = TIMEOUT
        uid = state.ctx.rpc.uid
    except PracticeError as err:
        state.no_login = str(err)
        if not settings.secret:
            return failed("login", str(err), "export PRACTICE_API_KEY=<your API key>")
        return failed(
            "login",
            f"{where}: {err}",
            "check PRACTICE_DB, PRACTICE_LOGIN and PRACTICE_API_KEY (a key from Preferences › Account "
            "Security, or from the AI-user wizard for an agent)",
        )
    state.uid = uid
    return passed("login", f"{where} (uid {uid})")


def _server_gone(state):
    """Why the server's checks cannot run (``None`` when they can)."""
    if state.down:
        return "server not reachable"
    if state.no_login:
        return "no login"
    return None


def check_groups(state):
    if _server_gone(state):
        return skipped("groups", _server_gone(state))
    names = []
    for xml_id, name in PRACTICE_GROUPS:
        if state.ctx.call("res.users", "has_group", [state.uid], xml_id):
            names.append(name)
    fix = "ask a Practice Manager to add you to Practice / Engineer (Settings › Users)"
    if not names:
        return failed("groups", "in no practice group: the server refuses every practice call", fix)
    detail = ", ".join(names)
    if not set(names) & set(WRITERS):
        return advisory("groups", f"{detail}: read only, cannot take locks", fix)
    return passed("groups", detail)


def _installed_addons(ctx):
    """``({name: state}, how)`` of the practice addons: from ir.module.module, else (only
    administrators may read it) from the models they define."""
    try:
        rows = ctx.call(
            "ir.module.module",
            "search_read",
            [("name", "=like", "practice_%")],
            ["name", "state"],
            order="name",
        )
        return {r["name"]: r["state"] for r in rows if r["name"].startswith("practice_")}, ""
    except PracticeError as err:
        if err.code != PracticeError.ACCESS_ERROR:
            raise
    rows = ctx.call("ir.model", "search_read", [("model", "=like", "practice.%")], ["modules"])
    found = {}
    for row in rows:
        for name in (row.get("modules") or "").split(","):
            if name.strip().startswith("practice_"):
                found[name.strip()] = "installed"
    return found, " (from the models they define: listing modules needs Settings rights)"


def check_addons(state):
    if _server_gone(state):
        return skipped("addons", _server_gone(state))
    found, how = _installed_addons(state.ctx)
    installed = sorted(n for n, s in found.items() if s == "installed")
    pending = sorted(f"{n} ({s})" for n, s in found.items() if s in ("to install", "to upgrade", "to remove"))
    missing = [n for n in REQUIRED_ADDONS if n not in installed]
    if missing:
        return failed(
            "addons",
            f"not installed: {', '.join(missing)}"
            + (f"; installed: {', '.join(installed)}" if installed else ""),
            f"install them on the server: odoo-bin -d {state.ctx.settings.db} -i {','.join(missing)} --stop-after-init",
        )
    detail = f"{len(installed)} installed: {', '.join(installed)}{how}"
    if pending:
        return advisory(
            "addons",
            f"{detail}; pending: {', '.join(pending)}",
            f"finish the update: odoo-bin -d {state.ctx.settings.db} -u "
            f"{','.join(p.split()[0] for p in pending)} --stop-after-init",
        )
    return passed("addons", detail)


# -- the work tree ---------------------------------------------------------------------------
def check_repository(state):
    if not state.root:
        return failed("repository", "not inside a git work tree", "cd into the repository's work tree")
    flag = state.repo_flag
    name = repo_config.resolve(os.environ, state.root, flag)
    if flag:
        source = "--repo"
    elif os.environ.get(repo_config.ENV, "").strip():
        source = f"${repo_config.ENV}"
    elif name:
        source = f"{repo_config.CONFIG_KEY} of {state.root}"
    else:
        source = None
    state.repo = name
    if _server_gone(state):
        where = (
            f"{name} ({source})"
            if name
            else f"the server's default ({state.root} has no {repo_config.CONFIG_KEY})"
        )
        return Check("repository", None, f"{where}; server not asked: {_server_gone(state)}", "", SKIP)
    if name:
        rows = state.ctx.call("practice.repo", "search_read", [("name", "=", name)], ["name"], limit=1)
        if rows:
            return passed("repository", f"{name} ({source}), known to the server")
        return failed(
            "repository",
            f"{name} ({source}) is unknown to the server",
            f"practice repo create {shlex.quote(name)} (Managers), or practice init --repo <a known one>",
        )
    rows = state.ctx.call("practice.repo", "search_read", [("is_default", "=", True)], ["name"], limit=1)
    if not rows:
        return failed(
            "repository",
            f"no {repo_config.CONFIG_KEY} here and the server has no default repository",
            "practice init --repo NAME --create",
        )
    return advisory(
        "repository",
        f"no {repo_config.CONFIG_KEY} in this work tree: the server's default {rows[0]['name']!r} is used",
        "practice init --repo NAME",
    )


def _ours_commands(settings):
    """The practice hook commands of a Claude Code settings dict: ``{event: [command]}``."""
    found = {}
    groups_by_event = settings.get("hooks") if isinstance(settings, dict) else None
    for event, groups in (groups_by_event or {}).items() if isinstance(groups_by_event, dict) else ():
        for group in groups if isinstance(groups, list) else ():
            inner = group.get("hooks") if isinstance(group, dict) else None
            for hook in inner if isinstance(inner, list) else ():
                command = hook.get("command") if isinstance(hook, dict) else None
                if hooks.is_ours(command):
                    found.setdefault(event, []).append(command)
    return found


def _load_json(path):
    """``(data, error)`` of a JSON file; ``({}, None)`` when it is missing or empty."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as err:
        return None, str(err)
    try:
        return (json.loads(text) if text.strip() else {}), None
    except ValueError as err:
        return None, f"not valid JSON ({err})"


def check_claude_hooks(state):
    name = "claude-code hooks"
    if not state.root:
        return skipped(name, "not in a git work tree")
    path = os.path.join(state.root, ".claude", "settings.json")
    rel = os.path.relpath(path, state.root)
    current, error = _load_json(path)
    if error:
        return failed(name, f"{rel}: {error}", f"fix {rel}, then practice hooks install")
    ours = _ours_commands(current)
    if not ours:
        return failed(name, f"not installed ({rel} has no practice hook)", "practice hooks install")
    first = next(iter(ours.values()))[0]
    command = re.sub(r"\s+hook\s+\S+\s*$", "", first).strip() or "practice"
    try:
        current_enough = hooks.merge_settings(current, command=command) == current
    except hooks.HookInputError as err:
        return failed(name, f"{rel}: {err}", "practice hooks install")
    install = "practice hooks install" + (
        "" if command == "practice" else f" --command {shlex.quote(command)}"
    )
    if not current_enough:
        wanted = [event for event, _matcher, _sub in hooks.HOOK_EVENTS]
        missing = [event for event in wanted if event not in ours]
        what = f"missing {', '.join(missing)}" if missing else "differs from what this client installs"
        return failed(name, f"outdated in {rel}: {what}", install)
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        program = command
    if not shutil.which(program):
        return failed(
            name,
            f"the hooks run {program!r}, which is not on PATH: every edit would be denied",
            "pip install ./client, or practice hooks install --command <the full path of practice>",
        )
    return passed(name, f"{len(hooks.HOOK_EVENTS)} events in {rel}, current ({command} hook …)")


def _installed_command(agent, root):
    """The command our hooks of ``agent`` run in this work tree (``practice``, a full path…),
    read from its configuration files; ``None`` when none of them holds a hook of ours."""
    marker = re.compile(r"([^\s\"'=][^\"'\n=]*?)\s+hook\s+--agent[= ]" + re.escape(agent) + r"\b")
    for rel in adapters.CONFIG_PATHS[agent]:
        path = os.path.join(root, rel)
        names = sorted(os.listdir(path)) if os.path.isdir(path) else [""]
        for name in names:
            try:
                with open(
                    os.path.join(path, name) if name else path, encoding="utf-8", errors="replace"
                ) as handle:
                    found = marker.search(handle.read(200_000))
            except OSError:
                continue
            if found:
                return found.group(1).rsplit("& ", 1)[-1].strip().removeprefix("exec ").strip() or "practice"
    return None


def _files(root, rels):
    """``{relative path: bytes}`` of the files under ``rels`` (a file or a folder's files)."""
    found = {}
    for rel in rels:
        path = os.path.join(root, rel)
        names = sorted(os.listdir(path)) if os.path.isdir(path) else [""]
        for name in names:
            full = os.path.join(path, name) if name else path
            if os.path.isfile(full):
                with open(full, "rb") as handle:
                    found[os.path.join(rel, name) if name else rel] = handle.read()
    return found


def check_agent(state, agent):
    """One agent's hooks besides Claude Code: not configured here (no line), installed and
    current, or outdated — its install, run on a copy of its files, would change them."""
    name = f"{agent} hooks"
    rels = adapters.CONFIG_PATHS[agent]
    present = [rel for rel in rels if os.path.lexists(os.path.join(state.root, rel))]
    if not present:
        return None
    command = _installed_command(agent, state.root)
    if command is None:
        return advisory(
            name,
            f"{', '.join(present)} here, without practice hooks",
            f"practice hooks install --agent {agent}",
        )
    install = f"practice hooks install --agent {agent}" + (
        "" if command == "practice" else f" --command {shlex.quote(command)}"
    )
    before = _files(state.root, rels)
    adapter = adapters.ADAPTERS[agent]
    extra = {"environ": {}} if agent == "cline" else {}  # never its MCP file outside the project
    with tempfile.TemporaryDirectory(prefix="practice-doctor-") as copy:
        for rel, data in before.items():
            os.makedirs(os.path.dirname(os.path.join(copy, rel)), exist_ok=True)
            with open(os.path.join(copy, rel), "wb") as handle:
                handle.write(data)
        try:
            adapter.install(copy, command=command, uninstall=False, **extra)
        except (hooks.HookInputError, OSError, ValueError) as err:
            return failed(name, str(err).replace(copy + os.sep, ""), install)
        after = _files(copy, rels)
    if after != before:
        changed = sorted(rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel))
        return failed(name, f"outdated: the install would change {', '.join(changed)}", install)
    return passed(name, f"installed in {', '.join(rels)}, current ({command} hook --agent {agent} …)")


def check_other_agents(state):
    """The other agents' hooks configured in this work tree, each checked like Claude Code's."""
    if not state.root:
        return None
    return [found for agent in adapters.ADAPTERS if (found := check_agent(state, agent)) is not None] or None


def _guard_python(path):
    """The interpreter the guard script runs (``exec PYTHON -m practice_client …``), or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(4096)
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("exec ") and "practice_client" in line:
            try:
                return shlex.split(line)[1]
            except (ValueError, IndexError):
                return None
    return None


def check_guard(state):
    name = "git guard"
    if not state.root:
        return skipped(name, "not in a git work tree")
    path = hook_core.git_path(state.root, "hooks/pre-commit")
    if not path:
        return failed(name, "git does not name a hooks folder for this work tree", "practice hooks install")
    if not os.path.exists(path):
        return failed(name, f"no pre-commit hook ({path})", "practice hooks install")
    if not hooks._is_guard(path):
        return failed(
            name,
            f"{path} is not the practice guard",
            "practice hooks install (keeps your hook as pre-commit.local, run first)",
        )
    if not os.access(path, os.X_OK):
        return failed(name, f"{path} is not executable: git skips it", f"chmod +x {shlex.quote(path)}")
    python = _guard_python(path)
    if python and not (os.path.isfile(python) and os.access(python, os.X_OK)):
        return failed(name, f"{path} runs {python}, which no longer exists", "practice hooks install")
    local = " (runs pre-commit.local first)" if os.path.exists(path + ".local") else ""
    return passed(name, f"{path}{local}")


def check_locks(state):
    name = ".locks"
    if not state.root:
        return skipped(name, "not in a git work tree")
    if _server_gone(state):
        return skipped(name, _server_gone(state))
    try:
        mirror = locks_mirror.read_mirror(state.root)
    except locks_mirror.MirrorRefused as err:
        return failed(name, str(err), "git rm -r .locks, then practice lock sync")
    entries = locks_mirror.fetch_held(state.ctx.call, state.repo)
    held = {e["module"]: e.get("token", "") for e in entries}
    local = {m: e.get("token", "") for m, e in mirror.items()}
    where = f" of {state.repo}" if state.repo else ""
    if held == local:
        if not held:
            return passed(name, f"no lock held{where}; .locks/ agrees")
        return passed(name, f"{len(held)} lock(s){where}, same as the server: {', '.join(sorted(held))}")
    parts = []
    server_only = sorted(set(held) - set(local))
    local_only = sorted(set(local) - set(held))
    other_token = sorted(m for m in set(held) & set(local) if held[m] != local[m])
    if server_only:
        parts.append(f"held on the server, missing here: {', '.join(server_only)}")
    if local_only:
        parts.append(f"in .locks/ but not held: {', '.join(local_only)}")
    if other_token:
        parts.append(f"another token: {', '.join(other_token)}")
    return failed(name, "out of sync" + where + ": " + "; ".join(parts), "practice lock sync")


def _mcp_servers(path, key, fmt):
    """``{name: server}`` of one MCP configuration file (empty when missing or unreadable)."""
    if not os.path.isfile(path):
        return {}
    if fmt == "toml":
        import tomllib

        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, ValueError):
            return {}
    else:
        data, _error = _load_json(path)
    servers = data.get(key) if isinstance(data, dict) else None
    return servers if isinstance(servers, dict) else {}


def is_practice_mcp(server):
    """A configured MCP server that runs ``practice mcp`` (or ``practice-mcp``)."""
    if not isinstance(server, dict) or not isinstance(server.get("command"), str):
        return False
    args = server.get("args") if isinstance(server.get("args"), list) else []
    words = [os.path.basename(server["command"]), *(a for a in args if isinstance(a, str))]
    return bool(_PRACTICE_MCP.search(" ".join(words)))


def check_mcp(state):
    name = "mcp"
    if not state.root:
        return skipped(name, "not in a git work tree")
    found = []
    for rel, key, fmt in MCP_FILES:
        for server_name, server in _mcp_servers(os.path.join(state.root, rel), key, fmt).items():
            if is_practice_mcp(server):
                found.append(f"{rel} ({server_name})")
    if not found:
        files = ", ".join(rel for rel, _key, _fmt in MCP_FILES)
        return failed(name, f"no MCP server running `practice mcp` in {files}", MCP_FIX)
    return passed(name, ", ".join(found))


def check_clock(state):
    name = "clock"
    if state.down:
        return skipped(name, "server not reachable")
    if state.skew is None:
        return advisory(name, "the server's answer had no Date header: skew unknown")
    skew = round(state.skew)
    if abs(skew) <= 1:
        detail = "in step with the server (within 1 s)"
    else:
        detail = f"the server's clock is {abs(skew)} s {'ahead of' if skew > 0 else 'behind'} this machine's"
    if abs(state.skew) > MAX_SKEW:
        return failed(
            name,
            f"{detail}: leases are time-based (at most {MAX_SKEW} s)",
            "sync the clocks (timedatectl set-ntp true, or chronyc makestep)",
        )
    return passed(name, detail)


def rules_export_available():
    try:
        return importlib.util.find_spec(f"{__package__}.rules_export") is not None
    except (ImportError, ValueError):
        return False


def check_rules(state):
    name = "rules"
    if not rules_export_available():
        return advisory(name, "not available (this client has no `practice rules export`)")
    if not state.root:
        return skipped(name, "not in a git work tree")
    if _server_gone(state):
        return skipped(name, _server_gone(state))
    settings = state.ctx.settings
    args = [
        sys.executable,
        "-m",
        __package__,
        "--url",
        settings.url,
        "--db",
        settings.db,
        "--login",
        settings.login,
    ]
    if state.repo_flag:
        args += ["rules", "export", "--check", "--repo", state.repo_flag]
    else:
        args += ["rules", "export", "--check"]
    try:
        proc = subprocess.run(
            args,
            cwd=state.root,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return advisory(name, f"could not run `practice rules export --check`: {err}")
    said = " ".join((proc.stdout + " " + proc.stderr).split())[:300]
    if proc.returncode == 0:
        return passed(name, "exported rules are fresh")
    if proc.returncode == 1:
        return failed(
            name,
            f"exported rules are stale: {said or 'see practice rules export --check'}",
            "practice rules export",
        )
    if proc.returncode == 2:  # a usage error: this client's `rules` has no `export --check` yet
        return advisory(
            name, f"not available (`practice rules export --check`: {said[:160] or 'usage error'})"
        )
    return advisory(name, f"`practice rules export --check` exited {proc.returncode}: {said or '-'}")


CHECKS = (
    check_server,
    check_login,
    check_groups,
    check_addons,
    check_repository,
    check_claude_hooks,
    check_other_agents,
    check_guard,
    check_locks,
    check_mcp,
    check_clock,
    check_rules,
)


class State:
    """What the checks learn and pass on: the server's state, the work tree, the repository."""

    def __init__(self, ctx, root, repo_flag=None, version=None):
        self.ctx = ctx
        self.root = root
        self.repo_flag = repo_flag
        self.version = version or server_version
        self.down = None  # why the server cannot be reached
        self.no_login = None  # why the login failed
        self.uid = None
        self.skew = None
        self.repo = None


def run_checks(ctx, root, repo_flag=None):
    """Every check in order; a check that breaks is ❌ with its reason, never a traceback."""
    state = State(ctx, root, repo_flag)
    results = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_").replace("_", " ")
        try:
            result = check(state)
        except PracticeError as err:
            result = failed(name, str(err))
        except Exception as err:  # one line, never a traceback
            result = failed(name, f"{type(err).__name__}: {err}")
        if isinstance(result, list):
            results.extend(result)
        elif result is not None:
            results.append(result)
    return results


def register(cli):

    @cli.command("doctor")
    @click.option(
        "--repo",
        help=f"Repository to check. Default: ${repo_config.ENV}, else this work tree's "
        f"{repo_config.CONFIG_KEY} (`practice init`), else the server's default repository.",
    )
    @pass_ctx
    def doctor(ctx, repo):
        """The morning check: server, login and groups, addons, this work tree's repository, the
        agent hooks and the git guard, .locks/, MCP, clock skew, exported rules. One line each
        (✅ ok, ❌ with the command that fixes it, ⚠️ advisory); exit 1 on any ❌."""
        results = run_checks(ctx, hook_core.work_tree(), repo)
        if ctx.as_json:
            click.echo(json.dumps([asdict(r) for r in results], indent=2))
        else:
            for result in results:
                click.echo(result.line())
            counts = {level: sum(r.level == level for r in results) for level in (OK, WARN, FAIL, SKIP)}
            click.echo(
                f"{counts[OK]} ok, {counts[WARN]} advisory, {counts[SKIP]} not checked, {counts[FAIL]} failed"
            )
        if any(r.level == FAIL for r in results):
            sys.exit(1)
