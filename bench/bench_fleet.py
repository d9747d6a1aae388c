"""The fleet pull (issue 31 item 4): pulling 20 watched databases vs 20 bare ``search_read`` calls.

    PRACTICE_ADDONS=practice_base,practice_watchdog,practice_watchdog_fleet \
        setup/bench bench/bench_fleet.py [--quick] [--targets N] [--rounds N]

A real Odoo server (threaded) on the benchmark database is the watched database of every
target; the practice side is this process's registry on the same database, in one transaction
rolled back at the end (nothing is kept). Baseline: N sequential bare ``search_read`` calls
(``res.partner``, limit 1) over XML-RPC. Measured: ``targets._pull()`` of N targets (each: the
open alerts and the newest snapshot, two calls with the cached login; up to 4 targets at once;
the mirror and states written), the first pull (which logs in) left out as warm-up.
Goal: the pull of 20 targets <= 2x the 20 bare calls.
Bench only: the targets all point at the one server, so the (url, db) unique constraint is
dropped inside the rolled-back transaction.
"""

import argparse
import statistics
import time

from common import configure_odoo, emit, odoo_env, quick, report
from live import LiveOdoo

GOAL_X = 2.0


def options():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--targets", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args()


def main():
    args = options()
    rounds = 2 if quick() else args.rounds
    count = args.targets
    configure_odoo()
    server = LiveOdoo(workers=0)
    try:
        admin = server.login("admin", "admin")
        admin.call("practice.watchdog.snapshot", "take", "bench fleet heartbeat")
        proxy = admin.proxy()

        def bare():
            proxy.execute_kw(
                server.db,
                admin.uid,
                admin.password,
                "res.partner",
                "search_read",
                [[]],
                {"fields": ["name"], "limit": 1},
            )

        for _ in range(10):
            bare()
        baseline = []
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(count):
                bare()
            baseline.append(time.perf_counter() - start)
        with odoo_env() as env:
            try:
                env.cr.execute(
                    "ALTER TABLE practice_watchdog_target DROP CONSTRAINT IF EXISTS practice_watchdog_target_url_db_unique"
                )
                targets = env["practice.watchdog.target"].create(
                    [
                        {
                            "name": f"bench target {i}",
                            "url": server.url,
                            "db": server.db,
                            "login": "admin",
                            "api_key": "admin",
                            "environment": "staging",
                        }
                        for i in range(count)
                    ]
                )
                targets._pull()  # warm-up: logs in, caches each target's uid
                bad = targets.filtered(lambda t: t.state == "unreachable")
                assert not bad, bad.mapped("last_error")
                pulls = []
                for _ in range(rounds):
                    start = time.perf_counter()
                    targets._pull()
                    env.flush_all()
                    pulls.append(time.perf_counter() - start)
            finally:
                env.cr.rollback()
        base, pull = statistics.median(baseline), statistics.median(pulls)
        report(
            f"fleet pull of {count} targets ({rounds} rounds, median)",
            f"{count} bare search_read calls",
            base,
            [(f"pull of {count} targets (alerts + snapshot head, mirror written)", pull)],
            goal=f"pull of {count} targets <= {GOAL_X}x {count} bare search_read calls",
        )
        ratio = pull / base
        emit(
            "bench_fleet",
            {"bare_calls_ms": base * 1000, "pull_ms": pull * 1000, "pull_vs_bare_x": ratio},
            sizes={"targets": count, "rounds": rounds},
            goals={"pull_vs_bare_x": "met" if ratio <= GOAL_X else "missed"},
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
