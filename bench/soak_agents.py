"""A day of N agents (issue 32): simulated agent sessions in parallel, through the real hook
commands, against two Odoo nodes sharing one database, while faults happen; then the invariants.

    setup/bench --only soak                      8 agents, 30 minutes, every fault
    python bench/soak_agents.py --agents 8 --minutes 30 [--quick]

Setup: two prefork nodes (2 workers and a cron worker each, one database, one filestore) behind a
TCP balancer in this process (round robin; a refused connection goes to the other node, as a load
balancer's health check would); a git repository with 12 Odoo modules registered as its own
practice repository (``practice init --repo … --create``) and one linked worktree per agent.

Each agent loops: session-start → user-prompt-submit → 3-5 edits of random modules (Edit tool:
PreToolUse, the write, PostToolUse; one in four a ``sed -i`` through Bash, seen by PostToolUse) →
``practice memory remember`` → stop (the suite gate asks for a green run: the agent "runs the
suite", pushes the report with ``practice eval push`` and stops again) → session-end; one in three
sessions also starts an SOP run whose SLA (1 minute) lapses, for the overdue cron. Every command
is a real ``practice`` process with the payload Claude Code sends; a command the agent runs itself
(remember, eval push) is retried once on failure, as an agent would.

Faults (at fixed fractions of the duration): one worker of node A killed with SIGKILL; node B
stopped for 60 s (quick: 8 s) while agents go on through node A; PostgreSQL restarted (or, where
this process may not restart it, every connection to the database terminated) while a vault push
and a snapshot run. A racer sets every practice cron due and wakes both nodes' cron workers every
few seconds, so the crons of the two nodes compete all along.

Invariants, checked in the database at the end (each must be 0): double grants (two sessions'
leases of one module overlapping in the lock history), leases still held by a session that
ended, sessions still running after their end hook answered, cron results made twice (an alert
for one snapshot pair or one burst, a diff of one pair, an SLA activity or overdue post of one
run), remembered memories not present exactly once, pushed eval runs not present exactly once,
hooks over their time budget, tracebacks in any answer. Also: latency percentiles per hook, the
fault timeline, and the nodes' memory (RSS) growth per hour.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import PROJECT_DIR, emit, quick
from live import LiveOdoo, e2e_database

CLIENT_DIR = PROJECT_DIR / "client"
PRACTICE = [sys.executable, str(CLIENT_DIR / "scripts" / "practice")]
MODULES = [f"soak_m{index:02d}" for index in range(1, 13)]
HOOK_TIMEOUT_S = 5  # PRACTICE_HOOK_TIMEOUT: each server call of a hook
HOOK_SERVER_BUDGET_S = 12  # PRACTICE_HOOK_BUDGET: all of a hook's server calls
# a hook's whole answer, start to exit: its server budget plus its local work (Python start,
# git, files) on a machine this loaded; Claude Code's default hook timeout is 60 s
HOOK_BUDGET_S = HOOK_SERVER_BUDGET_S + 8.0
WORDS = (
    "rounding invoice constraint quantity cron idempotent onchange compute inverse sequence currency "
    "tax journal picking lot serial routing bom workcenter payslip contract attendance lead stage "
    "pricelist discount margin warehouse putaway reservation backorder quant valuation landed"
).split()
EVENTS = {
    "session-start": "SessionStart",
    "user-prompt-submit": "UserPromptSubmit",
    "pre-tool-use": "PreToolUse",
    "post-tool-use": "PostToolUse",
    "stop": "Stop",
    "session-end": "SessionEnd",
}
PROMPTS = [
    "Fix the rounding of the invoice totals in {module}",
    "Add a constraint so that a {module} record cannot have a negative quantity",
    "Refactor the compute methods of {module} and keep the tests green",
    "Why does the {module} cron run twice? Make it idempotent",
]
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="soak" tests="{count}" failures="0" errors="0" skipped="0" time="1.0">
{cases}
</testsuite></testsuites>
"""
VAULT_RULE = """---
title: Soak rule {index} keeps {module} idempotent
date: 2026-12-01
severity: medium
status: active
modules:
- {module}
---

## Rule

Keep {module} idempotent under retries ({stamp}).

## Fix

Make the write conditional.
"""


# ------------------------------------------------------------------------------- balancer
class Balancer:
    """A TCP load balancer: each connection goes to the next backend; a backend that refuses
    the connection is skipped (what a balancer's health check does within a second)."""

    def __init__(self, backends):
        self.backends = list(backends)
        self._next = 0
        self._lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(256)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.failovers = 0
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def set_backends(self, backends):
        with self._lock:
            self.backends = list(backends)

    def close(self):
        self._closed = True
        self.sock.close()

    def _accept(self):
        while not self._closed:
            try:
                client, _addr = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _connect(self):
        with self._lock:
            backends = list(self.backends)
            start = self._next
            self._next += 1
        for offset in range(len(backends)):
            port = backends[(start + offset) % len(backends)]
            try:
                upstream = socket.create_connection(("127.0.0.1", port), timeout=2)
                upstream.settimeout(None)
                if offset:
                    self.failovers += 1
                return upstream
            except OSError:
                continue
        return None

    def _serve(self, client):
        upstream = self._connect()
        if upstream is None:
            client.close()
            return
        threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
        _pipe(client, upstream)


def _pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


# ---------------------------------------------------------------------------------- nodes
def start_node():
    """A prefork node: 2 HTTP workers and 1 cron worker, on the shared database and filestore."""
    return LiveOdoo(workers=2, extra_args=["--max-cron-threads=1", "--limit-time-real=300"])


def children(pid):
    """The direct children of ``pid`` (from each process's ``stat``: its parent's pid)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def rss_kib(pid):
    """Resident memory of a process and its children (a node: master, workers, cron worker)."""
    total = 0
    for one in [pid, *children(pid)]:
        try:
            with open(f"/proc/{one}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def http_workers(node):
    """The node's worker processes: HTTP workers first when the process titles say which
    (setproctitle installed), else every child of the master (the cron worker among them)."""
    pids = children(node.proc.pid)
    titled = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"WorkerHTTP" in handle.read():
                    titled.append(pid)
        except OSError:
            continue
    return titled or pids


# -------------------------------------------------------------------------------- the team
class Recorder:
    """Every command's latency and outcome, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}  # name -> [seconds]
        self.failures = {}  # name -> count (an exit other than 0, or 2 for a hook's block)
        self.failure_samples = {}  # name -> the first outputs of failed calls
        self.over_budget = []
        self.tracebacks = []
        self.timeline = []
        self.started = time.monotonic()

    def record(self, name, seconds, proc):
        text = (proc.stdout or "") + (proc.stderr or "")
        with self.lock:
            self.samples.setdefault(name, []).append(seconds)
            if proc.returncode not in ((0, 2) if name.startswith("hook ") else (0,)):
                self.failures[name] = self.failures.get(name, 0) + 1
                samples = self.failure_samples.setdefault(name, [])
                if len(samples) < 3:
                    samples.append(f"rc={proc.returncode}: {text[-600:]}")
            if name.startswith("hook ") and seconds > HOOK_BUDGET_S:
                self.over_budget.append((name, round(seconds, 2)))
            if "Traceback" in text:
                self.tracebacks.append((name, text[-2000:]))

    def event(self, text):
        with self.lock:
            self.timeline.append({"t_s": round(time.monotonic() - self.started, 1), "event": text})
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", flush=True)


class Agent(threading.Thread):
    """One agent working in its own worktree until the soak's end."""

    def __init__(self, index, tree, env, recorder, stop_at, seed):
        super().__init__(daemon=True)
        self.index, self.tree, self.env, self.rec = index, tree, env, recorder
        self.stop_at = stop_at
        self.random = random.Random(seed)
        self.sessions = []  # (session id, end hook answered)
        self.memories = []  # (topic, remembered ok)
        self.eval_runs = []  # (name, pushed ok)
        self.sop_runs = 0
        self.denials = self.outage_denials = self.blocks = self.edits = 0
        self.error = None

    # -- commands
    def practice(self, name, *args, stdin=None, timeout=120):
        started = time.monotonic()
        try:
            proc = subprocess.run(
                [*PRACTICE, *args],
                cwd=self.tree,
                env=self.env,
                input=stdin,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            proc = subprocess.CompletedProcess(exc.cmd, 124, exc.stdout or "", exc.stderr or "")
            if isinstance(proc.stdout, bytes):
                proc.stdout, proc.stderr = (
                    proc.stdout.decode(errors="replace"),
                    (proc.stderr or b"").decode(errors="replace"),
                )
        self.rec.record(name, time.monotonic() - started, proc)
        return proc

    def hook(self, event, session, **fields):
        payload = {
            "session_id": session,
            "transcript_path": str(self.tree / ".transcripts" / f"{session}.jsonl"),
            "cwd": str(self.tree),
            "hook_event_name": EVENTS[event],
            **fields,
        }
        return self.practice(f"hook {event}", "hook", event, stdin=json.dumps(payload), timeout=60)

    def command(self, name, *args):
        """A command the agent runs itself: retried once after a failure, as an agent would."""
        proc = self.practice(name, *args)
        if proc.returncode != 0:
            time.sleep(2)
            proc = self.practice(name, *args)
        return proc

    # -- the loop
    def run(self):
        try:
            number = 0
            while time.monotonic() < self.stop_at:
                number += 1
                self.session(f"soak-{self.index}-{number}-{uuid.uuid4().hex[:6]}")
        except Exception as exc:  # reported, the soak goes on
            self.error = repr(exc)
            self.rec.event(f"agent {self.index} crashed: {exc!r}")

    def session(self, session):
        module = self.random.choice(MODULES)
        self.hook("session-start", session, source="startup")
        prompt = self.random.choice(PROMPTS).format(module=module)
        self.hook("user-prompt-submit", session, prompt=prompt)
        if self.random.random() < 1 / 3:
            title = f"soak SLA {session}"
            started = self.command("sop start", "sop", "start", "SOP-TRIAGE-001", title, "--severity", "low")
            self.sop_runs += started.returncode == 0
        for step in range(self.random.randint(3, 5)):
            target = self.random.choice([module, *self.random.sample(MODULES, 2)])
            if self.random.random() < 0.25:
                self.bash_edit(session, target, step)
            else:
                self.tool_edit(session, target, step)
        # findings of different sessions differ (similar ones are merged into one memory, by design)
        words = self.random.sample(WORDS, 6)
        topic = f"{module} {' '.join(words[:3])} {session}"
        summary = f"In {module} the {words[3]} of the {words[4]} needs the {words[5]} first ({session})."
        remembered = self.command(
            "memory remember", "memory", "remember", topic, summary, "--session", session
        )
        self.memories.append((topic, remembered.returncode == 0))
        stop = self.hook("stop", session, stop_hook_active=False)
        if stop.returncode == 2 and "practice eval push" in stop.stderr:
            self.run_suite(session)
            self.hook("stop", session, stop_hook_active=True)
        end = self.hook("session-end", session, reason="other")
        self.sessions.append((session, end.returncode == 0 and "Traceback" not in end.stderr))
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=self.tree, capture_output=True, check=False)

    def tool_edit(self, session, module, step):
        path = self.tree / "addons" / module / "models" / "thing.py"
        tool_input = {"file_path": str(path), "old_string": "x =", "new_string": "x ="}
        pre = self.hook("pre-tool-use", session, tool_name="Edit", tool_input=tool_input)
        if self.denied(pre):
            return
        path.write_text(f"x = {step}  # {session}\n")
        self.edits += 1
        post = self.hook(
            "post-tool-use",
            session,
            tool_name="Edit",
            tool_input=tool_input,
            tool_response={"filePath": str(path), "success": True},
        )
        self.undo_if_blocked(post, module)

    def bash_edit(self, session, module, step):
        rel = f"addons/{module}/models/thing.py"
        command = f"sed -i 's/^x = .*/x = {step + 100}/' {rel}"
        tool_input = {"command": command, "description": "Change x"}
        pre = self.hook("pre-tool-use", session, tool_name="Bash", tool_input=tool_input)
        if self.denied(pre):
            return
        subprocess.run(["sh", "-c", command], cwd=self.tree, capture_output=True, check=False)
        self.edits += 1
        post = self.hook(
            "post-tool-use",
            session,
            tool_name="Bash",
            tool_input=tool_input,
            tool_response={"stdout": "", "stderr": "", "interrupted": False, "isImage": False},
        )
        self.undo_if_blocked(post, module)

    def denied(self, pre):
        """A PreToolUse refusal: another session holds the module, or (fail closed) the hook could
        not decide because the server did not answer in time."""
        if '"deny"' not in pre.stdout:
            return False
        if "could not decide" in pre.stdout:
            self.outage_denials += 1
        else:
            self.denials += 1
        return True

    def undo_if_blocked(self, post, module):
        if '"block"' in post.stdout:
            self.blocks += 1
            subprocess.run(
                ["git", "checkout", "-q", "--", f"addons/{module}"],
                cwd=self.tree,
                capture_output=True,
                check=False,
            )

    def run_suite(self, session):
        name = f"soak suite {session}"
        cases = "\n".join(
            f'<testcase classname="soak.test_{m}" name="test_ok" time="0.1"/>' for m in MODULES[:5]
        )
        report = self.tree / ".soak-report.xml"
        report.write_text(JUNIT.format(count=5, cases=cases))
        pushed = self.command("eval push", "eval", "push", str(report), "--session", session, "--name", name)
        self.eval_runs.append((name, pushed.returncode == 0))


# ------------------------------------------------------------------------------- deploys
class GitHost:
    """The deploy dispatch endpoint: a local HTTP server recording every POST's idempotency key
    (``X-Practice-Idempotency-Key``) and answering 200."""

    def __init__(self):
        self.keys = []
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                host.keys.append(self.headers.get("X-Practice-Idempotency-Key") or "")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/repos/soak/app/dispatches"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class ReleaseManager(threading.Thread):
    """A requester and an approver shipping through the balancer: every ``interval`` seconds a
    deploy task made ready and approved; the dispatch cron of either node sends it."""

    PASSWORD = "soak-deploy-pass"

    def __init__(self, day, stop_at, interval):
        super().__init__(daemon=True)
        self.day, self.stop_at, self.interval = day, stop_at, interval
        self.approved, self.failed = [], 0

    def call(self, login, model, method, *args):
        common = xmlrpc.client.ServerProxy(f"{self.day.balancer.url}/xmlrpc/2/common")
        uid = common.authenticate(self.day.db, login, self.PASSWORD, {})
        proxy = xmlrpc.client.ServerProxy(f"{self.day.balancer.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.day.db, uid, self.PASSWORD, model, method, list(args), {})

    def run(self):
        number = 0
        while time.monotonic() < self.stop_at:
            number += 1
            try:
                task = self.call(
                    self.day.requester,
                    "project.task",
                    "create",
                    {
                        "name": f"Deploy soak {number}",
                        "project_id": self.day.project,
                        "is_deploy": True,
                        "deploy_branch": "main",
                        "deploy_commit_message": f"soak release {number}",
                        "deploy_environment": "production",
                        "deploy_image_tag": f"1.0.{number}",
                    },
                )
                self.call(self.day.requester, "project.task", "action_deploy_ready", [task])
                self.call(self.day.approver, "project.task", "action_deploy_approve", [task])
                self.approved.append(task)
            except (OSError, xmlrpc.client.Error):  # a node or the database down: the next one
                self.failed += 1
            time.sleep(self.interval)


# ---------------------------------------------------------------------------------- faults
class Day:
    """The servers, the repository, the agents, the faults and the invariants of one soak."""

    def __init__(self, agents, seconds, node_down_s, pg_fault):
        self.n_agents, self.seconds, self.node_down_s, self.pg_fault = agents, seconds, node_down_s, pg_fault
        self.db = e2e_database()
        self.rec = Recorder()
        self.work = Path(tempfile.mkdtemp(prefix="practice-soak-"))
        self.repo_name = f"soak-{uuid.uuid4().hex[:6]}"
        self.rss = {}
        self.fault_results = {}

    # -- database access for setup, racing and invariants
    def sql(self, query, params=None, fetch=True):
        import psycopg2

        for attempt in range(30):
            try:
                conn = psycopg2.connect(
                    dbname=self.db,
                    host=os.environ["PG_HOST"],
                    port=os.environ["PG_PORT"],
                    user=os.environ["PG_ROLE"],
                    password=os.environ["PG_PASSWORD"],
                )
                break
            except psycopg2.OperationalError:
                if attempt == 29:
                    raise
                time.sleep(1)
        try:
            with conn, conn.cursor() as cr:
                cr.execute(query, params)
                return cr.fetchall() if fetch else None
        finally:
            conn.close()

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
        env.update(
            {
                "PRACTICE_URL": self.balancer.url,
                "PRACTICE_DB": self.db,
                "PRACTICE_LOGIN": "admin",
                "PRACTICE_API_KEY": "admin",
                "PRACTICE_HOOK_TIMEOUT": str(HOOK_TIMEOUT_S),
                "PRACTICE_HOOK_BUDGET": str(HOOK_SERVER_BUDGET_S),
                "PRACTICE_TEST_CMD": "pytest -q",
                "PYTHONPATH": str(CLIENT_DIR),
                "GIT_AUTHOR_NAME": "soak",
                "GIT_AUTHOR_EMAIL": "soak@example.com",
                "GIT_COMMITTER_NAME": "soak",
                "GIT_COMMITTER_EMAIL": "soak@example.com",
            }
        )
        return env

    def setup(self):
        # an SLA short enough to lapse during the soak (low severity: 1 minute)
        self.sql(
            "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES "
            "('practice_sop.sla_minutes_low', '1', now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET value = '1'",
            fetch=False,
        )
        self.node_a, self.node_b = start_node(), start_node()
        self.balancer = Balancer([self.node_a.port, self.node_b.port])
        self.rec.event(
            f"nodes up on :{self.node_a.port} and :{self.node_b.port}, balancer :{self.balancer.port}"
        )
        self.setup_deploys()
        main = self.work / "main"
        for module in MODULES:
            (main / "addons" / module / "models").mkdir(parents=True)
            (main / "addons" / module / "__manifest__.py").write_text(f"{{'name': '{module}'}}\n")
            (main / "addons" / module / "models" / "thing.py").write_text("x = 0\n")
        (main / ".gitignore").write_text(".locks/\n.transcripts/\n.soak-report.xml\n")
        env = self.env()
        for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "soak repository"]):
            subprocess.run(["git", *args], cwd=main, env=env, check=True, capture_output=True)
        init = subprocess.run(
            [*PRACTICE, "init", "--repo", self.repo_name, "--create"],
            cwd=main,
            env=env,
            capture_output=True,
            text=True,
        )
        if init.returncode:
            raise RuntimeError(f"practice init failed: {init.stdout}{init.stderr}")
        self.trees = []
        for index in range(self.n_agents):
            tree = self.work / f"agent-{index}"
            subprocess.run(
                ["git", "worktree", "add", "-q", "-b", f"agent-{index}", str(tree)],
                cwd=main,
                env=env,
                check=True,
                capture_output=True,
            )
            (tree / ".transcripts").mkdir()
            self.trees.append(tree)
        self.vault = self.work / "vault"
        (self.vault / "rules").mkdir(parents=True)

    def setup_deploys(self):
        """The dispatch endpoint, the deploy settings (the gates of other addons off: this
        measures the dispatch), a project, a requester and an approver."""
        self.git_host = GitHost()
        admin = self.node_a.login("admin", "admin")
        for key, value in {
            "endpoint": self.git_host.url,
            "secret": "soak-" + uuid.uuid4().hex,
            "gate_eval": "0",
            "gate_watchdog": "0",
            "gate_fleet": "0",
            "require_staging": "0",
            "callback_minutes": "0",
        }.items():
            admin.call("ir.config_parameter", "set_param", f"practice_deploy.{key}", value)

        def xmlid(module, name):
            rows = admin.call(
                "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
            )
            return rows[0]["res_id"]

        user = xmlid("project", "group_project_user")
        approver = xmlid("practice_deploy", "group_deploy_approver")
        suffix = uuid.uuid4().hex[:6]
        self.requester, self.approver = f"soak_requester_{suffix}", f"soak_approver_{suffix}"
        for login, groups in ((self.requester, [user]), (self.approver, [user, approver])):
            admin.call(
                "res.users",
                "create",
                {
                    "name": login,
                    "login": login,
                    "password": ReleaseManager.PASSWORD,
                    "groups_id": [(6, 0, groups)],
                },
            )
        self.project = admin.call("project.project", "create", {"name": f"Soak deploys {suffix}"})

    def run(self):
        try:
            return self.day()
        finally:
            self.teardown()  # also when interrupted: no node outlives the soak

    def day(self):
        self.setup()
        time.sleep(2)
        self.rss["a_start_kib"] = rss_kib(self.node_a.proc.pid)
        started = time.monotonic()
        stop_at = started + self.seconds
        agents = [Agent(i, tree, self.env(), self.rec, stop_at, seed=i) for i, tree in enumerate(self.trees)]
        racer = threading.Thread(target=self.race_crons, args=(stop_at,), daemon=True)
        faults = threading.Thread(target=self.faults, args=(started,), daemon=True)
        self.releases = ReleaseManager(self, stop_at, 5 if self.seconds < 300 else 15)
        for thread in (*agents, racer, faults, self.releases):
            thread.start()
        for agent in agents:
            agent.join(timeout=self.seconds + 600)
        faults.join(timeout=600)
        racer.join(timeout=60)
        self.releases.join(timeout=120)
        elapsed = time.monotonic() - started
        self.rss["a_end_kib"] = rss_kib(self.node_a.proc.pid)
        self.rec.event("agents done; last cron pass")
        self.trigger_crons()
        time.sleep(5)
        self.wait_dispatched()
        return self.report(agents, elapsed)

    def wait_dispatched(self, timeout=90):
        """The approved deploys' dispatches the crons still owe (the last cron pass sends them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.pending_dispatches():
                return
            self.trigger_crons()
            time.sleep(3)

    def pending_dispatches(self):
        ids = self.releases.approved
        return self.sql(
            "SELECT count(*) FROM project_task WHERE id = ANY(%s) AND deploy_state = 'approved'", (ids,)
        )[0][0]

    def teardown(self):
        if getattr(self, "git_host", None):
            self.git_host.stop()
        if getattr(self, "balancer", None):
            self.balancer.close()
        for name in ("node_a", "node_b"):
            node = getattr(self, name, None)
            if node:
                node.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    # -- crons of both nodes competing
    def trigger_crons(self):
        self.sql(
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 second' "
            "WHERE active AND cron_name ~* '^Practice'",
            fetch=False,
        )
        self.sql("SELECT pg_notify('cron_trigger', %s)", (self.db,))

    def race_crons(self, stop_at):
        interval = 5 if self.seconds < 300 else 30
        while time.monotonic() < stop_at:
            try:
                self.trigger_crons()
            except Exception as exc:  # the database restarting
                self.rec.event(f"cron racer: {type(exc).__name__}")
            time.sleep(interval)

    # -- the fault schedule
    def at(self, started, fraction):
        time.sleep(max(0.0, started + self.seconds * fraction - time.monotonic()))

    def faults(self, started):
        self.at(started, 0.15)
        workers = sorted(http_workers(self.node_a))  # the HTTP workers are spawned before the cron worker
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            self.rec.event(f"SIGKILL worker {workers[0]} of node A")
        self.at(started, 0.3)
        self.rec.event(f"node B stopped for {self.node_down_s} s")
        self.node_b.stop()
        time.sleep(self.node_down_s)
        self.node_b = start_node()
        self.balancer.set_backends([self.node_a.port, self.node_b.port])
        self.rec.event(f"node B back on :{self.node_b.port}")
        self.at(started, 0.6)
        self.postgres_fault()

    def postgres_fault(self):
        self.write_vault()
        env = self.env()
        outcomes = {}

        def push():
            outcomes["vault push"] = self.timed(["vault", "push", str(self.vault)], env)

        def snapshot():
            outcomes["snapshot take"] = self.timed(["snapshot", "take", "soak: during the restart"], env)

        threads = [threading.Thread(target=push), threading.Thread(target=snapshot)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        how = restart_postgres(self.db) if self.pg_fault == "restart" else None
        if how is None:
            how = f"terminated {terminate_backends(self.sql)} connections"
        self.rec.event(f"PostgreSQL fault: {how}")
        for thread in threads:
            thread.join(timeout=300)
        # what an agent does next: the same commands again, which must now succeed
        after = {
            "vault push": self.timed(["vault", "push", str(self.vault)], env),
            "snapshot take": self.timed(["snapshot", "take", "soak: after the restart"], env),
        }
        self.fault_results = {
            "postgres": how,
            "during": {k: v["rc"] for k, v in outcomes.items()},
            "after": {k: v["rc"] for k, v in after.items()},
        }
        self.rec.event(
            f"during the fault: {self.fault_results['during']}; after: {self.fault_results['after']}"
        )

    def timed(self, args, env):
        started = time.monotonic()
        proc = subprocess.run(
            [*PRACTICE, *args], cwd=self.work / "main", env=env, capture_output=True, text=True
        )
        self.rec.record(" ".join(args[:2]), time.monotonic() - started, proc)
        return {"rc": proc.returncode, "out": (proc.stdout + proc.stderr)[-500:]}

    def write_vault(self):
        stamp = uuid.uuid4().hex[:8]
        for index in range(20):
            module = MODULES[index % len(MODULES)]
            (self.vault / "rules" / f"2026-12-01-soak-{index:03d}.md").write_text(
                VAULT_RULE.format(index=index, module=module, stamp=stamp)
            )

    # -- the invariants
    def report(self, agents, elapsed):
        repo = self.sql("SELECT id FROM practice_repo WHERE name = %s", (self.repo_name,))[0][0]
        checks = {}
        checks["double_grants_count"] = self.sql(
            """SELECT count(*) FROM practice_lock a JOIN practice_lock b
                 ON a.repo_id = b.repo_id AND a.module_id = b.module_id AND a.id < b.id
                AND a.session_id <> b.session_id
              WHERE a.repo_id = %s
                AND a.acquired_at < LEAST(COALESCE(b.ended_at, b.expires_at), b.expires_at)
                AND b.acquired_at < LEAST(COALESCE(a.ended_at, a.expires_at), a.expires_at)""",
            (repo,),
        )[0][0]
        ended = [s for agent in agents for s, ok in agent.sessions if ok]
        all_sessions = [s for agent in agents for s, _ok in agent.sessions]
        checks["leases_held_after_end_count"] = self.sql(
            "SELECT count(*) FROM practice_lock WHERE state = 'held' AND session_id = ANY(%s)", (ended,)
        )[0][0]
        checks["leases_without_expiry_count"] = self.sql(
            "SELECT count(*) FROM practice_lock WHERE repo_id = %s AND state = 'held' "
            "AND expires_at > (now() AT TIME ZONE 'UTC') + make_interval(secs => ttl_seconds + 60)",
            (repo,),
        )[0][0]
        checks["sessions_running_after_end_count"] = self.sql(
            "SELECT count(*) FROM practice_session_log WHERE state = 'running' AND name = ANY(%s)", (ended,)
        )[0][0]
        checks.update(self.cron_duplicates())
        topics = [t for agent in agents for t, ok in agent.memories if ok]
        counts = dict(
            self.sql(
                "SELECT topic, count(*) FROM practice_memory WHERE topic = ANY(%s) GROUP BY topic", (topics,)
            )
        )
        self.mismatched_memories = [(t, counts.get(t, 0)) for t in topics if counts.get(t) != 1][:10]
        checks["memories_not_once_count"] = sum(1 for t in topics if counts.get(t) != 1)
        runs = [n for agent in agents for n, ok in agent.eval_runs if ok]
        counts = dict(
            self.sql(
                "SELECT name, count(*) FROM practice_eval_run WHERE name = ANY(%s) GROUP BY name", (runs,)
            )
        )
        checks["eval_runs_not_once_count"] = sum(1 for n in runs if counts.get(n) != 1)
        keys = {}
        for key in self.git_host.keys:
            keys[key] = keys.get(key, 0) + 1
        checks["duplicate_dispatches_count"] = sum(1 for count in keys.values() if count > 1)
        checks["deploys_not_dispatched_count"] = self.pending_dispatches()
        checks["hooks_over_budget_count"] = len(self.rec.over_budget)
        checks["tracebacks_count"] = len(self.rec.tracebacks)
        checks["agents_crashed_count"] = sum(1 for agent in agents if agent.error)
        hours = elapsed / 3600
        growth = (self.rss["a_end_kib"] - self.rss["a_start_kib"]) / 1024 / max(hours, 1e-9)
        figures = dict(checks)
        figures.update(
            {
                "sessions_count": len(all_sessions),
                "sessions_end_failed_count": len(all_sessions) - len(ended),
                "edits_count": sum(a.edits for a in agents),
                "denials_count": sum(a.denials for a in agents),
                "outage_denials_count": sum(a.outage_denials for a in agents),
                "post_tool_blocks_count": sum(a.blocks for a in agents),
                "memories_count": len(topics),
                "eval_runs_count": len(runs),
                "sop_runs_count": sum(a.sop_runs for a in agents),
                "deploys_approved_count": len(self.releases.approved),
                "deploys_dispatched_count": len(keys),
                "deploy_calls_failed_count": self.releases.failed,
                "balancer_failovers_count": self.balancer.failovers,
                "commands_count": sum(len(v) for v in self.rec.samples.values()),
                "commands_failed_count": sum(self.rec.failures.values()),
                "rss_node_a_start_mib": round(self.rss["a_start_kib"] / 1024, 1),
                "rss_node_a_growth_mib_per_h": round(growth, 1),
                "elapsed_s": round(elapsed, 1),
            }
        )
        latency = {}
        for name, samples in sorted(self.rec.samples.items()):
            ordered = sorted(samples)
            key = name.replace(" ", "_").replace("-", "_")
            latency[name] = {
                "count": len(ordered),
                "p50_ms": round(statistics.median(ordered) * 1000, 1),
                "p95_ms": round(_percentile(ordered, 0.95) * 1000, 1),
                "p99_ms": round(_percentile(ordered, 0.99) * 1000, 1),
                "max_ms": round(ordered[-1] * 1000, 1),
                "failed": self.rec.failures.get(name, 0),
            }
            figures[f"{key}_p95_ms"] = latency[name]["p95_ms"]
        self.print_tables(checks, figures, latency)
        goals = {name: "met" if value == 0 else "missed" for name, value in checks.items()}
        if self.seconds >= 1800:  # a minute's growth is the warm-up, not a trend
            goals["rss_node_a_growth_mib_per_h"] = "met" if growth <= 256 else "missed"
        emit(
            "soak_agents",
            figures,
            sizes={
                "agents": self.n_agents,
                "seconds": self.seconds,
                "nodes": 2,
                "workers_per_node": 2,
                "node_down_s": self.node_down_s,
                "postgres_fault": self.fault_results.get("postgres"),
                "timeline": self.rec.timeline,
                "latency": latency,
                "fault_commands": self.fault_results,
                "over_budget": self.rec.over_budget[:20],
                "tracebacks": list(self.rec.tracebacks[:5]),
                "agent_errors": [a.error for a in agents if a.error],
                "failure_samples": self.rec.failure_samples,
                "memories_not_once": self.mismatched_memories,
            },
            goals=goals,
        )
        return 0 if all(value == 0 for value in checks.values()) else 1

    def cron_duplicates(self):
        one = lambda query: self.sql(query)[0][0]  # noqa: E731
        return {
            "duplicate_diff_alerts_count": one(
                "SELECT count(*) FROM (SELECT 1 FROM practice_watchdog_alert WHERE after_snapshot_id IS NOT NULL "
                "GROUP BY kind, before_snapshot_id, after_snapshot_id HAVING count(*) > 1) d"
            ),
            "duplicate_diffs_count": one(
                "SELECT count(*) FROM (SELECT 1 FROM practice_watchdog_diff "
                "GROUP BY before_snapshot_id, after_snapshot_id HAVING count(*) > 1) d"
            ),
            "duplicate_sla_activities_count": one(
                "SELECT count(*) FROM (SELECT 1 FROM mail_activity WHERE res_model = 'practice.sop.run' "
                "AND summary LIKE 'SLA missed%%' GROUP BY res_id HAVING count(*) > 1) d"
            ),
            "duplicate_overdue_posts_count": one(
                "SELECT count(*) FROM (SELECT 1 FROM mail_message WHERE model = 'practice.sop.run' "
                "AND body::text LIKE '%%Overdue: the SLA was due%%' GROUP BY res_id HAVING count(*) > 1) d"
            ),
        }

    def print_tables(self, checks, figures, latency):
        print("\n## Invariants (each must be 0)\n")
        print("| invariant | value |")
        print("|---|---|")
        for name, value in checks.items():
            print(f"| {name.removesuffix('_count').replace('_', ' ')} | {value} |")
        print("\n## Latency per command\n")
        print("| command | count | p50 | p95 | p99 | max | failed |")
        print("|---|---|---|---|---|---|---|")
        for name, row in latency.items():
            print(
                f"| {name} | {row['count']} | {row['p50_ms']} ms | {row['p95_ms']} ms | {row['p99_ms']} ms | "
                f"{row['max_ms']} ms | {row['failed']} |"
            )
        print("\n## Fault timeline\n")
        for item in self.rec.timeline:
            print(f"- {item['t_s']} s: {item['event']}")
        print()
        for key in (
            "sessions_count",
            "edits_count",
            "denials_count",
            "post_tool_blocks_count",
            "balancer_failovers_count",
        ):
            print(f"{key}: {figures[key]}")
        for name, samples in self.rec.failure_samples.items():
            for sample in samples:
                print(f"\nfailed {name}: {sample}")
        for name, text in self.rec.tracebacks[:3]:
            print(f"\ntraceback in {name}:\n{text}")
        sys.stdout.flush()


def _percentile(ordered, fraction):
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def terminate_backends(sql):
    """Every other connection to the database dropped, as a restart drops them."""
    rows = sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return sum(1 for (done,) in rows if done)


def restart_postgres(db):
    """Restart the local PostgreSQL cluster (Debian's pg_ctlcluster, as root or through sudo -n);
    None when this process may not (a remote server: the caller terminates connections instead)."""
    if os.environ.get("PG_HOST") not in ("localhost", "127.0.0.1", None) or not shutil.which("pg_lsclusters"):
        return None
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False)
    fields = (listed.stdout.split("\n")[0] or "").split()
    if len(fields) < 3 or fields[2] != os.environ.get("PG_PORT", "5432"):
        return None
    command = ["pg_ctlcluster", fields[0], fields[1], "restart", "-m", "fast"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        return None
    return f"restarted cluster {fields[0]}/{fields[1]} in {time.monotonic() - started:.1f} s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, help="default 8 (quick: 4)")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--node-down", type=float, default=60.0, help="seconds node B stays stopped")
    parser.add_argument("--pg-fault", choices=["restart", "terminate"], default="restart")
    parser.add_argument(
        "--quick", action="store_true", help="1 minute, node B down 8 s, connections terminated"
    )
    opts = parser.parse_args(argv)
    if opts.quick or quick():
        opts.minutes, opts.node_down, opts.pg_fault = 1.0, 8.0, "terminate"
        opts.agents = opts.agents or 4
    opts.agents = opts.agents or 8
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still stops its nodes
    day = Day(opts.agents, opts.minutes * 60, opts.node_down, opts.pg_fault)
    print(
        f"# A day of {opts.agents} agents: {opts.minutes:g} min, two nodes, faults ({opts.pg_fault})",
        flush=True,
    )
    return day.run()


if __name__ == "__main__":
    os.environ.setdefault("PRACTICE_E2E_DB", os.environ.get("PRACTICE_BENCH_DB", ""))
    sys.exit(main())
