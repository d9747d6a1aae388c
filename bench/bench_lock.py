"""practice_lock: acquire and release per call over XML-RPC, as a ratio of a bare authenticated
``search_read`` (res.partner, limit 1) measured against the same live server in the same run.

    PRACTICE_BENCH_DB=lock_b PRACTICE_ADDONS=practice_base,practice_lock setup/bench bench/bench_lock.py

Goal: acquire and release each at most 1.5x the bare search_read.

2. Throughput under concurrency: 1, 4 and 16 client threads (each its own XML-RPC connection
   and lock session) against a prefork server with 2 workers, acquire + release of the
   client's own module in a loop, as calls per second against the same number of clients doing
   a bare authenticated search_read (interleaved rounds, medians); p95 of the call latency.
   Goal: >= 0.8x the bare calls per second at each level.
3. Contention: the same clients all acquiring ONE module; every grant is checked against the
   clients' shared view of the holder (a grant while another client holds = a double grant) and
   the server's history (one granted lock row per grant). Goal: 0 double grants.
"""

import statistics
import threading
import time
import xmlrpc.client

from common import emit, p95, quick, report
from live import LiveOdoo

CALLS = 60  # per round
ROUNDS = 5
LEVELS = (1, 4, 16)
CONC_CALLS = 40  # per client and round (acquire + release count as 2 calls)
CONC_ROUNDS = 3
CONTENTION_TRIES = 25  # acquire attempts per client


def _median_per_call(samples):
    return statistics.median(samples)


def main():
    global CALLS, ROUNDS, LEVELS, CONC_CALLS, CONC_ROUNDS, CONTENTION_TRIES
    if quick():
        CALLS, ROUNDS, LEVELS, CONC_CALLS, CONC_ROUNDS, CONTENTION_TRIES = 8, 2, (1, 4), 6, 1, 4
    figures = single_client()
    concurrent = LiveOdoo(workers=2)
    try:
        figures.update(bench_concurrency(concurrent))
    finally:
        concurrent.stop()
    goals = {
        "acquire_x": "met" if figures["acquire_x"] <= 1.5 else "missed",
        "release_x": "met" if figures["release_x"] <= 1.5 else "missed",
        "double_grants_count": "met" if figures["double_grants_count"] == 0 else "missed",
    }
    for level in LEVELS:
        key = f"lock_vs_search_read_{level}_clients_x"
        goals[key] = "met" if figures[key] >= 0.8 else "missed"
    emit(
        "bench_lock",
        figures,
        sizes={"calls_per_round": CALLS, "rounds": ROUNDS, "clients": list(LEVELS), "server_workers": 2},
        goals=goals,
    )


def single_client():
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
        return {
            "search_read_ms": base * 1000,
            "acquire_x": _median_per_call(acquires) / base,
            "release_x": _median_per_call(releases) / base,
            "acquire_refused_x": _median_per_call(refused) / base,
            "verify_x": _median_per_call(verifies) / base,
            "check_token_x": _median_per_call(checks) / base,
        }
    finally:
        server.stop()


class Client:
    """One benchmark client: its own connection (a proxy per thread) and lock session."""

    def __init__(self, server, uid, password, session):
        self.server, self.uid, self.password, self.session = server, uid, password, session
        self.proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.server.db, self.uid, self.password, model, method, list(args), kwargs
        )


def _in_threads(clients, work):
    """Run ``work(client)`` in one thread per client from a common start; wall seconds, results."""
    barrier = threading.Barrier(len(clients) + 1)
    results, errors = [None] * len(clients), []

    def target(index, client):
        barrier.wait()
        try:
            results[index] = work(client)
        except Exception as exc:  # reported below: a bench must not hide a failure
            errors.append(repr(exc))

    threads = [threading.Thread(target=target, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[:3]}")
    return wall, results


def bench_concurrency(server):
    admin = server.login("admin", "admin")
    figures = {}
    rows = []
    for level in LEVELS:
        clients = [Client(server, admin.uid, admin.password, f"bench-c{level}-{i}") for i in range(level)]

        def bare(client):
            latencies = []
            for _ in range(CONC_CALLS):
                t0 = time.perf_counter()
                client.call("res.partner", "search_read", [], fields=["name"], limit=1)
                latencies.append(time.perf_counter() - t0)
            return latencies

        def lock(client):
            latencies = []
            module = f"bench_conc_{client.session}"
            for _ in range(CONC_CALLS // 2):
                t0 = time.perf_counter()
                grant = client.call("practice.lock", "acquire", module, client.session, reason="bench")
                t1 = time.perf_counter()
                answer = client.call("practice.lock", "release", grant["token"], client.session)
                t2 = time.perf_counter()
                assert grant["granted"] and answer["ok"], (grant, answer)
                latencies += [t1 - t0, t2 - t1]
            return latencies

        for fn in (bare, lock):  # warm-up: connections, the module records
            _in_threads(clients, fn)
        rates = {"bare": [], "lock": []}
        latencies = {"bare": [], "lock": []}
        for _round in range(CONC_ROUNDS):
            for key, fn in (("bare", bare), ("lock", lock)):
                wall, per_client = _in_threads(clients, fn)
                calls = sum(len(x) for x in per_client)
                rates[key].append(calls / wall)
                for samples in per_client:
                    latencies[key] += samples
        bare_rate, lock_rate = statistics.median(rates["bare"]), statistics.median(rates["lock"])
        bare_p95, lock_p95 = p95(latencies["bare"]) * 1000, p95(latencies["lock"]) * 1000
        rows.append((level, bare_rate, lock_rate, bare_p95, lock_p95))
        figures.update(
            {
                f"search_read_{level}_clients_per_s": bare_rate,
                f"lock_{level}_clients_per_s": lock_rate,
                f"lock_vs_search_read_{level}_clients_x": lock_rate / bare_rate,
                f"search_read_{level}_clients_p95_ms": bare_p95,
                f"lock_{level}_clients_p95_ms": lock_p95,
            }
        )
    print(
        f"\n## 2. Throughput with concurrent clients, prefork server with 2 workers "
        f"({CONC_ROUNDS} interleaved rounds x {CONC_CALLS} calls per client, medians)\n"
    )
    print(
        "| clients | search_read calls/s | acquire+release calls/s | ratio | search_read p95 | lock call p95 |"
    )
    print("|---|---|---|---|---|---|")
    for level, bare_rate, lock_rate, bare_p95, lock_p95 in rows:
        print(
            f"| {level} | {bare_rate:.1f} | {lock_rate:.1f} | {lock_rate / bare_rate:.2f}× | "
            f"{bare_p95:.1f} ms | {lock_p95:.1f} ms |"
        )
    print("\ngoal: acquire+release ≥ 0.8× the bare search_read's calls per second at each level")
    figures.update(contention(server, admin, max(LEVELS)))
    return figures


def contention(server, admin, level):
    module = "bench_contended"
    holder = {"session": None}
    guard = threading.Lock()
    clients = [Client(server, admin.uid, admin.password, f"bench-race-{i}") for i in range(level)]

    def race(client):
        grants = refusals = doubles = 0
        for _ in range(CONTENTION_TRIES):
            grant = client.call(
                "practice.lock", "acquire", module, client.session, ttl_seconds=300, reason="race"
            )
            if not grant["granted"]:
                refusals += 1
                continue
            grants += 1
            with guard:
                if holder["session"] is not None:
                    doubles += 1
                holder["session"] = client.session
            with guard:  # cleared before the release is sent: a later grant cannot be ours
                holder["session"] = None
            answer = client.call("practice.lock", "release", grant["token"], client.session)
            assert answer["ok"], answer
        return grants, refusals, doubles

    wall, results = _in_threads(clients, race)
    grants = sum(r[0] for r in results)
    refusals = sum(r[1] for r in results)
    doubles = sum(r[2] for r in results)
    history = admin.call("practice.lock", "search_count", [("module_name", "=", module)])
    print(
        f"\n## 3. Contention: {level} clients x {CONTENTION_TRIES} acquire attempts on one module\n\n"
        f"{grants} grants, {refusals} refusals in {wall:.1f} s; double grants seen by the clients: "
        f"{doubles}; granted rows in the server's history: {history} (goal: 0 double grants, "
        f"history = grants)"
    )
    return {
        "double_grants_count": doubles + abs(history - grants),
        "contention_grants_count": grants,
        "contention_refusals_count": refusals,
    }


if __name__ == "__main__":
    main()
