"""``import_junit`` of a 10,000-case JUnit report vs parsing the same XML alone
(``junit.parse``) in the same process (goal: ≤ 3×); ``--quick``: 1,000 cases, fewer rounds.

The report is generated: 60 classes × files, every case with a category property, one in 50
failing with a message and a traceback, one in 97 skipped (about 2.2 MB at 10,000 cases).
Measured, interleaved with the baseline round by round, each import in its own committed
transaction (as a request): the import of the report into a repository that already has its
scenarios (the steady state: CI pushes the same suite again), and once, the first import into
a new repository (every scenario created). Also: the refusal of a report over the case limit
(twice the limit) vs parsing the report at the limit — the refusal stops parsing at the first
case over it. Run: ``setup/bench --only bench_eval_import`` or ``setup/bench bench/bench_eval_import.py``.
"""

import statistics
import sys
import time

from common import configure_odoo, emit, odoo_env, quick, report

N_CASES = 10_000
ROUNDS = 5
CATEGORIES = ("security", "lifecycle", "rules", "integration", "integrity", "domain")
ADMIN_UID = 2


def make_report(count, timestamp="2026-03-02T10:00:00"):
    parts = [f'<testsuites><testsuite name="bench" timestamp="{timestamp}" time="123.4" tests="{count}">']
    for i in range(count):
        module = f"mod_{i % 60:02d}"
        classname = f"odoo.addons.{module}.tests.test_thing_{i % 400:03d}.TestThing"
        props = f'<properties><property name="category" value="{CATEGORIES[i % 6]}"/></properties>'
        if i % 50 == 7:
            body = (
                f'<failure message="assert {i} == {i + 1}">Traceback (most recent call last):\n'
                f'  File "addons/{module}/tests/t.py", line {i % 300}, in test\nAssertionError: {i}</failure>'
            )
        elif i % 97 == 3:
            body = '<skipped message="later"/>'
        else:
            body = ""
        parts.append(
            f'<testcase classname="{classname}" name="test_case_{i:05d}" file="addons/{module}/tests/t.py" '
            f'time="0.0{i % 10}">{props}{body}</testcase>'
        )
    parts.append("</testsuite></testsuites>")
    return "".join(parts)


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    global N_CASES, ROUNDS
    if quick():
        N_CASES, ROUNDS = 1000, 2
    configure_odoo()
    from odoo.addons.practice_eval.tools import junit

    xml = make_report(N_CASES)
    over = make_report(2 * N_CASES)
    with odoo_env(uid=ADMIN_UID) as env:
        env["ir.config_parameter"].sudo().set_param("practice_eval.max_cases", str(N_CASES))
        stamp = time.time_ns()
        steady = env["practice.repo"].sudo().create({"name": f"bench-eval-{stamp}"})
        fresh = env["practice.repo"].sudo().create({"name": f"bench-eval-first-{stamp}"})
        env.cr.commit()
        Run = env["practice.eval.run"]

        def parse():
            junit.parse(xml, max_cases=N_CASES)

        def import_into(repo):
            def run():
                result = Run.import_junit(xml, repo=repo.id, commit=f"c{time.time_ns()}")
                env.flush_all()
                env.cr.commit()
                assert result["tests"] == N_CASES, result["tests"]

            return run

        def refuse():
            try:
                junit.parse(over, max_cases=N_CASES)
            except junit.TooManyCases:
                return
            raise AssertionError("a report over the limit was parsed")

        parse()  # warm-up: imports, caches
        first = timed(import_into(fresh))  # every scenario created
        import_into(steady)()  # the steady repository's scenarios
        parses, imports, refusals = [], [], []
        for _ in range(ROUNDS):
            parses.append(timed(parse))
            imports.append(timed(import_into(steady)))
            refusals.append(timed(refuse))
        baseline = statistics.median(parses)
        steady_s = statistics.median(imports)
        refuse_s = statistics.median(refusals)
        env.cr.execute(
            "SELECT count(*) FROM practice_eval_case c JOIN practice_eval_run r ON r.id = c.run_id "
            "WHERE r.repo_id = %s",
            [steady.id],
        )
        stored = env.cr.fetchone()[0]
        assert stored == N_CASES * (ROUNDS + 1), stored
        report(
            f"import_junit of {N_CASES:,} cases ({len(xml) / 1e6:.1f} MB)",
            "junit.parse of the same XML",
            baseline,
            [
                ("import_junit, scenarios exist (steady state)", steady_s),
                ("import_junit, first import (every scenario created)", first),
                (f"refusal of {2 * N_CASES:,} cases over a limit of {N_CASES:,}", refuse_s),
            ],
            goal="import ≤ 3× parsing alone",
        )
        print(f"\nratio import / parse: {steady_s / baseline:.2f}× (first import {first / baseline:.2f}×)")
        ratio = steady_s / baseline
        emit(
            "bench_eval_import",
            {
                "parse_ms": baseline * 1000,
                "import_ms": steady_s * 1000,
                "import_x": ratio,
                "first_import_x": first / baseline,
                "refuse_over_limit_x": refuse_s / baseline,
            },
            sizes={"cases": N_CASES, "report_bytes": len(xml), "rounds": ROUNDS},
            goals={"import_x": "met" if ratio <= 3 else "missed"},
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
