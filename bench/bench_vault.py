"""Vault import: 1,000 generated files imported into a fresh repository, then the same files
re-imported (every file unchanged); ``--quick``: 100 files, one round. Goal: re-import ≤ 0.2× the first import, 0 rows written.

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


def generate_files():
    files = {}
    for n in range(1, N_ADRS + 1):
        files[f"adr/{n:04d}-decision-{n}.md"] = (
            f"---\nnumber: {n}\ntitle: Decision {n}\ndate: 2025-01-01\nstatus: accepted\n"
            f"deciders:\n- team\n---\n\n## Context\n\nForces of decision {n}.\n\n## Decision\n\n"
            f"We do thing {n}.\n\n## Consequences\n\nEasier {n}.\n"
        )
    for n in range(1, N_RUNBOOKS + 1):
        files[f"runbooks/{n:04d}-runbook-{n}.md"] = (
            f"---\nnumber: {n}\ntitle: Runbook {n}\nadrs:\n- {n}\n---\n\n1. Stop {n}.\n2. Restore {n}.\n"
        )
    for n in range(1, N_RULES + 1):
        files[f"rules/2025-02-{n % 28 + 1:02d}-rule-{n}.md"] = (
            f"---\ntitle: Rule {n}\ndate: 2025-02-{n % 28 + 1:02d}\nseverity: high\nstatus: active\n"
            f"modules:\n- module_{n % 20}\nrunbooks:\n- {n % N_RUNBOOKS + 1}\nowner: team-{n % 5}\n---\n\n"
            f"## Rule\n\nNever do thing {n} without a fencing token.\n\n## Incident\n\n{n} rows lost.\n\n"
            f"## Root cause\n\nCause {n}.\n\n## Fix\n\nFix {n}.\n"
        )
    for n in range(1, N_TERMS + 1):
        files[f"glossary/term-{n}.md"] = (
            f"---\nterm: term {n}\naliases:\n- t{n}\n---\n\nDefinition of term {n}.\n"
        )
    for n in range(1, N_CITATION_NOTES + 1):
        day = f"2024-{(n - 1) // 28 + 1:02d}-{(n - 1) % 28 + 1:02d}"
        sections = "".join(
            f"\n## Source {n}-{k}\n\n- **Link**: https://example.com/{n}/{k}\n- **Takeaway**: Takeaway {k}.\n"
            f"- **Application**: Apply {k}.\n- **Quality Score**: {60 + (n + k) % 41}\n- **Date Added**: {day}\n"
            for k in range(1, 4)
        )
        files[f"citations/{day}.md"] = f"# Citations {day}\n{sections}"
    assert len(files) == N_FILES, len(files)
    return files


def rows_written(env):
    env.flush_all()
    env.cr.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
    return int(env.cr.fetchone()[0])


def main():
    global N_RULES, N_TERMS, N_RUNBOOKS, N_ADRS, N_CITATION_NOTES, N_FILES, ROUNDS
    if quick():
        N_RULES, N_TERMS, N_RUNBOOKS, N_ADRS, N_CITATION_NOTES, N_FILES, ROUNDS = 40, 30, 10, 10, 10, 100, 1
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
    emit(
        "bench_vault",
        {
            "first_import_s": first,
            "reimport_x": again / first,
            "export_x": export_time / first,
            "reimport_rows_written_count": max(written),
        },
        sizes={"files": N_FILES, "rounds": ROUNDS},
        goals={
            "reimport_x": "met" if again / first <= 0.2 else "missed",
            "reimport_rows_written_count": "met" if not any(written) else "missed",
        },
    )
    print("goal met" if ok else "goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
