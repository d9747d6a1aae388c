"""Vault import: 1,000 generated files imported into a fresh repository, then the same files
re-imported (every file unchanged); ``--quick``: 100 files, one round. Goal: re-import ≤ 0.2× the first import, 0 rows written.

Scale (issue 32): a vault of 10,000 generated files (the same kinds, ten times as many) imported
through the real import path (``import_files``: parse, plan, rights, write, statistics) vs a bare
ORM ``create`` of the same records (the values the import stored, read back from a first import,
one ``create`` call per model in the import's kind order, then the import's link writes),
interleaved round by round, each into a fresh repository (the upload limit of 5,000 files raised
in the settings first). Goal: import ≤ 2× the bare create.
``--quick``: 200 files; ``--no-scale`` skips it.

Rows written are counted by PostgreSQL itself (``pg_stat_xact_user_tables``: inserted, updated
and deleted tuples of the current transaction), so the "0 writes" claim covers every table,
mail tracking included. Run with ``setup/bench bench/bench_vault.py``.
"""

import statistics
import sys
import time

from common import configure_odoo, emit, odoo_env, quick, report

N_RULES, N_TERMS, N_RUNBOOKS, N_ADRS, N_CITATION_NOTES = 400, 300, 100, 100, 100
N_FILES = 1000
ROUNDS = 3
SCALE, SCALE_ROUNDS = 10, 3  # the scale point: 10 × the 1,000 files
# what a bare create leaves out: magic and computed columns, one2many sides
SKIPPED_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}


def generate_files(scale=1):
    n_adrs, n_runbooks, n_rules = N_ADRS * scale, N_RUNBOOKS * scale, N_RULES * scale
    n_terms, n_notes = N_TERMS * scale, N_CITATION_NOTES * scale
    files = {}
    for n in range(1, n_adrs + 1):
        files[f"adr/{n:04d}-decision-{n}.md"] = (
            f"---\nnumber: {n}\ntitle: Decision {n}\ndate: 2025-01-01\nstatus: accepted\n"
            f"deciders:\n- team\n---\n\n## Context\n\nForces of decision {n}.\n\n## Decision\n\n"
            f"We do thing {n}.\n\n## Consequences\n\nEasier {n}.\n"
        )
    for n in range(1, n_runbooks + 1):
        files[f"runbooks/{n:04d}-runbook-{n}.md"] = (
            f"---\nnumber: {n}\ntitle: Runbook {n}\nadrs:\n- {n}\n---\n\n1. Stop {n}.\n2. Restore {n}.\n"
        )
    for n in range(1, n_rules + 1):
        files[f"rules/2025-02-{n % 28 + 1:02d}-rule-{n}.md"] = (
            f"---\ntitle: Rule {n}\ndate: 2025-02-{n % 28 + 1:02d}\nseverity: high\nstatus: active\n"
            f"modules:\n- module_{n % 20}\nrunbooks:\n- {n % n_runbooks + 1}\nowner: team-{n % 5}\n---\n\n"
            f"## Rule\n\nNever do thing {n} without a fencing token.\n\n## Incident\n\n{n} rows lost.\n\n"
            f"## Root cause\n\nCause {n}.\n\n## Fix\n\nFix {n}.\n"
        )
    for n in range(1, n_terms + 1):
        files[f"glossary/term-{n}.md"] = (
            f"---\nterm: term {n}\naliases:\n- t{n}\n---\n\nDefinition of term {n}.\n"
        )
    for n in range(1, n_notes + 1):
        # 336 days a year (12 months of 28 days) from 2024 on
        year, k = 2024 + (n - 1) // 336, (n - 1) % 336
        day = f"{year}-{k // 28 + 1:02d}-{k % 28 + 1:02d}"
        sections = "".join(
            f"\n## Source {n}-{k}\n\n- **Link**: https://example.com/{n}/{k}\n- **Takeaway**: Takeaway {k}.\n"
            f"- **Application**: Apply {k}.\n- **Quality Score**: {60 + (n + k) % 41}\n- **Date Added**: {day}\n"
            for k in range(1, 4)
        )
        files[f"citations/{day}.md"] = f"# Citations {day}\n{sections}"
    assert len(files) == N_FILES * scale, len(files)
    return files


def rows_written(env):
    env.flush_all()
    env.cr.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
    return int(env.cr.fetchone()[0])


def bare_values(env, source, target):
    """``[(model name, [vals, ...])]`` that recreate the records the import wrote into
    ``source`` (in the import's kind order, each model's records by id) in ``target``: every
    stored, non-computed field, relations as ids, the repository replaced."""
    plan = []
    for kind in env["practice.vault"]._vault_sorted_kinds():
        model = env[kind.model].with_context(active_test=False)
        records = model.search([("repo_id", "=", source.id)], order="id")
        if not records:
            continue
        names = [
            name
            for name, field in model._fields.items()
            if field.store and not field.compute and name not in SKIPPED_FIELDS and field.type != "one2many"
        ]
        vals_list = []
        for row in records.read(names, load=None):
            vals = {}
            for name in names:
                field, value = model._fields[name], row[name]
                if field.type == "many2many":
                    value = [(6, 0, value)]
                vals[name] = value
            vals["repo_id"] = target
            vals_list.append(vals)
        plan.append((kind.model, vals_list))
    return plan


def scale_point(files, rounds):
    """The scale point: ``(import s, bare create s)`` medians of interleaved rounds."""
    import_times, bare_times = [], []
    with odoo_env() as env:  # the values a bare create writes, from one import kept aside
        # the upload limit (5,000 files by default) raised as the Settings would
        env["ir.config_parameter"].set_param("practice_knowledge.vault_max_files", str(max(len(files), 5000)))
        source = env["practice.repo"].create({"name": f"bench-vault-scale-source-{time.time_ns()}"})
        result = env["practice.vault"].import_files(files, repo=source.id)
        assert not result["errors"], result["errors"][:3]
        env.cr.commit()
        source_id = source.id
    for round_no in range(rounds):
        with odoo_env() as env:
            source = env["practice.repo"].browse(source_id)
            imported = env["practice.repo"].create({"name": f"bench-vault-scale-{round_no}-{time.time_ns()}"})
            bare = env["practice.repo"].create({"name": f"bench-vault-bare-{round_no}-{time.time_ns()}"})
            plan = bare_values(env, source, bare.id)
            env.flush_all()
            env.invalidate_all()

            def run_import(env=env, imported=imported):
                start = time.perf_counter()
                result = env["practice.vault"].import_files(files, repo=imported.id)
                env.flush_all()
                import_times.append(time.perf_counter() - start)
                assert not result["errors"], result["errors"][:3]
                assert len(result["created"]) == len(files)

            def run_bare(env=env, plan=plan):
                start = time.perf_counter()
                for model_name, vals_list in plan:
                    env[model_name].create(vals_list)
                env.flush_all()
                bare_times.append(time.perf_counter() - start)

            for run in (run_import, run_bare) if round_no % 2 == 0 else (run_bare, run_import):
                run()
                env.invalidate_all()
            env.cr.rollback()
    return statistics.median(import_times), statistics.median(bare_times)


def main():
    global N_RULES, N_TERMS, N_RUNBOOKS, N_ADRS, N_CITATION_NOTES, N_FILES, ROUNDS, SCALE, SCALE_ROUNDS
    if quick():
        N_RULES, N_TERMS, N_RUNBOOKS, N_ADRS, N_CITATION_NOTES, N_FILES, ROUNDS = 40, 30, 10, 10, 10, 100, 1
        SCALE, SCALE_ROUNDS = 2, 1
    configure_odoo()
    files = generate_files()
    first_times, again_times, written, reported = [], [], [], []
    for round_no in range(ROUNDS):
        with odoo_env() as env:
            repo = env["practice.repo"].create({"name": f"bench-vault-{round_no}-{time.time_ns()}"})
            vault = env["practice.vault"]
            start = time.perf_counter()
            result = vault.import_files(files, repo=repo.id)
            env.flush_all()
            first_times.append(time.perf_counter() - start)
            assert not result["errors"], result["errors"][:3]
            assert len(result["created"]) == N_FILES
            before = rows_written(env)
            start = time.perf_counter()
            again = vault.import_files(files, repo=repo.id)
            env.flush_all()
            again_times.append(time.perf_counter() - start)
            written.append(rows_written(env) - before)
            reported.append(len(again["created"]) + len(again["updated"]))
            assert len(again["unchanged"]) == N_FILES
            env.cr.rollback()
    first, again = statistics.median(first_times), statistics.median(again_times)
    export_check = None
    with odoo_env() as env:
        repo = env["practice.repo"].create({"name": f"bench-vault-export-{time.time_ns()}"})
        env["practice.vault"].import_files(files, repo=repo.id)
        start = time.perf_counter()
        exported = env["practice.vault"].export_files(repo=repo.id)
        export_time = time.perf_counter() - start
        export_check = len(exported)
        env.cr.rollback()
    report(
        f"Vault import of {N_FILES:,} generated files (median of {ROUNDS} rounds)",
        f"first import ({N_FILES:,} files created)",
        first,
        [
            ("re-import of the same files (all unchanged)", again),
            (f"export of the {N_FILES:,} files", export_time),
        ],
        goal="re-import ≤ 0.2× first import, 0 rows written",
    )
    print(f"\nrows written by the re-imports (pg_stat_xact_user_tables): {written}")
    print(f"files reported created/updated by the re-imports: {reported}")
    print(f"files exported: {export_check}")
    ok = again / first <= 0.2 and not any(written) and not any(reported)
    figures = {
        "first_import_s": first,
        "reimport_x": again / first,
        "export_x": export_time / first,
        "reimport_rows_written_count": max(written),
    }
    goals = {
        "reimport_x": "met" if again / first <= 0.2 else "missed",
        "reimport_rows_written_count": "met" if not any(written) else "missed",
    }
    sizes = {"files": N_FILES, "rounds": ROUNDS}
    if "--no-scale" not in sys.argv:
        scale_files = generate_files(SCALE)
        imported, bare = scale_point(scale_files, SCALE_ROUNDS)
        report(
            f"Vault import of {len(scale_files):,} generated files (median of {SCALE_ROUNDS} interleaved rounds)",
            f"bare ORM create of the same {len(scale_files):,} files' records",
            bare,
            [("import_files (parse, plan, rights, write, statistics)", imported)],
            goal="import ≤ 2× the bare create",
        )
        figures.update(scale_import_s=imported, scale_bare_create_s=bare, scale_import_x=imported / bare)
        goals["scale_import_x"] = "met" if imported / bare <= 2 else "missed"
        sizes.update(scale_files=len(scale_files), scale_rounds=SCALE_ROUNDS)
        ok = ok and imported / bare <= 2
    emit("bench_vault", figures, sizes=sizes, goals=goals)
    print("goal met" if ok else "goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
