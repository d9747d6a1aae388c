"""The agent's PreToolUse hook as a process (what Claude Code runs before every edit), p50/p95,
against ``python -c pass`` and a bare authenticated ``search_read`` (res.partner, limit 1) over
XML-RPC to the same live server, in interleaved rounds of the same run.

    PRACTICE_BENCH_DB=hooks_b setup/bench bench/bench_hooks.py

Cases, each a fresh ``practice hook pre-tool-use`` (the command ``practice hooks install``
writes), the console script pip writes when it installs ``client/`` (into a temporary prefix,
as a user's ``pip install``; it runs the file directly, without ``python -m``'s runpy), with
Claude Code's JSON on stdin, in a temporary git work tree holding two Odoo module folders:

* already held: the module's ``.locks/`` file is this session's with lease left (no round trip);
* first acquire: the module is free (released between runs, untimed); the work tree remembers
  the uid of an earlier hook's login (``.git/practice-hooks/uid``, as after session-start): one
  JSON-RPC acquire from the lean entry, ``.locks/`` and the session written;
* first acquire with a login: the same with no uid remembered (the full client: authenticate,
  whose password-hash check dominates, then acquire), for comparison;
* already held through the full client (``practice_client.cli``, click + rich + XML-RPC), the
  path before the lean entry, for comparison.

Goals: already held <= 2x ``python -c pass``; first acquire <= 1.5x (search_read + python start).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PROJECT_DIR
from live import LiveOdoo

ROUNDS = 25
PER_ROUND = 2
SESSION = "bench-hook-session"
PY = sys.executable
HOOK_ARGS = ["hook", "pre-tool-use"]
FULL = [
    PY,
    "-c",
    "import sys; sys.argv = ['practice', 'hook', 'pre-tool-use']; from practice_client.cli import main; main()",
]
PASS = [PY, "-c", "pass"]


def _install_client(prefix):
    """``pip install client/`` into ``prefix`` (no network: the dependencies are the venv's);
    returns the ``practice`` console script pip wrote and the folder of the installed package."""
    source = Path(prefix) / "src"
    shutil.copytree(PROJECT_DIR / "client", source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [
            PY,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--prefix",
            prefix,
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    script = Path(prefix) / "bin" / "practice"
    packages = next(Path(prefix).glob("lib/python*/site-packages"))
    return script, packages


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _tree(folder):
    for name in ("bench_held", "bench_first"):
        (folder / "addons" / name / "models").mkdir(parents=True)
        (folder / "addons" / name / "__manifest__.py").write_text(f"{{'name': '{name}'}}\n")
        (folder / "addons" / name / "models" / "thing.py").write_text("x = 1\n")
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "-c", "user.name=bench", "-c", "user.email=b@x", "commit", "-qm", "init")


def _event(folder, event, **fields):
    payload = {"session_id": SESSION, "transcript_path": f"/tmp/{SESSION}.jsonl", "cwd": str(folder)}
    return json.dumps({**payload, "hook_event_name": event, **fields}).encode()


def _timed_any(cmd, folder, env, stdin=b"", codes=(0,)):
    """A hook whose answer may print (context) or block (exit 2): timed all the same."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=folder, env=env, input=stdin, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    assert proc.returncode in codes, (cmd, proc.returncode, proc.stdout, proc.stderr)
    return elapsed


def _payload(folder, module):
    return json.dumps(
        {
            "session_id": SESSION,
            "transcript_path": f"/tmp/{SESSION}.jsonl",
            "cwd": str(folder),
            "hook_event_name": "PreToolUse",
            "tool_name": "Edit",
            "tool_input": {"file_path": str(folder / "addons" / module / "models" / "thing.py")},
        }
    ).encode()


def _timed(cmd, folder, env, stdin=b""):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=folder, env=env, input=stdin, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0 and not proc.stdout, (cmd, proc.returncode, proc.stdout, proc.stderr)
    return elapsed


def _p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def _loop_hooks(script, folder, env, call):
    """The loop's other hooks, interleaved: PostToolUse when nothing changed (an Edit of the held
    module, a Bash command), UserPromptSubmit, and Stop without / with the suite gate (the
    session holds bench_held; a green run of this work tree is pushed first, untimed)."""
    edit = {"file_path": str(folder / "addons" / "bench_held" / "models" / "thing.py")}
    post_edit = _event(
        folder, "PostToolUse", tool_name="Edit", tool_input=edit, tool_response={"success": True}
    )
    post_bash = _event(
        folder, "PostToolUse", tool_name="Bash", tool_input={"command": "ls -la addons"}, tool_response={}
    )
    post_run = _event(  # a command that may write (a test run) and changed nothing: its watcher says so
        folder, "PostToolUse", tool_name="Bash", tool_input={"command": "pytest -q"}, tool_response={}
    )
    pre_run = _event(  # its PreToolUse: the picture (git status) and the module watcher
        folder, "PreToolUse", tool_name="Bash", tool_input={"command": "pytest -q"}
    )
    prompt = "Why does the nightly stock move cron fail after the pricing change?"
    asked = _event(folder, "UserPromptSubmit", prompt=prompt)
    stop = _event(folder, "Stop", stop_hook_active=False)
    call("practice.session.log", "start", SESSION, "bench session")  # the run below is pushed for it
    report = folder.parent / f"{folder.name}-report.xml"
    report.write_text(
        '<testsuite name="bench" tests="1"><testcase classname="b" name="test_ok"/></testsuite>'
    )
    pushed = subprocess.run(
        [str(script), "eval", "push", str(report), "--session", SESSION],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pushed.returncode == 0, pushed.stderr
    plain = dict(env, PRACTICE_SUITE_GATE="0")
    post, prompt_hook = [str(script), "hook", "post-tool-use"], [str(script), "hook", "user-prompt-submit"]
    pre = [str(script), "hook", "pre-tool-use"]
    stop_hook = [str(script), "hook", "stop"]
    for cmd, data in (
        (post, post_edit),
        (post, post_bash),
        (pre, pre_run),
        (post, post_run),
        (prompt_hook, asked),
        (stop_hook, stop),
    ):
        _timed_any(cmd, folder, env, data)  # warm-up
    found = {
        "post_edit": [],
        "post_bash": [],
        "post_run": [],
        "pre_run": [],
        "prompt_hook": [],
        "prompt_call": [],
        "stop_plain": [],
        "stop_gate": [],
    }
    for _round in range(ROUNDS):
        for _ in range(PER_ROUND):
            found["post_edit"].append(_timed(post, folder, env, post_edit))
            found["post_bash"].append(_timed(post, folder, env, post_bash))
            found["pre_run"].append(_timed_any(pre, folder, env, pre_run))
            found["post_run"].append(_timed(post, folder, env, post_run))
            found["prompt_hook"].append(_timed_any(prompt_hook, folder, env, asked))
            start = time.perf_counter()
            call("practice.context", "prompt", prompt, session_id=SESSION, max_bytes=4000)
            found["prompt_call"].append(time.perf_counter() - start)
            found["stop_plain"].append(_timed(stop_hook, folder, plain, stop))
            found["stop_gate"].append(_timed(stop_hook, folder, env, stop))
    return found


def main():
    # the hooks' proofs of the server's grants (practice_client.lock_proof), in a cache of this
    # run's own
    proofs = Path(tempfile.mkdtemp(prefix="bench-hooks-cache-"))
    server = LiveOdoo(workers=0)
    try:
        admin = server.login("admin", "admin")
        proxy = admin.proxy()

        def call(model, method, *args, **kwargs):
            return proxy.execute_kw(server.db, admin.uid, admin.password, model, method, list(args), kwargs)

        def bare():
            start = time.perf_counter()
            call("res.partner", "search_read", [], fields=["name"], limit=1)
            return time.perf_counter() - start

        env = {k: v for k, v in os.environ.items() if not k.startswith(("PRACTICE_", "GIT_"))}
        # as an installed client runs (pip writes its bytecode): compiled once in the warm-up,
        # kept outside the project; PYTHONDONTWRITEBYTECODE=1 would compile every module on
        # every hook process (about 10 ms here)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-hooks-pycache-")
        env["XDG_CACHE_HOME"] = str(proofs)
        env.update(
            PRACTICE_URL=server.url,
            PRACTICE_DB=server.db,
            PRACTICE_LOGIN="admin",
            PRACTICE_API_KEY="admin",
        )
        with (
            tempfile.TemporaryDirectory(prefix="bench-hooks-") as tmp,
            tempfile.TemporaryDirectory(prefix="bench-hooks-client-") as prefix,
        ):
            script, packages = _install_client(prefix)
            hook = [str(script), *HOOK_ARGS]
            env["PYTHONPATH"] = str(packages)
            folder = Path(tmp)
            _tree(folder)
            held, first = _payload(folder, "bench_held"), _payload(folder, "bench_first")
            first_lock = folder / ".locks" / "bench_first.lock"

            def release_first():
                token = dict(line.split(": ", 1) for line in first_lock.read_text().splitlines())["token"]
                assert call("practice.lock", "release", int(token), SESSION)["ok"]
                first_lock.unlink()
                # released behind the hook's back (as `practice lock release` does, the proof goes
                # too): the next edit acquires again instead of trusting the proof until its re-check
                dropped = list(proofs.rglob("bench_first.*.proof"))
                assert dropped, "the hook kept no proof of the lock it was granted"
                for proof in dropped:
                    proof.unlink()

            # warm-up (and the held lock, taken through the hook itself)
            for _ in range(5):
                bare()
            _timed(hook, folder, env, held)
            assert (folder / ".locks" / "bench_held.lock").exists()
            _timed(hook, folder, env, first)
            release_first()
            for cmd in (PASS, hook, FULL):
                _timed(cmd, folder, env, held)

            uid_file = folder / ".git" / "practice-hooks" / "uid"
            assert uid_file.exists(), "the warm-up hook did not remember its login"
            samples = {"pass": [], "search_read": [], "held": [], "first": [], "full_held": [], "login": []}
            for _round in range(ROUNDS):
                for _ in range(PER_ROUND):
                    samples["pass"].append(_timed(PASS, folder, env))
                    samples["search_read"].append(bare())
                    samples["held"].append(_timed(hook, folder, env, held))
                    samples["first"].append(_timed(hook, folder, env, first))
                    release_first()
                    samples["full_held"].append(_timed(FULL, folder, env, held))
                remembered = uid_file.read_text()
                uid_file.unlink()
                samples["login"].append(_timed(hook, folder, env, first))
                release_first()
                assert uid_file.read_text() == remembered
            held_entry = (folder / ".locks" / "bench_held.lock").read_text()
            assert f"session: {SESSION}" in held_entry
            samples.update(_loop_hooks(script, folder, env, call))

        p50 = {k: statistics.median(v) for k, v in samples.items()}
        p95 = {k: _p95(v) for k, v in samples.items()}
        first_base = p50["search_read"] + p50["pass"]
        n = ROUNDS * PER_ROUND
        print(
            f"\n## PreToolUse hook as a process ({ROUNDS} interleaved rounds x {PER_ROUND}, {n} runs each;"
            f" with a login: {ROUNDS})\n"
        )
        print("| operation | p50 | p95 | p50 ratio |")
        print("|---|---|---|---|")
        rows = [
            ("`python -c pass` (baseline 1)", "pass", "1.00× of itself"),
            ("bare `search_read` over XML-RPC, in process (baseline 2)", "search_read", "—"),
            (
                "hook, already held (answered from `.locks/`)",
                "held",
                f"{p50['held'] / p50['pass']:.2f}× python start",
            ),
            (
                "hook, first acquire (one JSON-RPC acquire + `.locks/`, login remembered)",
                "first",
                f"{p50['first'] / first_base:.2f}× (search_read + python start)",
            ),
            (
                "hook, first acquire with a login (no uid remembered: full client)",
                "login",
                f"{p50['login'] / first_base:.2f}× (search_read + python start)",
            ),
            (
                "full client, already held (before the lean entry)",
                "full_held",
                f"{p50['full_held'] / p50['pass']:.2f}× python start",
            ),
        ]
        prompt_base = p50["pass"] + p50["prompt_call"]
        rows += [
            (
                "post-tool-use, Edit of a held module, nothing new (lean)",
                "post_edit",
                f"{p50['post_edit'] / p50['pass']:.2f}× python start",
            ),
            (
                "post-tool-use, Bash `ls -la addons` (read-only: no `git status`)",
                "post_bash",
                f"{p50['post_bash'] / p50['pass']:.2f}× python start",
            ),
            (
                "pre-tool-use, Bash `pytest -q` (the picture: one `git status`, and the module watcher)",
                "pre_run",
                f"{p50['pre_run'] / p50['pass']:.2f}× python start",
            ),
            (
                "post-tool-use, Bash `pytest -q`, nothing changed (the watcher's verdict, no git)",
                "post_run",
                f"{p50['post_run'] / p50['pass']:.2f}× python start",
            ),
            ("in-process `prompt` call over XML-RPC (baseline 3)", "prompt_call", "—"),
            (
                "user-prompt-submit (lean: one JSON-RPC `prompt`)",
                "prompt_hook",
                f"{p50['prompt_hook'] / prompt_base:.2f}× (prompt call + python start)",
            ),
            ("stop, watchdog only (the stop hook before the suite gate)", "stop_plain", "1.00× of itself"),
            (
                "stop with the suite gate (tree state + `suite_state`)",
                "stop_gate",
                f"{p50['stop_gate'] / p50['stop_plain']:.2f}× stop before the gate",
            ),
        ]
        for label, key, ratio in rows:
            print(f"| {label} | {p50[key] * 1000:.1f} ms | {p95[key] * 1000:.1f} ms | {ratio} |")
        print(
            "\ngoal: already held <= 2x python -c pass "
            f"({'met' if p50['held'] <= 2 * p50['pass'] else 'NOT met'}); "
            "first acquire <= 1.5x (search_read + python start) "
            f"({'met' if p50['first'] <= 1.5 * first_base else 'NOT met'}); "
            f"post-tool-use nothing changed <= 1.2x python start (Edit {'met' if p50['post_edit'] <= 1.2 * p50['pass'] else 'NOT met'}, "
            f"Bash read-only {'met' if p50['post_bash'] <= 1.2 * p50['pass'] else 'NOT met'}, "
            f"Bash that may write {'met' if p50['post_run'] <= 1.2 * p50['pass'] else 'NOT met'}); "
            f"user-prompt-submit <= 1.3x ({'met' if p50['prompt_hook'] <= 1.3 * prompt_base else 'NOT met'}); "
            f"stop with the gate <= 1.5x ({'met' if p50['stop_gate'] <= 1.5 * p50['stop_plain'] else 'NOT met'})"
        )
        sys.stdout.flush()
    finally:
        server.stop()
        shutil.rmtree(proofs, ignore_errors=True)


if __name__ == "__main__":
    main()
