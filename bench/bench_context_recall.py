"""Does the context bundle hold the rules a task needs, whole, and what does it cost?
(issue 11, "Measure"). Run: ``setup/bench bench/bench_context_recall.py``.

1. Recall. A generated vault of 1,000 hard rules (``recall_tasks.make_rules``: the labelled
   rules among filler rules about the same everyday subjects) and at least 30 tasks phrased as
   engineers phrase them, each with the rule(s) it needs. For each task, the default 25 KB
   markdown bundle is asked for, and a needed rule counts as present when it is there
   **whole**: its rule text and its fix text both appear in the markdown. Rankings:
   (a) ``bundle(task=...)``, the task-aware ranking;
   (b) ``bundle()`` without a task: named modules, severity, date (the order before issue 11);
   (c) the first 200 lines of a MEMORY.md-style index (one line per rule, newest first), what
       an agent reads when the practice is a flat file. A line holds a title, never a fix, so
       no rule is ever whole there: its recall is computed on the title alone (said in the
       output).
   Recall = needed (task, rule) pairs present whole / all pairs. MRR = mean over the pairs of
   1 / the rule's position among the rules of the bundle (0 when it is not in the bundle or
   not whole); for (c), its line number among the 200 lines (title only).
   The same recall of (a) is then measured with 500 memories and 200 glossary terms beside the
   rules (they compete for the same 25 KB).
   (d) The prompt-time context (issue 25): ``prompt(task)``, what the UserPromptSubmit hook adds
   to a prompt, within 4,000 bytes (its default), without and with the memories and terms
   (goal: recall ≥ 0.95). Its MRR counts the rule's position among the rules of the answer.
2. Cost. Medians over interleaved rounds (the machine is shared: the baseline and the bundle
   see the same noise and the same warm cache) of the 25 KB markdown bundle against a bare
   ``search_read`` of 1,000 rules (the first vault's rules, by id) in the same process:
   over 1,000 rules + 500 memories + 200 terms (goal: ≤ 2× today's ratio, which
   bench_bundle.py measured at 1.8–2.1× before issue 11), then over 10,000 rules + 5,000
   memories (goal: ≤ 2× the bare search_read). Tasks rotate over the labelled set.
3. Scale (issue 32): the same vault grown to 100,000 rules (+ the 5,000 memories), bulk-loaded
   through the ORM in batches of 10,000 like the 10,000-rule point; recall and cost again
   (goal: ``bundle(task=…)`` ≤ 2.5× the same bare search_read of 1,000 rules). Full run only
   (``--smoke`` and ``--quick`` leave it out; so does ``--no-100k``).
"""

import re
import statistics
import sys
import time

from recall_tasks import fixture, labelled_tasks, make_rules

from common import configure_odoo, emit, odoo_env, quick, report, vacuum_analyze

SEED = 11
N_RULES, N_RULES_BIG, N_RULES_HUGE = 1000, 10_000, 100_000
LOAD_BATCH = 10_000  # rules per create() call when growing the vault
N_MEMORIES, N_MEMORIES_BIG, N_TERMS = 500, 5000, 200
MAX_BYTES = 25000
PROMPT_BYTES = 4000
BUNDLE_MODELS = ("practice.rule", "practice.memory", "practice.glossary.term")
INDEX_LINES = 200
ROUNDS = 15
GOAL_X = 1.8  # bundle(task=…) at 1,000 and at 10,000 rules vs the bare read of 1,000 (issue 32)
ADMIN_UID = 2
MODULES = [f"bench_mod_{i:02d}" for i in range(20)]
BARE_FIELDS = ["name", "severity", "date", "rule", "module_ids", "vault_path"]
_SPACE = re.compile(r"\s+")


def quiet(env):
    return env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))


def squash(text):
    return _SPACE.sub(" ", text or "").strip()


def create_rules(env, repo, vals):
    for rule in vals:
        rule["repo_id"] = repo.id
    records = quiet(env)["practice.rule"].create(vals)
    env.flush_all()
    return records


def grow_rules(env, repo, vals):
    """``vals`` created in batches of LOAD_BATCH (the cache emptied between batches)."""
    for start in range(0, len(vals), LOAD_BATCH):
        create_rules(env, repo, vals[start : start + LOAD_BATCH])
        env.invalidate_all()


def create_memories(env, repo, start, count):
    modules = env["practice.code.module"]._ensure(repo, MODULES)
    quiet(env)["practice.memory"].create(
        [
            {
                "topic": f"Bench memory {i:05d} about {MODULES[i % len(MODULES)]}",
                "summary": f"Finding number {i}: commit in batches, snapshot first, lock the module.",
                "repo_id": repo.id,
                "module_ids": [(6, 0, [modules[i % len(modules)].id])],
            }
            for i in range(start, start + count)
        ]
    )
    env.flush_all()


def create_terms(env, repo):
    quiet(env)["practice.glossary.term"].create(
        [
            {"name": f"bench term {i:03d}", "definition": f"Definition of term {i}.", "repo_id": repo.id}
            for i in range(N_TERMS)
        ]
    )
    env.flush_all()


# ---------------------------------------------------------------------- recall
def bundle_ranks(result, rules_by_id):
    """{rule id: (position among the bundle's rules, whole?)} of one markdown bundle."""
    markdown = squash(result["markdown"])
    section = result["sections"].get("rules") or {"items": []}
    ranks = {}
    for position, item in enumerate(section["items"], start=1):
        rule = rules_by_id.get(item.get("id"))
        if rule is None:
            continue
        whole = squash(rule["rule"]) in markdown and squash(rule["fix"]) in markdown
        ranks[rule["id"]] = (position, whole)
    return ranks


def score(pairs):
    """pairs = [(position or None, present?)] → (recall, MRR, hits, total)."""
    hits = sum(1 for _pos, present in pairs if present)
    mrr = sum(1.0 / pos for pos, present in pairs if present and pos) / len(pairs)
    return hits / len(pairs), mrr, hits, len(pairs)


def recall_bundle(env, repo, tasks, by_title, rules_by_id, with_task):
    Context = env["practice.context"]
    pairs, misses, sizes = [], [], []
    for task, needed in tasks:
        result = Context.bundle(repo=repo.id, max_bytes=MAX_BYTES, task=task if with_task else None)
        sizes.append(result["bytes"])
        ranks = bundle_ranks(result, rules_by_id)
        for title in needed:
            position, whole = ranks.get(by_title[title]["id"], (None, False))
            pairs.append((position, whole))
            if not whole:
                misses.append((task, title, position))
    return score(pairs), misses, max(sizes)


def recall_prompt(env, repo, tasks, by_title):
    """(d): the needed rules whole in ``prompt(task)``'s markdown of at most PROMPT_BYTES."""
    Context = env["practice.context"]
    pairs, misses, sizes = [], [], []
    for task, needed in tasks:
        result = Context.prompt(task, repo=repo.id, max_bytes=PROMPT_BYTES)
        sizes.append(result["bytes"])
        markdown = squash(result["markdown"])
        rule_keys = [key for key in result["keys"] if key.startswith("rule:")]
        for title in needed:
            rule = by_title[title]
            key = f"rule:{rule['id']}"
            position = rule_keys.index(key) + 1 if key in rule_keys else None
            whole = squash(rule["rule"]) in markdown and squash(rule["fix"]) in markdown
            pairs.append((position, whole and position is not None))
            if not (whole and position):
                misses.append((task, title, position))
    return score(pairs), misses, max(sizes)


def recall_index(rules, tasks):
    """(c): the first INDEX_LINES lines of a MEMORY.md-style index, newest first."""
    ordered = sorted(rules, key=lambda r: (-r["date"].toordinal(), r["id"]))
    lines = [f"- {r['date'].isoformat()} [{r['severity']}] {squash(r['name'])}" for r in ordered]
    head = lines[:INDEX_LINES]
    text = squash("\n".join(head))
    line_of = {r["id"]: n for n, r in enumerate(ordered[:INDEX_LINES], start=1)}
    title_pairs, whole_pairs = [], []
    by_title = {r["name"]: r for r in rules}
    for _task, needed in tasks:
        for title in needed:
            rule = by_title[title]
            position = line_of.get(rule["id"])
            title_pairs.append((position, position is not None))
            whole = squash(rule["rule"]) in text and squash(rule["fix"]) in text
            whole_pairs.append((position, whole))
    return score(title_pairs), score(whole_pairs), len("\n".join(head).encode())


def print_recall(title, rows, goal):
    print(f"\n## {title}\n")
    print("| ranking | recall | MRR | pairs present | largest bundle |")
    print("|---|---|---|---|---|")
    for name, (recall, mrr, hits, total), size in rows:
        print(f"| {name} | {recall:.2f} | {mrr:.3f} | {hits}/{total} | {size:,} bytes |")
    print(f"\ngoal: {goal}")
    sys.stdout.flush()


def print_misses(name, misses):
    if not misses:
        return
    print(f"\n{name}: needed rules not whole in the bundle")
    for task, title, position in misses:
        where = f"position {position}, not whole" if position else "not in the bundle"
        print(f"- {task!r} needs {title!r}: {where}")


# ---------------------------------------------------------------------- cost
def interleaved(runs):
    """Median seconds of each function, over ROUNDS interleaved rounds after a warm-up."""
    rounds = ROUNDS
    timings = {key: [] for key in runs}
    for fn in runs.values():
        fn()
    for _round in range(rounds):
        for key, fn in runs.items():
            start = time.perf_counter()
            fn()
            timings[key].append(time.perf_counter() - start)
    return {key: statistics.median(values) for key, values in timings.items()}


def cost_runs(env, repo, base_ids, tasks):
    Context = env["practice.context"]
    Rule = env["practice.rule"]
    turn = {"n": 0}

    def bare():
        env.invalidate_all()
        Rule.search_read([("id", "in", base_ids)], BARE_FIELDS)

    def with_task():
        env.invalidate_all()
        task = tasks[turn["n"] % len(tasks)][0]
        turn["n"] += 1
        Context.bundle(repo=repo.id, max_bytes=MAX_BYTES, task=task)

    def without_task():
        env.invalidate_all()
        Context.bundle(repo=repo.id, max_bytes=MAX_BYTES)

    return {"bare": bare, "task": with_task, "plain": without_task}


# ---------------------------------------------------------------------- main
def grown_point(repo, base_ids, tasks, by_title, rules_by_id, labels, goal):
    """The recall and the cost of ``bundle`` in the grown vault, printed under ``labels``
    (recall section, cost section): ``(rules, memories, (recall, misses, size), medians)``."""
    with odoo_env(uid=ADMIN_UID) as env:
        repo = env["practice.repo"].browse(repo.id)
        total = env["practice.rule"].search_count([("repo_id", "=", repo.id)])
        memories = env["practice.memory"].search_count([])
        found, misses, size = recall_bundle(env, repo, tasks, by_title, rules_by_id, True)
        print_recall(
            labels[0],
            [(f"(a) bundle(task=…) over {total:,} rules + {memories:,} memories", found, size)],
            goal="—",
        )
        print_misses(f"(a) over {total:,} rules", misses)
        med = interleaved(cost_runs(env, repo, base_ids, tasks))
        report(
            f"{labels[1]} Cost over {total:,} rules + {memories:,} memories + {N_TERMS} terms "
            f"(medians of {ROUNDS} interleaved rounds)",
            f"bare search_read of {N_RULES:,} rules",
            med["bare"],
            [
                ("bundle(task=…), markdown 25 KB", med["task"]),
                ("bundle() without task, markdown 25 KB", med["plain"]),
            ],
            goal=goal,
        )
        env.cr.rollback()
    return total, memories, found, med


def huge_point(repo, base_ids, tasks, by_title, rules_by_id):
    """3. The vault grown to N_RULES_HUGE rules: ``(rules, recall, medians)``."""
    with odoo_env() as env:
        start = time.perf_counter()
        # filler only, titles numbered from N_RULES_BIG on: every title stays unique
        grow_rules(env, repo, fixture.make_rules(N_RULES_HUGE, SEED + 2)[N_RULES_BIG:])
        vacuum_analyze(env, BUNDLE_MODELS)
        env.cr.commit()
        print(f"\n(grown to {N_RULES_HUGE:,} rules in {time.perf_counter() - start:.0f} s)")
    total, _memories, huge, med = grown_point(
        repo,
        base_ids,
        tasks,
        by_title,
        rules_by_id,
        ("3a. The same recall at the scale point", "3b."),
        f"bundle(task=…) ≤ 2.5× the bare search_read of {N_RULES:,} rules",
    )
    return total, huge, med


def main():
    global N_RULES_BIG, N_MEMORIES_BIG, ROUNDS
    smoke = "--smoke" in sys.argv or quick()
    if smoke:  # a quick check of the script itself, not figures
        N_RULES_BIG, N_MEMORIES_BIG, ROUNDS = 1500, 600, 2
    configure_odoo()
    with odoo_env() as env:
        repo = env["practice.repo"]._resolve(None)
        records = create_rules(env, repo, make_rules(N_RULES, SEED))
        vacuum_analyze(env, BUNDLE_MODELS)
        env.cr.commit()
        base_ids = records.ids
    with odoo_env(uid=ADMIN_UID) as env:
        repo = env["practice.repo"].browse(repo.id)
        rules = env["practice.rule"].search_read(
            [("id", "in", base_ids)], ["name", "severity", "date", "rule", "fix"], load=None
        )
        rules_by_id = {r["id"]: r for r in rules}
        by_title = {r["name"]: r for r in rules}
        tasks = labelled_tasks(by_title)
        print(
            f"vault: {len(rules):,} active rules; {len(tasks)} labelled tasks needing "
            f"{sum(len(n) for _t, n in tasks)} (task, rule) pairs; no module named"
        )
        new, new_misses, new_size = recall_bundle(env, repo, tasks, by_title, rules_by_id, True)
        old, old_misses, old_size = recall_bundle(env, repo, tasks, by_title, rules_by_id, False)
        title_only, index_whole, index_size = recall_index(rules, tasks)
        print_recall(
            "1. Recall of the needed rules, whole (rule + fix), in the 25 KB markdown bundle",
            [
                ("(a) bundle(task=…): task-aware ranking", new, new_size),
                ("(b) bundle() without task: module/severity/date order", old, old_size),
                (
                    f"(c) first {INDEX_LINES} lines of a MEMORY.md-style index, newest first",
                    index_whole,
                    index_size,
                ),
                ("(c) same index, title only (a line never holds the fix)", title_only, index_size),
            ],
            goal="recall ≥ 0.95 for (a)",
        )
        print_misses("(a)", new_misses)
        prompt, prompt_misses, prompt_size = recall_prompt(env, repo, tasks, by_title)
        print_recall(
            f"1d. Recall of the needed rules, whole, in the prompt-time context ({PROMPT_BYTES:,} bytes)",
            [("(d) prompt(task): the UserPromptSubmit context", prompt, prompt_size)],
            goal="recall ≥ 0.95",
        )
        print_misses("(d)", prompt_misses)
        sys.stdout.flush()
        env.cr.rollback()

    with odoo_env() as env:
        create_memories(env, repo, 0, N_MEMORIES)
        create_terms(env, repo)
        vacuum_analyze(env, BUNDLE_MODELS)
        env.cr.commit()
    with odoo_env(uid=ADMIN_UID) as env:
        repo = env["practice.repo"].browse(repo.id)
        mixed, mixed_misses, mixed_size = recall_bundle(env, repo, tasks, by_title, rules_by_id, True)
        print_recall(
            "1b. The same recall with memories and glossary terms competing for the 25 KB",
            [(f"(a) bundle(task=…) with {N_MEMORIES} memories + {N_TERMS} terms too", mixed, mixed_size)],
            goal="recall ≥ 0.95",
        )
        print_misses("(a) with memories and terms", mixed_misses)
        prompt_mixed, prompt_mixed_misses, prompt_mixed_size = recall_prompt(env, repo, tasks, by_title)
        print_recall(
            f"1e. The prompt-time context ({PROMPT_BYTES:,} bytes) with memories and terms competing",
            [
                (
                    f"(d) prompt(task) with {N_MEMORIES} memories + {N_TERMS} terms too",
                    prompt_mixed,
                    prompt_mixed_size,
                )
            ],
            goal="recall ≥ 0.95",
        )
        print_misses("(d) with memories and terms", prompt_mixed_misses)
        med = med_small = interleaved(cost_runs(env, repo, base_ids, tasks))
        report(
            f"2a. Cost over {N_RULES:,} rules + {N_MEMORIES} memories + {N_TERMS} terms "
            f"(medians of {ROUNDS} interleaved rounds)",
            f"bare search_read of {N_RULES:,} rules",
            med["bare"],
            [
                ("bundle(task=…), markdown 25 KB", med["task"]),
                ("bundle() without task, markdown 25 KB", med["plain"]),
            ],
            goal="≤ 2× today's ratio (bench_bundle.py before issue 11: 1.8–2.1×, so ≤ 3.6–4.2×)",
        )
        env.cr.rollback()

    with odoo_env() as env:
        start = time.perf_counter()
        # filler only (titles numbered from 1,000 on): the labelled rules stay unique
        more = fixture.make_rules(N_RULES_BIG, SEED + 1)[N_RULES:]
        create_rules(env, repo, more)
        create_memories(env, repo, N_MEMORIES, N_MEMORIES_BIG - N_MEMORIES)
        vacuum_analyze(env, BUNDLE_MODELS)
        env.cr.commit()
        print(
            f"\n(grown to {N_RULES_BIG:,} rules + {N_MEMORIES_BIG:,} memories in {time.perf_counter() - start:.0f} s)"
        )
    total, memories, big, med = grown_point(
        repo,
        base_ids,
        tasks,
        by_title,
        rules_by_id,
        ("1c. The same recall in the grown vault", "2b."),
        f"bundle(task=…) ≤ {GOAL_X}× the bare search_read of {N_RULES:,} rules",
    )
    growth = med["task"] / med_small["task"]
    print(
        f"\nbundle(task=…) at {total:,} rules = {growth:.2f}× at {N_RULES:,} rules "
        f"(goal ≤ 1.5×: {'met' if growth <= 1.5 else 'NOT met'})"
    )
    figures, sizes, goals = {}, {}, {}
    if not smoke and "--no-100k" not in sys.argv:
        huge_total, huge, med_huge = huge_point(repo, base_ids, tasks, by_title, rules_by_id)
        huge_x = med_huge["task"] / med_huge["bare"]
        figures = {
            "recall_huge": huge[0],
            "bundle_huge_ms": med_huge["task"] * 1000,
            "bundle_huge_x": huge_x,
            "bundle_huge_no_task_x": med_huge["plain"] / med_huge["bare"],
        }
        sizes = {"rules_huge": huge_total}
        goals = {"bundle_huge_x": "met" if huge_x <= 2.5 else "missed"}
    emit(
        "bench_context_recall",
        {
            **figures,
            "recall_task": new[0],
            "mrr_task": new[1],
            "recall_no_task": old[0],
            "recall_with_memories": mixed[0],
            "recall_prompt": prompt[0],
            "mrr_prompt": prompt[1],
            "recall_prompt_with_memories": prompt_mixed[0],
            "recall_big": big[0],
            "search_read_1k_rules_ms": med_small["bare"] * 1000,
            "bundle_small_ms": med_small["task"] * 1000,
            "bundle_small_x": med_small["task"] / med_small["bare"],
            "bundle_small_no_task_x": med_small["plain"] / med_small["bare"],
            "bundle_big_ms": med["task"] * 1000,
            "bundle_big_x": med["task"] / med["bare"],
            "bundle_big_no_task_x": med["plain"] / med["bare"],
            "bundle_big_vs_small_x": growth,
        },
        sizes={
            "rules_small": N_RULES,
            "memories_small": N_MEMORIES,
            "rules_big": total,
            "memories_big": memories,
            "terms": N_TERMS,
            "rounds": ROUNDS,
            **sizes,
        },
        goals={
            **goals,
            "recall_task": "met" if new[0] >= 0.95 else "missed",
            "recall_prompt": "met" if prompt[0] >= 0.95 else "missed",
            "recall_prompt_with_memories": "met" if prompt_mixed[0] >= 0.95 else "missed",
            "bundle_small_x": "met" if med_small["task"] / med_small["bare"] <= GOAL_X else "missed",
            "bundle_big_x": "met" if med["task"] / med["bare"] <= GOAL_X else "missed",
            "bundle_big_vs_small_x": "met" if growth <= 1.5 else "missed",
        },
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
