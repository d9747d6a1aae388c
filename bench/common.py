"""Shared helpers for benchmarks: an Odoo environment on the benchmark database, a live
server, timing by repetition and a ratio table. Run scripts through ``setup/bench``."""

import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "tests"))
sys.path.insert(0, str(PROJECT_DIR / "setup"))

from odoo_config import configure  # noqa: E402  (setup/ is on the path from here on)


def configure_odoo(extra_addons_paths=()):
    """Parse Odoo's config for the benchmark database (call once, before opening a registry)."""
    configure(extra_addons_paths)
    return os.environ["PRACTICE_BENCH_DB"]


@contextlib.contextmanager
def odoo_env(db=None, uid=1, context=None):
    """An Environment on a committed cursor (benchmarks measure real commits)."""
    import odoo

    db = db or os.environ["PRACTICE_BENCH_DB"]
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, uid, context or {})


def vacuum_analyze(env, models):
    """What autovacuum does after bulk inserts (PostgreSQL 13+ vacuums insert-only tables
    too): VACUUM ANALYZE each model's table and its many2many tables, so the planner sees the
    new row counts (a table created empty is planned as one row until then) and index-only
    scans find the pages all-visible. Commits first (VACUUM runs outside a transaction).
    Benchmarks measure the steady state, not the minute after a bulk load."""
    from odoo.addons.practice_base.tools import planner

    env.flush_all()
    env.cr.commit()
    tables = sorted({table for name in models if name in env for table in planner.model_tables(env[name])})
    connection = env.cr._cnx
    connection.autocommit = True
    try:
        planner.analyze(env.cr, tables, vacuum=True)
    finally:
        connection.autocommit = False
    return tables


def measure(fn, repeat=5, number=1):
    """Median seconds of ``number`` calls of ``fn``, over ``repeat`` rounds (after one warm-up)."""
    fn()
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def report(title, baseline_name, baseline_seconds, rows, goal=None):
    """Print a table: each row's time and its ratio to the baseline measured in the same run."""
    print(f"\n## {title}\n")
    print(f"| operation | per call | ratio to {baseline_name} |")
    print("|---|---|---|")
    print(f"| {baseline_name} (baseline) | {baseline_seconds * 1000:.3f} ms | 1.00× |")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.3f} ms | {seconds / baseline_seconds:.2f}× |")
    if goal:
        print(f"\ngoal: {goal}")
    sys.stdout.flush()


# ---------------------------------------------------------------- machine-readable figures
FIGURES_MARK = "BENCH-FIGURES "


def quick():
    """The small-size pass (``setup/bench --quick``, the test suite's smoke run): checks that the
    bench runs and reports its figures; its numbers are not figures to quote."""
    return os.environ.get("PRACTICE_BENCH_QUICK") == "1" or "--quick" in sys.argv


def emit(bench, figures, sizes=None, goals=None):
    """Print one JSON line of figures for the runner (bench/run.py) beside the human tables.

    ``figures``: {name: number}; the unit is the name's suffix (``_ms``, ``_x`` a ratio,
    ``_per_s``, ``_s``, ``_count``). ``sizes``: what was measured ({name: number}). ``goals``:
    {name: "met" | "missed" | text}."""
    line = {"bench": bench, "figures": figures, "sizes": sizes or {}, "goals": goals or {}}
    print(FIGURES_MARK + json.dumps(line, sort_keys=True), flush=True)
    return line


def p95(samples):
    """95th percentile (inclusive method; needs 2+ samples, else the one sample)."""
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]
