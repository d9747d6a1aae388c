"""Shared helpers for benchmarks: an Odoo environment on the benchmark database, a live
server, timing by repetition and a ratio table. Run scripts through ``setup/bench``."""

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "tests"))


def configure_odoo(extra_addons_paths=()):
    """Parse Odoo's config for the benchmark database (call once, before opening a registry)."""
    from odoo.tools import config

    odoo_src = os.environ["ODOO_SRC"]
    paths = [f"{odoo_src}/addons", str(PROJECT_DIR / "addons"), *extra_addons_paths]
    config.parse_config(
        [
            "-c",
            str(PROJECT_DIR / "odoo.conf"),
            f"--addons-path={','.join(paths)}",
            f"--data-dir={os.environ['PRACTICE_CACHE']}/data",
            f"--db_host={os.environ['PG_HOST']}",
            f"--db_port={os.environ['PG_PORT']}",
            f"--db_user={os.environ['PG_ROLE']}",
            f"--db_password={os.environ['PG_PASSWORD']}",
            "--log-level=warn",
        ]
    )
    return os.environ["PRACTICE_BENCH_DB"]


@contextlib.contextmanager
def odoo_env(db=None, uid=1, context=None):
    """An Environment on a committed cursor (benchmarks measure real commits)."""
    import odoo

    db = db or os.environ["PRACTICE_BENCH_DB"]
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, uid, context or {})


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
