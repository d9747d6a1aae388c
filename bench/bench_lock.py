"""practice_lock: acquire and release per call over XML-RPC, as a ratio of a bare authenticated
``search_read`` (res.partner, limit 1) measured against the same live server in the same run.

    PRACTICE_BENCH_DB=lock_b PRACTICE_ADDONS=practice_base,practice_lock setup/bench bench/bench_lock.py

Goal: acquire and release each at most 1.5x the bare search_read.
"""

import statistics
import time

from common import report
from live import LiveOdoo

CALLS = 60  # per round
ROUNDS = 5


def _median_per_call(samples):
    return statistics.median(samples)


def main():
    server = LiveOdoo(workers=0)
    try:
        admin = server.login("admin", "admin")
        proxy = admin.proxy()

        def call(model, method, *args, **kwargs):
            return proxy.execute_kw(server.db, admin.uid, admin.password, model, method, list(args), kwargs)

        def bare():
            call("res.partner", "search_read", [], fields=["name"], limit=1)

        # warm-up: caches, the module record, the first grant
        for _ in range(10):
            bare()
        grant = call("practice.lock", "acquire", "bench_module", "bench-session")
        call("practice.lock", "release", grant["token"], "bench-session")

        baseline, acquires, releases, refused, verifies, checks = [], [], [], [], [], []
        for _round in range(ROUNDS):
            start = time.perf_counter()
            for _ in range(CALLS):
                bare()
            baseline.append((time.perf_counter() - start) / CALLS)
            acq = rel = ver = chk = 0.0
            for i in range(CALLS):
                t0 = time.perf_counter()
                grant = call("practice.lock", "acquire", "bench_module", "bench-session", reason="bench")
                t1 = time.perf_counter()
                call("practice.lock", "verify", ["bench_module", "other"], "bench-session")
                t2 = time.perf_counter()
                call("practice.lock", "check_token", "bench_module", grant["token"])
                t3 = time.perf_counter()
                answer = call("practice.lock", "release", grant["token"], "bench-session")
                t4 = time.perf_counter()
                assert grant["granted"] and answer["ok"], (i, grant, answer)
                acq, ver, chk, rel = acq + t1 - t0, ver + t2 - t1, chk + t3 - t2, rel + t4 - t3
            acquires.append(acq / CALLS)
            verifies.append(ver / CALLS)
            checks.append(chk / CALLS)
            releases.append(rel / CALLS)
            # a refused acquire (another session holds the module)
            held = call("practice.lock", "acquire", "bench_held", "bench-holder")
            start = time.perf_counter()
            for _ in range(CALLS):
                answer = call("practice.lock", "acquire", "bench_held", "bench-other")
                assert not answer["granted"]
            refused.append((time.perf_counter() - start) / CALLS)
            call("practice.lock", "release", held["token"], "bench-holder")

        base = _median_per_call(baseline)
        report(
            f"practice_lock over XML-RPC ({ROUNDS} rounds x {CALLS} calls, median of rounds)",
            "search_read res.partner limit 1",
            base,
            [
                ("acquire (granted)", _median_per_call(acquires)),
                ("release", _median_per_call(releases)),
                ("acquire (refused, names holder)", _median_per_call(refused)),
                ("verify (2 modules)", _median_per_call(verifies)),
                ("check_token", _median_per_call(checks)),
            ],
            goal="acquire and release <= 1.5x the bare search_read",
        )
        total = call("practice.lock", "search_count", [("module_name", "=", "bench_module")])
        print(f"\n{total} grants recorded in the history of bench_module (nothing deleted)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
