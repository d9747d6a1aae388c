"""The benchmarks' quick pass (``setup/bench --quick``): every benchmark runs in its own copy of
the live-test database and reports its figures; no timing is asserted, only that each bench
ran, said what it measured, and the correctness figures it checks (double grants, alerts)."""

import json
import math
import os
import subprocess
import sys

import pytest

from live import PROJECT_DIR, e2e_database

pytestmark = pytest.mark.integration

BENCH_DIR = PROJECT_DIR / "bench"
sys.path.insert(0, str(BENCH_DIR))

# the soak's invariants: each is 0 after a day of agents with faults (its quick pass too)
SOAK_INVARIANTS = [
    "double_grants_count",
    "leases_held_after_end_count",
    "leases_without_expiry_count",
    "sessions_running_after_end_count",
    "duplicate_diff_alerts_count",
    "duplicate_diffs_count",
    "duplicate_sla_activities_count",
    "duplicate_overdue_posts_count",
    "memories_not_once_count",
    "eval_runs_not_once_count",
    "duplicate_dispatches_count",
    "deploys_not_dispatched_count",
    "hooks_over_budget_count",
    "tracebacks_count",
    "agents_crashed_count",
]
# figures each benchmark must report (when its addons are installed)
EXPECTED = {
    "bench_lock": ["acquire_x", "release_x", "lock_vs_search_read_4_clients_x", "lock_4_clients_p95_ms"],
    "bench_vault": ["reimport_x", "reimport_rows_written_count", "scale_import_x"],
    "bench_bundle": ["bundle_markdown_x", "bundle_markdown_bytes_count"],
    "bench_context_recall": ["recall_task", "bundle_small_x", "bundle_big_vs_small_x"],
    "bench_watchdog": [
        "snapshot_largest_vs_smallest_x",
        "recount_slope_ms_per_million",
        "hooks_orm_x",
        "stat_triggers_sql_delete_x",
    ],
    "bench_hooks": ["hook_held_p50_ms", "hook_first_p50_ms", "python_start_p50_ms"],
    "bench_alert_latency": ["triggered_orm_1tx_p50_s", "triggered_sql_5chunks_max_s", "burst_cron_run_ms"],
    "bench_eval_import": ["parse_ms", "import_x", "first_import_x", "refuse_over_limit_x"],
    "bench_sandbox": ["bare_copy_s", "sandbox_create_s", "sandbox_create_x"],
    "bench_fleet": ["bare_calls_ms", "pull_ms", "pull_vs_bare_x"],
    "soak": [*SOAK_INVARIANTS, "sessions_count", "hook_pre_tool_use_p95_ms", "rss_node_a_growth_mib_per_h"],
}


def test_quick_pass_runs_every_benchmark_and_reports_its_figures(tmp_path):
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "run.py"),
            "--template",
            # setup/test's own copy: the e2e database has live servers connected to it
            os.environ.get("PRACTICE_BENCH_TEMPLATE") or e2e_database(),
            "--quick",
            "--out",
            str(out),
        ],
        cwd=PROJECT_DIR,
        env=dict(os.environ, PRACTICE_BENCH_QUICK="1"),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert proc.returncode == 0, proc.stdout[-5000:]
    assert results["quick"] is True
    for key in ("cores", "memory_gb", "postgresql", "python"):
        assert results["machine"][key], key
    ran = {name: res for name, res in results["benches"].items() if res["status"] != "skipped"}
    assert set(results["benches"]) == set(EXPECTED)
    assert ran, "every benchmark was skipped: the template lacks the practice addons"
    for name, res in ran.items():
        assert res["status"] == "ok" or (name == "bench_vault" and res["status"] == "goal missed"), (
            name,
            res,
        )
        missing = [key for key in EXPECTED[name] if key not in res["figures"]]
        assert not missing, (name, missing, sorted(res["figures"]))
        for key, value in res["figures"].items():
            assert isinstance(value, int | float) and math.isfinite(value), (name, key, value)
    if "bench_lock" in ran:
        assert ran["bench_lock"]["figures"]["double_grants_count"] == 0
        assert ran["bench_lock"]["figures"]["contention_grants_count"] > 0
    if "bench_alert_latency" in ran:
        figures = ran["bench_alert_latency"]["figures"]
        # -1 means a run saw no alert: the deletion must raise one on every path
        assert all(v >= 0 for k, v in figures.items() if k.endswith(("_p50_s", "_max_s"))), figures
    if "soak" in ran:
        figures = ran["soak"]["figures"]
        assert {key: figures[key] for key in SOAK_INVARIANTS} == dict.fromkeys(SOAK_INVARIANTS, 0), figures
        assert figures["sessions_count"] > 0 and figures["edits_count"] > 0, figures
    summary = proc.stdout[proc.stdout.index("# Summary") :]
    for name in ran:
        assert f"| {name} | " in summary


def test_hook_table_is_read_as_figures():
    from run import hook_figures

    lines = [
        "| operation | p50 | p95 | p50 ratio |",
        "|---|---|---|---|",
        "| `python -c pass` (baseline 1) | 20.0 ms | 25.0 ms | 1.00× of itself |",
        "| bare `search_read` over XML-RPC, in process (baseline 2) | 10.0 ms | 12.0 ms | — |",
        "| hook, already held (answered from `.locks/`) | 40.0 ms | 50.0 ms | 2.00× python start |",
        "| hook, first acquire (one JSON-RPC acquire + `.locks/`, login remembered) | 60.0 ms | 70.0 ms | 2.00× |",
        "| hook, first acquire with a login (no uid remembered: full client) | 1,200.0 ms | 1,300.5 ms | 40× |",
        "| post-tool-use, Bash `ls -la addons` (read-only: no `git status`) | 22.0 ms | 30.0 ms | 1.10× |",
        "| post-tool-use, Bash `pytest -q`, nothing changed (one `git status`) | 50.0 ms | 60.0 ms | 2.50× |",
    ]
    figures = hook_figures(lines)
    assert figures["post_run_x"] == 2.5 and figures["post_bash_p50_ms"] == 22.0
    assert figures["hook_held_x"] == 2.0
    assert figures["hook_first_x"] == 2.0
    assert figures["hook_first_login_p95_ms"] == 1300.5
    assert "full_client_held_p50_ms" not in figures


def test_compare_lists_moved_figures(tmp_path, capsys):
    from compare import main

    base = {"date": "a", "commit": "x", "quick": False, "machine": {"cores": 2}}
    a = dict(base, benches={"bench_lock": {"figures": {"acquire_x": 1.0, "lock_4_clients_per_s": 100.0}}})
    b = dict(base, benches={"bench_lock": {"figures": {"acquire_x": 1.5, "lock_4_clients_per_s": 101.0}}})
    (tmp_path / "a.json").write_text(json.dumps(a))
    (tmp_path / "b.json").write_text(json.dumps(b))
    assert main([str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 0
    out = capsys.readouterr().out
    assert "| bench_lock | acquire_x | 1 | 1.5 | 1.50 | worse |" in out
    assert "lock_4_clients_per_s" not in out  # moved by 1 %: not listed without --all
