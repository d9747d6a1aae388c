"""Watchdog benchmarks (run with ``PRACTICE_ADDONS=practice_base,practice_watchdog setup/bench
bench/bench_watchdog.py [N[,N...]] [--no-auditlog] [--quick]``).

1. A snapshot of N ``ir_attachment`` rows (made with ``INSERT ... SELECT generate_series``) plus
   20 other models, against a bare ``count(*)`` of the same tables, at each size of a scale curve
   (default 100,000 / 1,000,000 / 4,000,000; the table grows in place): the statistics path
   should stay flat (goal: largest ≤ 1.1× smallest), the recount grows with the table (slope
   reported in ms per million rows). Flatness is judged on take() back to back (its own
   cost); the interleaved figure, measured right after the baseline's scan of the whole
   table, is reported beside it, with the shared buffers the measurement statement touches
   (EXPLAIN ANALYZE, BUFFERS). Also the fallback (exact scan of the attachment groups).
1b. The write-side cost of the attachment-statistics triggers: 10,000 attachments created
   and unlinked (ORM, and raw SQL) with the triggers vs with them disabled (measured first,
   on the small table of a fresh database).
2. create/unlink of 10,000 records with the watchdog's ORM hooks on vs off (and with the
   real-time statement triggers).
3. The same create/unlink with OCA ``auditlog`` 18.0 watching the same model.
4. A snapshot of 100 watched models with schema capture (columns from one ``pg_attribute``
   query, stored fields, the previous snapshot's models) vs the same snapshot without it
   (context key ``practice_watchdog_no_schema``), interleaved in one process (goal ≤ 1.2×).
   ``--schema-only`` runs this measure alone.
"""

import os
import statistics
import subprocess
import sys
import time

from common import configure_odoo, emit, measure, odoo_env, quick, report

AUDITLOG_PIN = "odoo-addon-auditlog==18.0.2.0.9.5"
BENCH_MODEL = "res.partner.industry"
RECORDS = 10_000
ROUNDS = 9
SINGLES = 1000
FULL_SIZES = [100_000, 1_000_000, 4_000_000]
QUICK_SIZES = [2_000, 6_000]
OTHER_MODELS = [
    "res.partner",
    "res.users",
    "res.company",
    "res.country",
    "res.country.state",
    "res.currency",
    "res.lang",
    "res.groups",
    "res.partner.category",
    "ir.ui.view",
    "ir.ui.menu",
    "ir.model",
    "ir.model.fields",
    "ir.model.data",
    "ir.module.module",
    "ir.config_parameter",
    "ir.cron",
    "ir.rule",
    "ir.actions.act_window",
    "mail.message",
]


def auditlog_path():
    target = os.path.join(os.environ["PRACTICE_CACHE"], "bench-addons")
    if not os.path.isdir(os.path.join(target, "odoo", "addons", "auditlog")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                target,
                AUDITLOG_PIN,
            ],
            check=True,
        )
    return os.path.join(target, "odoo", "addons")


def make_attachments(env, count):
    from odoo.tools import SQL

    cr = env.cr
    cr.execute(SQL("SELECT count(*) FROM ir_attachment"))
    have = cr.fetchone()[0]
    if have >= count:
        return have
    cr.execute(
        SQL(
            "INSERT INTO ir_attachment (name, type, res_model, res_field, res_id, file_size, mimetype,"
            " public, create_date, write_date, create_uid, write_uid) "
            "SELECT 'bench-' || g, 'binary', 'product.template', "
            "CASE WHEN mod(g, 3) = 0 THEN 'image_128' WHEN mod(g, 3) = 1 THEN 'image_512' "
            "ELSE 'image_1920' END, "
            "g, 1000 + mod(g, 5000), 'image/png', false, now(), now(), 1, 1 "
            "FROM generate_series(1, %s) g",
            count - have,
        )
    )
    cr.commit()
    cr._cnx.autocommit = True
    cr.execute(SQL("VACUUM ANALYZE ir_attachment"))
    cr._cnx.autocommit = False
    cr.execute(SQL("SELECT count(*) FROM ir_attachment"))
    return cr.fetchone()[0]


def bench_snapshot(sizes):
    """The snapshot at each table size (grown in place, smallest first): the statistics path
    should stay flat, the recount grows with the table."""
    from odoo.tools import SQL

    curve = []
    with odoo_env() as env:
        Model = env["ir.model"]
        profile = env["practice.watchdog.profile"].create(
            {
                "name": "bench",
                "watch_attachments": True,
                "auto_snapshot": False,
                "model_ids": [
                    (0, 0, {"model_id": Model._get_id(name), "counting": "off"})
                    for name in ["ir.attachment", *OTHER_MODELS]
                ],
            }
        )
        env.cr.commit()
        tables = [env[name]._table for name in ["ir.attachment", *OTHER_MODELS]]
        Snapshot = env["practice.watchdog.snapshot"]

        def bare_counts():
            for table in tables:
                env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
                env.cr.fetchone()

        def snapshot():
            Snapshot.take("bench", profile=profile.id)

        def recount():
            Snapshot.with_context(practice_watchdog_verify=True).take("bench", profile=profile.id)

        def fallback():
            Snapshot._attachment_groups()

        for attachments in sizes:
            t0 = time.perf_counter()
            total = make_attachments(env, attachments)
            print(
                f"\nir_attachment rows: {total:,} (generated in {time.perf_counter() - t0:.1f} s, then "
                "VACUUM ANALYZE as autovacuum would do: index-only scans need the visibility map)"
            )
            # Interleaved rounds after one warm-up of each: the machine is shared, so the baseline
            # and the snapshot see the same noise and the same (warm) cache; medians are compared.
            runs = {"base": bare_counts, "snap": snapshot, "recount": recount, "fallback": fallback}
            timings = {key: [] for key in runs}
            for fn in runs.values():
                fn()
            for _round in range(ROUNDS):
                for key, fn in runs.items():
                    start = time.perf_counter()
                    fn()
                    timings[key].append(time.perf_counter() - start)
            base, snap, recounted, scan_all = (
                statistics.median(timings[k]) for k in ("base", "snap", "recount", "fallback")
            )
            # The same take() back to back: its own cost, without the cache misses it pays
            # right after the baseline's (or the recount's) scan of the whole table.
            alone = measure(snapshot, repeat=ROUNDS)
            buffers = measurement_buffers(env, snapshot)
            env.cr.rollback()  # the measured snapshots are not kept
            info = Snapshot.take("bench lines", profile=profile.id)
            recounted_flag = Snapshot.browse(info["id"]).attachments_recounted
            env.cr.commit()
            report(
                f"1. snapshot of {total:,} attachments + {len(OTHER_MODELS)} models ({info['lines']} lines)",
                "bare count(*) of the 21 tables",
                base,
                [
                    ("take() — measure + store (attachment counts from the cross-checked statistics)", snap),
                    (
                        "take() with the exact recount of ir_attachment (hourly, or on any disagreement)",
                        recounted,
                    ),
                    ("fallback alone: exact GROUP BY scan of ir_attachment (statistics drifted)", scan_all),
                ],
                goal=f"take() ≤ 1.3× the bare counts (medians of {ROUNDS} interleaved rounds)",
            )
            print(f"\nlast snapshot recounted ir_attachment: {recounted_flag}")
            print(
                f"take() back to back ({ROUNDS} rounds, median): {alone * 1000:.3f} ms; "
                f"its measurement statement (EXPLAIN ANALYZE, BUFFERS): {buffers['hit']:,} shared buffers "
                f"hit, {buffers['read']:,} read, {buffers['ms']:.2f} ms"
            )
            curve.append(
                {
                    "rows": total,
                    "base": base,
                    "snap": snap,
                    "recount": recounted,
                    "fallback": scan_all,
                    "alone": alone,
                    "buffers": buffers,
                }
            )
    return curve


def measurement_buffers(env, take):
    """Shared buffers the snapshot's measurement statement touches (hit / read from outside
    PostgreSQL's cache) and its execution time, from EXPLAIN (ANALYZE, BUFFERS) of the
    prepared statement ``take()`` runs: what the statistics path reads, independent of timing."""
    from odoo.tools import SQL

    from odoo.addons.practice_watchdog.tools import measure as measure_tools

    seen = []
    original = measure_tools.execute_prepared

    def spy(cr, name, query):
        seen.append(name)
        return original(cr, name, query)

    measure_tools.execute_prepared = spy
    try:
        take()
    finally:
        measure_tools.execute_prepared = original
    env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE %s", SQL.identifier(seen[-1])))
    plan = env.cr.fetchone()[0][0]
    top = plan["Plan"]
    return {
        "hit": top.get("Shared Hit Blocks", 0),
        "read": top.get("Shared Read Blocks", 0),
        "ms": plan["Execution Time"],
    }


def slope_ms_per_million(points):
    """Least-squares slope of (rows, seconds) points, in ms per 1,000,000 rows."""
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if not var:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in points) / var * 1e9


def report_curve(curve):
    first, last = curve[0], curve[-1]
    flat = last["alone"] / first["alone"]
    flat_interleaved = last["snap"] / first["snap"]
    recount_slope = slope_ms_per_million([(p["rows"], p["recount"]) for p in curve])
    bare_slope = slope_ms_per_million([(p["rows"], p["base"]) for p in curve])
    snap_slope = slope_ms_per_million([(p["rows"], p["snap"]) for p in curve])
    print("\n## 1d. scale curve: snapshot cost by ir_attachment size (+ 20 models)\n")
    print(
        "| attachments | bare count(*) | take() | ratio | take() back to back | buffers hit / read "
        "| take() with recount | ratio | fallback scan |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for p in curve:
        print(
            f"| {p['rows']:,} | {p['base'] * 1000:.1f} ms | {p['snap'] * 1000:.1f} ms | "
            f"{p['snap'] / p['base']:.2f}× | {p['alone'] * 1000:.1f} ms | "
            f"{p['buffers']['hit']:,} / {p['buffers']['read']:,} | {p['recount'] * 1000:.1f} ms | "
            f"{p['recount'] / p['base']:.2f}× | {p['fallback'] * 1000:.1f} ms |"
        )
    print(
        f"\nstatistics path: take() back to back at {last['rows']:,} = {flat:.2f}× the same at "
        f"{first['rows']:,} (goal ≤ 1.1×: {'met' if flat <= 1.1 else 'NOT met'}); interleaved with the "
        f"scans (right after the baseline's count(*) of the whole table): {flat_interleaved:.2f}×; "
        f"slopes per 1,000,000 rows: take() {snap_slope:.2f} ms, recount {recount_slope:.1f} ms, "
        f"bare count(*) {bare_slope:.1f} ms"
    )
    figures = {}
    for p in curve:
        n = p["rows"]
        figures.update(
            {
                f"snapshot_{n}_ms": p["snap"] * 1000,
                f"snapshot_{n}_x": p["snap"] / p["base"],
                f"recount_{n}_ms": p["recount"] * 1000,
                f"recount_{n}_x": p["recount"] / p["base"],
                f"bare_count_{n}_ms": p["base"] * 1000,
                f"fallback_{n}_ms": p["fallback"] * 1000,
                f"snapshot_alone_{n}_ms": p["alone"] * 1000,
                f"snapshot_buffers_hit_{n}_count": p["buffers"]["hit"],
                f"snapshot_buffers_read_{n}_count": p["buffers"]["read"],
            }
        )
    figures.update(
        {
            "snapshot_largest_vs_smallest_x": flat,
            "snapshot_interleaved_largest_vs_smallest_x": flat_interleaved,
            "snapshot_slope_ms_per_million": snap_slope,
            "recount_slope_ms_per_million": recount_slope,
            "bare_count_slope_ms_per_million": bare_slope,
        }
    )
    goals = {"snapshot_largest_vs_smallest_x": "met" if flat <= 1.1 else "missed"}
    return figures, goals


STAT_TRIGGERS = (
    "practice_watchdog_attachment_stat_ins",
    "practice_watchdog_attachment_stat_del",
    "practice_watchdog_attachment_stat_upd",
)


def set_stat_triggers(env, enabled):
    """Bench only: switch the statistics triggers (re-enabled before the bench returns)."""
    from odoo.tools import SQL

    for name in STAT_TRIGGERS:
        env.cr.execute(
            SQL(
                "ALTER TABLE ir_attachment %s TRIGGER %s",
                SQL("ENABLE ALWAYS" if enabled else "DISABLE"),
                SQL.identifier(name),
            )
        )
    env.cr.commit()


def bench_stat_triggers():
    from odoo.tools import SQL

    with odoo_env() as env:
        Attachment = env["ir.attachment"]

        def orm():
            # Same content: the filestore holds one file, the rows are what is measured.
            records = Attachment.create(
                [
                    {"name": f"bench-w-{i}", "raw": b"bench", "res_model": "res.partner", "res_id": 1}
                    for i in range(RECORDS)
                ]
            )
            records.unlink()
            env.cr.commit()

        raw_sql = {
            "INSERT": SQL(
                "INSERT INTO ir_attachment (name, type, res_model, res_field, res_id, file_size) "
                "SELECT 'bench-r-' || g, 'binary', 'res.partner', 'image_' || mod(g, 3), g, g "
                "FROM generate_series(1, %s) g",
                RECORDS,
            ),
            "UPDATE file_size": SQL(
                "UPDATE ir_attachment SET file_size = file_size + 1 WHERE name LIKE 'bench-r-%%'"
            ),
            "DELETE": SQL("DELETE FROM ir_attachment WHERE name LIKE 'bench-r-%%'"),
        }

        def raw(statement):
            env.cr.execute(raw_sql[statement])
            env.cr.commit()

        # Each raw statement timed alone (one statement = one trigger call of 10,000 rows);
        # rounds interleave triggers off/on.
        # Bench only: Odoo's ir_attachment.original_id foreign key (ON DELETE SET NULL) has no
        # index, so every deleted attachment scans the table; that would bury the triggers.
        env.cr.execute(SQL("CREATE INDEX bench_original_id ON ir_attachment (original_id)"))
        env.cr.commit()
        timings = {(case, on): [] for case in ("orm", *raw_sql) for on in (False, True)}
        try:
            orm()
            for round_ in range(5):
                for on in (False, True) if round_ % 2 else (True, False):
                    set_stat_triggers(env, on)
                    start = time.perf_counter()
                    orm()
                    timings[("orm", on)].append(time.perf_counter() - start)
                    for statement in raw_sql:
                        start = time.perf_counter()
                        raw(statement)
                        timings[(statement, on)].append(time.perf_counter() - start)
        finally:
            env.cr.rollback()
            env.cr.execute(SQL("DROP INDEX IF EXISTS bench_original_id"))
            set_stat_triggers(env, True)
        med = {key: statistics.median(values) for key, values in timings.items()}
        report(
            f"1b. ORM create + unlink of {RECORDS:,} attachments (one call each)",
            "statistics triggers disabled",
            med[("orm", False)],
            [("statistics triggers on", med[("orm", True)])],
        )
        print(f"\n## 1c. raw SQL statements over {RECORDS:,} attachments: statistics triggers off vs on\n")
        print("| statement | triggers off | triggers on | ratio | trigger cost per row |")
        print("|---|---|---|---|---|")
        for statement in raw_sql:
            off, on = med[(statement, False)], med[(statement, True)]
            print(
                f"| {statement} | {off * 1000:.1f} ms | {on * 1000:.1f} ms | {on / off:.2f}× | "
                f"{(on - off) * 1e6 / RECORDS:.2f} µs |"
            )
        print(
            "\n(With a bench-only index on ir_attachment.original_id: without it, Odoo's "
            "ON DELETE SET NULL foreign key scans the table once per deleted attachment.)"
        )
        sys.stdout.flush()
        # The triggers were off in some rounds: bring the statistics back to exact.
        env["practice.watchdog.snapshot"]._attachment_groups_verified()
        env.cr.commit()
        figures = {"stat_triggers_orm_create_unlink_x": med[("orm", True)] / med[("orm", False)]}
        for statement in raw_sql:
            key = statement.split()[0].lower()
            figures[f"stat_triggers_sql_{key}_x"] = med[(statement, True)] / med[(statement, False)]
        return figures


def create_unlink(env, n=RECORDS):
    Model = env[BENCH_MODEL]

    def run():
        records = Model.create([{"name": f"bench industry {i}"} for i in range(n)])
        records.unlink()
        env.cr.commit()

    return run


def set_counting(env, profile, mode):
    profile.model_ids.write({"counting": mode})
    env.cr.commit()


def bench_hooks():
    with odoo_env() as env:
        profile = env["practice.watchdog.profile"].create(
            {
                "name": "bench hooks",
                "watch_attachments": False,
                "auto_snapshot": False,
                "model_ids": [(0, 0, {"model_id": env["ir.model"]._get_id(BENCH_MODEL), "counting": "off"})],
            }
        )
        env.cr.commit()
        run = create_unlink(env)
        run()  # warm-up
        # Interleaved rounds: the machine is shared, so each mode sees the same noise.
        timings = {"off": [], "orm": [], "trigger": []}
        for _round in range(5):
            for mode in timings:
                set_counting(env, profile, mode)
                start = time.perf_counter()
                run()
                timings[mode].append(time.perf_counter() - start)
        off, on, trig = (statistics.median(timings[m]) for m in ("off", "orm", "trigger"))
        set_counting(env, profile, "off")
        # One record per call: the worst case for a per-call hook.
        Model = env[BENCH_MODEL]

        def singles():
            for i in range(SINGLES):
                Model.create({"name": f"single {i}"}).unlink()
            env.cr.commit()

        single_off = measure(singles, repeat=3)
        set_counting(env, profile, "orm")
        single_on = measure(singles, repeat=3)
        set_counting(env, profile, "off")
        report(
            f"2. create + unlink of {RECORDS:,} {BENCH_MODEL} records (one call each)",
            "hooks off",
            off,
            [("ORM hooks on", on), ("real-time statement triggers", trig)],
            goal="hooks on ≤ 1.05×",
        )
        report(
            f"2b. {SINGLES:,} × (create + unlink) of one {BENCH_MODEL} record",
            "hooks off",
            single_off,
            [("ORM hooks on", single_on)],
        )
        figures = {
            "hooks_off_ms": off * 1000,
            "hooks_orm_x": on / off,
            "hooks_trigger_x": trig / off,
            "hooks_single_record_x": single_on / single_off,
        }
        return off, on, figures


def bench_auditlog(off, on):
    import odoo

    db = os.environ["PRACTICE_BENCH_DB"]
    with odoo_env() as env:
        module = env["ir.module.module"].search([("name", "=", "auditlog")])
        if not module:
            env["ir.module.module"].update_list()
            module = env["ir.module.module"].search([("name", "=", "auditlog")])
        if module.state != "installed":
            module.button_immediate_install()
    registry = odoo.modules.registry.Registry.new(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        rows = []
        for log_type in ("fast", "full"):
            rule = env["auditlog.rule"].create(
                {
                    "name": f"bench {log_type}",
                    "model_id": env["ir.model"]._get_id(BENCH_MODEL),
                    "log_create": True,
                    "log_unlink": True,
                    "log_write": False,
                    "log_read": False,
                    "log_type": log_type,
                }
            )
            rule.subscribe()
            cr.commit()
            seconds = measure(create_unlink(env), repeat=3)
            rows.append((f"OCA auditlog 18.0 ({log_type} log)", seconds))
            rule.unsubscribe()
            rule.unlink()
            cr.commit()
        audit_fast = rows[0][1]
        hook_cost = max(on - off, 0.0)
        audit_cost = max(audit_fast - off, 1e-9)
        report(
            f"3. create + unlink of {RECORDS:,} {BENCH_MODEL} records: watchdog hooks vs auditlog",
            "no hooks",
            off,
            [("watchdog ORM hooks", on), *rows],
            goal="watchdog overhead ≤ 0.2× auditlog's overhead",
        )
        print(
            f"\noverhead over no hooks: watchdog {hook_cost * 1000:.1f} ms, auditlog (fast) "
            f"{audit_cost * 1000:.1f} ms → ratio {hook_cost / audit_cost:.3f}×"
        )
        return {
            "auditlog_fast_x": rows[0][1] / off,
            "auditlog_full_x": rows[1][1] / off,
            "watchdog_vs_auditlog_overhead_x": hook_cost / audit_cost,
        }


SCHEMA_MODELS = 100


def bench_schema_capture(count=SCHEMA_MODELS):
    """take() of ``count`` watched models with and without the schema capture."""
    from odoo.addons.practice_watchdog.models.practice_watchdog_snapshot import NO_SCHEMA_KEY

    def watchable(env, name):
        model = env.registry.get(name)
        return (
            model is not None and model._auto and model._table and not (model._abstract or model._transient)
        )

    with odoo_env() as env:
        names = [
            name
            for name in sorted(env["ir.model"].search([("transient", "=", False)]).mapped("model"))
            if name != "ir.attachment" and watchable(env, name)
        ][:count]
        Model = env["ir.model"]
        profile = env["practice.watchdog.profile"].create(
            {
                "name": "bench schema",
                "watch_attachments": False,
                "auto_snapshot": False,
                "capture_schema": True,
                "model_ids": [(0, 0, {"model_id": Model._get_id(name), "counting": "off"}) for name in names],
            }
        )
        env.cr.commit()
        Snapshot = env["practice.watchdog.snapshot"]

        def with_schema():
            Snapshot.take("bench schema", profile=profile.id)

        def without_schema():
            Snapshot.with_context(**{NO_SCHEMA_KEY: True}).take("bench schema", profile=profile.id)

        runs = {"off": without_schema, "on": with_schema}
        timings = {key: [] for key in runs}
        for fn in runs.values():
            fn()
        for round_ in range(ROUNDS * 2):
            for key in runs if round_ % 2 else reversed(list(runs)):
                start = time.perf_counter()
                runs[key]()
                timings[key].append(time.perf_counter() - start)
        off, on = (statistics.median(timings[key]) for key in ("off", "on"))
        info = Snapshot.take("bench schema size", profile=profile.id)
        recorded = Snapshot.browse(info["id"])
        size = len(recorded.schema or recorded.schema_source_id.schema or "")
        env.cr.rollback()  # the measured snapshots are not kept
        profile.unlink()
        env.cr.commit()
        ratio = on / off
        report(
            f"4. snapshot of {len(names)} watched models: schema capture on vs off",
            "take() without schema capture",
            off,
            [("take() with schema capture (columns, stored fields, previous models)", on)],
            goal=f"≤ 1.2× (medians of {ROUNDS * 2} interleaved rounds)",
        )
        print(f"\nschema recorded per snapshot: {size:,} characters of JSON for {len(names)} models")
        sys.stdout.flush()
        figures = {
            "schema_capture_off_ms": off * 1000,
            "schema_capture_on_ms": on * 1000,
            "schema_capture_x": ratio,
            "schema_json_chars_count": size,
        }
        return figures, {"schema_capture_x": "met" if ratio <= 1.2 else "missed"}, len(names)


def main():
    global RECORDS, ROUNDS, SINGLES
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args:  # one size or a comma-separated list: 100000,1000000,4000000
        sizes = [int(n) for n in args[0].split(",")]
    elif quick():
        sizes = QUICK_SIZES
    else:
        sizes = FULL_SIZES
    if quick():
        RECORDS, ROUNDS, SINGLES = 500, 3, 100
    with_auditlog = "--no-auditlog" not in sys.argv and not quick()
    if "--schema-only" in sys.argv:
        configure_odoo()
        figures, goals, count = bench_schema_capture()
        emit("bench_watchdog", figures, sizes={"schema_models": count, "rounds": ROUNDS * 2}, goals=goals)
        return
    configure_odoo(extra_addons_paths=[auditlog_path()] if with_auditlog else [])
    # Before the big table: the triggers' cost does not depend on the table's size.
    figures = bench_stat_triggers()
    schema_figures, schema_goals, schema_count = bench_schema_capture()
    figures.update(schema_figures)
    curve = bench_snapshot(sorted(sizes))
    curve_figures, goals = report_curve(curve)
    figures.update(curve_figures)
    off, on, hook_figures = bench_hooks()
    figures.update(hook_figures)
    if with_auditlog:
        figures.update(bench_auditlog(off, on))
    goals["hooks_orm_x"] = "met" if hook_figures["hooks_orm_x"] <= 1.05 else "missed"
    goals.update(schema_goals)
    emit(
        "bench_watchdog",
        figures,
        sizes={
            "attachments": sizes,
            "models": len(OTHER_MODELS) + 1,
            "records": RECORDS,
            "rounds": ROUNDS,
            "schema_models": schema_count,
        },
        goals=goals,
    )


if __name__ == "__main__":
    main()
