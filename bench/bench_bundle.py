"""Context bundle over 1,000 hard rules + 500 memories + 200 glossary terms, as a ratio of a
bare ``search_read`` of the same records (goal: ≤ 2×, bundle ≤ 25 KB by default).

Rules and terms need practice_knowledge; without it only memories are benchmarked (said in
the output). Run: ``PRACTICE_BENCH_DB=mem_b setup/bench bench/bench_bundle.py``.
"""

import sys

from common import configure_odoo, emit, measure, odoo_env, quick, report, vacuum_analyze

N_RULES, N_MEMORIES, N_TERMS = 1000, 500, 200
MODULES = [f"bench_mod_{i:02d}" for i in range(20)]
ASKED = MODULES[:3]
BUNDLE_MODELS = ("practice.rule", "practice.memory", "practice.glossary.term", "practice.code.module")


def populate(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    repo = env["practice.repo"]._resolve(None)
    modules = env["practice.code.module"]._ensure(repo, MODULES)
    has_knowledge = "practice.rule" in env
    if has_knowledge:
        env["practice.rule"].create(
            [
                {
                    "name": f"Bench rule {i:04d}",
                    "rule": f"Never do thing {i} without a snapshot; see runbook {i % 40}.",
                    "severity": ("low", "medium", "high", "critical")[i % 4],
                    "repo_id": repo.id,
                    "module_ids": [(6, 0, [modules[i % len(modules)].id])],
                }
                for i in range(N_RULES)
            ]
        )
        env["practice.glossary.term"].create(
            [
                {"name": f"bench term {i:03d}", "definition": f"Definition of term {i}.", "repo_id": repo.id}
                for i in range(N_TERMS)
            ]
        )
    env["practice.memory"].create(
        [
            {
                "topic": f"Bench memory {i:04d} about {MODULES[i % len(MODULES)]}",
                "summary": f"Finding number {i}: commit in batches, snapshot first, lock the module.",
                "times_seen": 1 + i % 7,
                "repo_id": repo.id,
            }
            if "repo_id" in env["practice.memory"]._fields
            else {
                "topic": f"Bench memory {i:04d} about {MODULES[i % len(MODULES)]}",
                "summary": f"Finding number {i}: commit in batches, snapshot first, lock the module.",
                "times_seen": 1 + i % 7,
            }
            for i in range(N_MEMORIES)
        ]
    )
    env.flush_all()
    return repo, has_knowledge


def main():
    global N_RULES, N_MEMORIES, N_TERMS
    if quick():
        N_RULES, N_MEMORIES, N_TERMS = 100, 50, 20
    repeat = 2 if quick() else 5
    configure_odoo()
    with odoo_env() as env:
        repo, has_knowledge = populate(env)
        vacuum_analyze(env, BUNDLE_MODELS)
        env.cr.commit()
    admin_uid = 2
    with odoo_env(uid=admin_uid) as env:

        def bare():
            env.invalidate_all()
            if has_knowledge:
                env["practice.rule"].search_read(
                    [("repo_id", "=", repo.id)],
                    ["name", "severity", "date", "rule", "module_ids", "vault_path"],
                )
                env["practice.glossary.term"].search_read([("repo_id", "=", repo.id)], ["name", "definition"])
            env["practice.memory"].search_read(
                [("status", "=", "active")],
                ["topic", "summary", "date", "times_seen", "pinned", "module_ids"],
            )

        sizes = {}

        def bundle(fmt="markdown", max_bytes=25000):
            def run():
                env.invalidate_all()
                result = env["practice.context"].bundle(modules=ASKED, max_bytes=max_bytes, fmt=fmt)
                sizes[(fmt, max_bytes)] = (result["bytes"], result["truncated"])

            return run

        baseline = measure(bare, repeat=repeat)
        rows = [
            ("bundle markdown, 25 KB", measure(bundle(), repeat=repeat)),
            ("bundle json, 25 KB", measure(bundle("json"), repeat=repeat)),
            (
                "bundle markdown, 1 MB (everything)",
                measure(bundle(max_bytes=1_000_000), repeat=min(repeat, 3)),
            ),
        ]
        what = f"{N_RULES} rules + {N_MEMORIES} memories + {N_TERMS} terms"
        if not has_knowledge:
            what = f"{N_MEMORIES} memories only (practice_knowledge not installed)"
        report(f"Context bundle over {what}", "bare search_read", baseline, rows, goal="≤ 2× and ≤ 25 KB")
        for (fmt, budget), (size, truncated) in sorted(sizes.items()):
            print(f"- {fmt} budget {budget}: {size} bytes, truncated={truncated}")
        emit(
            "bench_bundle",
            {
                "search_read_ms": baseline * 1000,
                "bundle_markdown_x": rows[0][1] / baseline,
                "bundle_json_x": rows[1][1] / baseline,
                "bundle_everything_x": rows[2][1] / baseline,
                "bundle_markdown_bytes_count": sizes[("markdown", 25000)][0],
            },
            sizes={"rules": N_RULES if has_knowledge else 0, "memories": N_MEMORIES, "terms": N_TERMS},
            goals={"bundle_markdown_x": "met" if rows[0][1] / baseline <= 2 else "missed"},
        )
        env.cr.rollback()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
