"""Runs every benchmark, each in its own throwaway copy of a template database, collects their
figures and writes ``bench/results/<date>-<host>.json`` plus one summary table.

Started by ``setup/bench`` (no script argument) or ``setup/bench --quick``, which install the
template first; the test suite's smoke test calls it directly on its own template::

    python bench/run.py --template DB [--quick] [--out FILE] [--only NAME[,NAME]] [--args NAME=ARGS]

Each script prints its human tables and one ``BENCH-FIGURES {json}`` line (``common.emit``);
``bench_hooks.py`` prints tables only: its p50/p95 rows are read from its table.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from common import FIGURES_MARK  # noqa: E402

# name, arguments of the full run, arguments of the quick pass (None: the script is imported and
# its constants shrunk, for a script that has no quick mode of its own)
BENCHES = [
    ("bench_lock", [], ["--quick"]),
    ("bench_vault", [], ["--quick"]),
    ("bench_bundle", [], ["--quick"]),
    ("bench_context_recall", [], ["--smoke"]),
    ("bench_watchdog", [], ["--quick"]),
    ("bench_hooks", [], None),
    ("bench_alert_latency", [], ["--quick"]),
    ("bench_eval_import", [], ["--quick"]),
    ("bench_sandbox", [], ["--quick"]),
    ("bench_fleet", [], ["--quick"]),
    ("soak", [], ["--quick"]),
]
# a benchmark whose script is not bench/<name>.py
SCRIPTS = {"soak": "soak_agents.py"}
# addons a benchmark needs in the template (else it is skipped, said in the results)
REQUIRES = {
    "bench_lock": ["practice_lock"],
    "bench_vault": ["practice_knowledge"],
    "bench_bundle": ["practice_memory"],
    "bench_context_recall": ["practice_knowledge", "practice_memory"],
    "bench_watchdog": ["practice_watchdog"],
    "bench_hooks": ["practice_lock"],
    "bench_alert_latency": ["practice_watchdog"],
    "bench_eval_import": ["practice_eval"],
    "bench_sandbox": ["practice_memory"],
    "bench_fleet": ["practice_watchdog_fleet"],
    "soak": [
        "practice_lock",
        "practice_memory",
        "practice_eval",
        "practice_sop",
        "practice_watchdog",
        "practice_deploy",
    ],
}
# bench_hooks.py has no quick mode: run with fewer rounds (its module constants).
HOOKS_QUICK = "import sys; sys.argv = ['bench_hooks.py']; import bench_hooks as b; b.ROUNDS = 2; b.PER_ROUND = 1; b.main()"
TABLE_ROW = re.compile(r"^\|(.+)\|\s*$")
MS = re.compile(r"^([\d,]+(?:\.\d+)?) ms$")


def pg_env():
    env = dict(os.environ)
    env["PGPASSWORD"] = os.environ["PG_PASSWORD"]
    return env


def pg_args():
    return ["-h", os.environ["PG_HOST"], "-p", os.environ["PG_PORT"], "-U", os.environ["PG_ROLE"]]


def filestore(db):
    return Path(os.environ["PRACTICE_CACHE"]) / "data" / "filestore" / db


def copy_db(template, db):
    drop_db(db)
    for attempt in range(10):  # a server just stopped may still hold the template for a moment
        done = subprocess.run(["createdb", *pg_args(), "-T", template, db], env=pg_env(), capture_output=True)
        if done.returncode == 0:
            break
        if attempt == 9:
            raise RuntimeError(f"createdb -T {template} {db} failed: {done.stderr.decode().strip()}")
        time.sleep(1)
    if filestore(template).is_dir():
        shutil.copytree(filestore(template), filestore(db))


def drop_db(db):
    subprocess.run(
        ["dropdb", *pg_args(), "--if-exists", "--force", db], check=True, env=pg_env(), capture_output=True
    )
    shutil.rmtree(filestore(db), ignore_errors=True)


def psql(sql, db="postgres"):
    out = subprocess.run(
        ["psql", *pg_args(), "-d", db, "-tAc", sql], check=True, env=pg_env(), capture_output=True
    )
    return out.stdout.decode().strip()


def machine():
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    try:
        load = list(os.getloadavg())
    except OSError:
        load = None
    odoo_version = None
    release = Path(os.environ.get("ODOO_SRC", "")) / "odoo" / "release.py"
    if release.is_file():
        ns = {}
        exec(compile(release.read_text(), str(release), "exec"), ns)
        odoo_version = ns.get("version")
    return {
        "host": socket.gethostname(),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": platform.processor() or platform.machine(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": psql("SHOW server_version"),
        "odoo": odoo_version,
        "load_average_at_start": load,
    }


def git_commit():
    try:
        out = subprocess.run(
            ["git", "-C", str(PROJECT_DIR), "rev-parse", "--short", "HEAD"], capture_output=True, check=True
        )
        dirty = subprocess.run(
            ["git", "-C", str(PROJECT_DIR), "status", "--porcelain", "--", "addons", "bench"],
            capture_output=True,
            check=True,
        )
        return out.stdout.decode().strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def hook_figures(lines):
    """bench_hooks.py prints `| label | p50 | p95 | ratio |` rows: read them as figures."""
    keys = {
        "`python -c pass`": "python_start",
        "bare `search_read`": "search_read",
        "hook, already held": "hook_held",
        "hook, first acquire with a login": "hook_first_login",
        "hook, first acquire": "hook_first",
        "full client, already held": "full_client_held",
        "post-tool-use, Edit": "post_edit",
        "post-tool-use, Bash `pytest": "post_run",
        "post-tool-use, Bash": "post_bash",
        "in-process `prompt` call": "prompt_call",
        "user-prompt-submit": "prompt_hook",
        "stop, watchdog only": "stop_plain",
        "stop with the suite gate": "stop_gate",
    }
    figures = {}
    for line in lines:
        match = TABLE_ROW.match(line)
        if not match:
            continue
        cells = [c.strip() for c in match.group(1).split("|")]
        if len(cells) != 4:
            continue
        key = next((v for k, v in keys.items() if cells[0].startswith(k)), None)
        p50, p95 = MS.match(cells[1]), MS.match(cells[2])
        if key and p50 and p95:
            figures[f"{key}_p50_ms"] = float(p50.group(1).replace(",", ""))
            figures[f"{key}_p95_ms"] = float(p95.group(1).replace(",", ""))
    if {"hook_held_p50_ms", "python_start_p50_ms"} <= figures.keys():
        figures["hook_held_x"] = figures["hook_held_p50_ms"] / figures["python_start_p50_ms"]
    if {"hook_first_p50_ms", "python_start_p50_ms", "search_read_p50_ms"} <= figures.keys():
        base = figures["python_start_p50_ms"] + figures["search_read_p50_ms"]
        figures["hook_first_x"] = figures["hook_first_p50_ms"] / base
    if {"post_edit_p50_ms", "post_bash_p50_ms", "python_start_p50_ms"} <= figures.keys():
        figures["post_edit_x"] = figures["post_edit_p50_ms"] / figures["python_start_p50_ms"]
        figures["post_bash_x"] = figures["post_bash_p50_ms"] / figures["python_start_p50_ms"]
    if {"post_run_p50_ms", "python_start_p50_ms"} <= figures.keys():
        figures["post_run_x"] = figures["post_run_p50_ms"] / figures["python_start_p50_ms"]
    if {"prompt_hook_p50_ms", "prompt_call_p50_ms", "python_start_p50_ms"} <= figures.keys():
        base = figures["python_start_p50_ms"] + figures["prompt_call_p50_ms"]
        figures["prompt_hook_x"] = figures["prompt_hook_p50_ms"] / base
    if {"stop_gate_p50_ms", "stop_plain_p50_ms"} <= figures.keys():
        figures["stop_gate_x"] = figures["stop_gate_p50_ms"] / figures["stop_plain_p50_ms"]
    return figures


def run_one(name, args, template, quick, log_dir):
    db = f"{template}_{name.removeprefix('bench_')}"[:63]
    started = time.perf_counter()
    print(f"\n# {name} (database {db})", flush=True)
    copy_db(template, db)
    env = dict(os.environ, PRACTICE_BENCH_DB=db, PRACTICE_E2E_DB=db, PYTHONUNBUFFERED="1")
    env["PRACTICE_BENCH_QUICK"] = "1" if quick else "0"
    if args is None:
        cmd = [sys.executable, "-c", HOOKS_QUICK]
    else:
        cmd = [sys.executable, str(BENCH_DIR / SCRIPTS.get(name, f"{name}.py")), *args]
    lines = []
    try:
        with subprocess.Popen(
            cmd, cwd=BENCH_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as proc:
            for line in proc.stdout:
                sys.stdout.write(line)
                lines.append(line.rstrip("\n"))
            rc = proc.wait()
    finally:
        if os.environ.get("PRACTICE_KEEP_DB") != "1":
            drop_db(db)
    (log_dir / f"{name}.log").write_text("\n".join(lines) + "\n")
    result = {
        "rc": rc,
        "seconds": round(time.perf_counter() - started, 1),
        "figures": {},
        "sizes": {},
        "goals": {},
    }
    for line in lines:
        if line.startswith(FIGURES_MARK):
            data = json.loads(line[len(FIGURES_MARK) :])
            for key in ("figures", "sizes", "goals"):
                result[key].update(data.get(key) or {})
    if name == "bench_hooks" and not result["figures"]:
        result["figures"] = hook_figures(lines)
    if not result["figures"]:
        result["status"] = "failed"
    elif rc:
        result["status"] = "goal missed" if name == "bench_vault" and rc == 1 else "failed"
    else:
        result["status"] = "ok"
    if result["status"] == "failed":
        result["output_tail"] = lines[-30:]
    return result


def fmt(value):
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def summary(results):
    print("\n# Summary\n")
    print("| benchmark | status | time | figure | value | goal |")
    print("|---|---|---|---|---|---|")
    for name, res in results["benches"].items():
        first = True
        items = sorted(res["figures"].items()) or [("—", "—")]
        for key, value in items:
            head = f"| {name} | {res['status']} | {res['seconds']:.0f} s" if first else "| | |"
            print(f"{head} | {key} | {fmt(value)} | {res['goals'].get(key, '')} |")
            first = False
    print(f"\nresults: {results['file']}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", required=True, help="database copied for each benchmark")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks each bench runs")
    parser.add_argument("--out", help="result file (default bench/results/<date>-<host>[-quick].json)")
    parser.add_argument("--only", help="comma-separated bench names (bench_lock,...)")
    parser.add_argument(
        "--args",
        action="append",
        default=[],
        metavar="NAME=ARGS",
        help="arguments of one benchmark instead of its defaults, e.g. bench_watchdog=100000,1000000",
    )
    opts = parser.parse_args(argv)
    only = set(opts.only.split(",")) if opts.only else None
    now = dt.datetime.now(dt.UTC)
    host = socket.gethostname()
    if opts.out:
        out = Path(opts.out)
    else:
        out = BENCH_DIR / "results" / f"{now:%Y-%m-%dT%H%M}-{host}{'-quick' if opts.quick else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    log_dir = out.with_suffix(".logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    results = {
        "date": now.isoformat(timespec="seconds"),
        "quick": opts.quick,
        "commit": git_commit(),
        "machine": machine(),
        "file": str(out),
        "benches": {},
    }
    installed = set(
        psql("SELECT name FROM ir_module_module WHERE state = 'installed'", opts.template).split()
    )
    for name, full_args, quick_args in BENCHES:
        if only and name not in only:
            continue
        missing = [m for m in REQUIRES.get(name, []) if m not in installed]
        if missing:
            print(f"\n# {name}: skipped ({', '.join(missing)} not installed in {opts.template})", flush=True)
            results["benches"][name] = {
                "status": "skipped",
                "missing": missing,
                "seconds": 0.0,
                "figures": {},
                "sizes": {},
                "goals": {},
            }
            continue
        args = quick_args if opts.quick else full_args
        for item in opts.args:
            bench, _sep, extra = item.partition("=")
            if bench == name:
                args = [*(quick_args or [] if opts.quick else []), *shlex.split(extra)]
        results["benches"][name] = run_one(name, args, opts.template, opts.quick, log_dir)
        results["seconds"] = sum(r["seconds"] for r in results["benches"].values())
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    summary(results)
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    failed = [n for n, r in results["benches"].items() if r["status"] == "failed"]
    if failed:
        print(f"failed: {', '.join(failed)} (output in {log_dir})", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
