# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pass-rate arithmetic, scenario history and flakiness — no database.

The pass rate counts the tests that ran: ``passed / (tests - skipped)`` in percent, two
decimals; where nothing ran (no tests, or only skips) there is no rate: None here, ``False``
in the RPC answers (XML-RPC has no null), "n/a" in the backend and the CLI — never 0 %.

Green (:func:`run_green`, the one rule the run's state, ``suite_state``, the stop hook, the
deploy gate and the session gate go by): without pass-rate targets, a run is green when
something ran and nothing failed or errored (skips do not make a run red). A target (a pass
rate in %, per repository: for the whole run and as the default of every category, or for one
category) lets a run or a category with failures be green all the same when its pass rate
reaches the target.
"""

from collections import Counter, defaultdict

STATUSES = ("passed", "failed", "error", "skipped")


def totals(statuses):
    """Counts of an iterable of case statuses → ``{"tests", "passed", "failed", "errors", "skipped"}``."""
    counts = Counter(statuses)
    unknown = set(counts) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown case status {sorted(unknown)[0]!r}")
    return {
        "tests": sum(counts.values()),
        "passed": counts["passed"],
        "failed": counts["failed"],
        "errors": counts["error"],
        "skipped": counts["skipped"],
    }


def pass_rate(passed, tests, skipped=0):
    """Percentage of the tests that ran which passed; None when none ran (not 0.0: nothing
    failed either)."""
    ran = tests - skipped
    if tests < 0 or skipped < 0 or passed < 0 or passed > ran:
        raise ValueError(f"inconsistent counts: {passed} passed of {tests} tests with {skipped} skipped")
    if ran == 0:
        return None
    return round(100.0 * passed / ran, 2)


def rate_shown(rate, ran):
    """A stored rate as the RPC answers give it: the number, or ``False`` when nothing ran (the
    stored column holds 0.0 then: an Odoo float column cannot hold NULL)."""
    return rate if ran > 0 else False


ALL = ""  # the key of the whole run's target in a ``{category: target}`` dict


def meets(counts, target=None):
    """Whether ``counts`` (of a run or of one category) pass: nothing failed or errored, or,
    with a ``target`` (a pass rate in %, None: no target), something ran and the pass rate
    reaches the target. Nothing ran and nothing failed passes (a category that only skipped)."""
    failures = counts["failed"] + counts["errors"]
    if not failures:
        return True
    if target is None:
        return False
    rate = pass_rate(counts["passed"], counts["tests"], counts["skipped"])
    return rate is not None and rate >= target


def is_green(counts, target=None):
    """Something ran and :func:`meets` the ``target`` (a run without categories)."""
    return counts["tests"] - counts["skipped"] > 0 and meets(counts, target)


def target_of(targets, category=None):
    """The target that applies to ``category`` (None: the whole run) in ``targets``
    (``{category or ALL: target}``): its own, else the whole run's; None when there is none."""
    targets = targets or {}
    if category is not None and targets.get(category) is not None:
        return targets[category]
    return targets.get(ALL)


def run_green(total, rates, targets=None):
    """The green of a run: something ran, the run meets its own target (when one is set; none:
    its failures are judged per category) and every category meets its target (its own, else
    the run's; none: no failure). ``total``: :func:`summary` of the run, ``rates``:
    :func:`by_category`, ``targets``: ``{category or ALL: target in %}``. Without targets: ran
    and nothing failed or errored."""
    if total["tests"] - total["skipped"] <= 0:
        return False
    run_target = target_of(targets)
    if run_target is not None and not meets(total, run_target):
        return False
    if not rates:  # no categories given: the run's own failures decide
        return meets(total, run_target)
    return all(meets(rate, target_of(targets, category)) for category, rate in rates.items())


def summary(statuses):
    """Totals, ``ran`` (tests minus skipped), pass rate (None when nothing ran) and green for a
    list of statuses."""
    counts = totals(statuses)
    counts["ran"] = counts["tests"] - counts["skipped"]
    counts["pass_rate"] = pass_rate(counts["passed"], counts["tests"], counts["skipped"])
    counts["green"] = is_green(counts)
    return counts


def by_category(pairs):
    """``[(category, status)]`` → ``{category: summary}`` (categories sorted)."""
    grouped = defaultdict(list)
    for category, status in pairs:
        grouped[category].append(status)
    return {category: summary(grouped[category]) for category in sorted(grouped)}


def failing_since(history):
    """``history``: ``[(run_key, status)]`` oldest first. The run_key where the current failing
    streak began (failed/error; skips neither break nor start it), or None when the last
    status that ran passed."""
    since = None
    for run_key, status in history:
        if status in ("failed", "error"):
            if since is None:
                since = run_key
        elif status == "passed":
            since = None
    return since


def advance(failing, since, run_key, statuses):
    """The failing streak after one more run, without reading the history again: ``failing``
    and ``since`` describe the streak before the run (``since`` may be None even while
    failing, when its run was deleted), ``statuses`` are the scenario's statuses in the run,
    in order. Same rules as :func:`failing_since` → ``(failing, since)``."""
    for status in statuses:
        if status in ("failed", "error"):
            if not failing:
                failing, since = True, run_key
        elif status == "passed":
            failing, since = False, None
    return failing, since


def merge_flaky_commits(shown, commit, limit=5, width=12):
    """``shown``: the ``"c1, c2"`` text of a scenario's flaky commits (the ``limit`` first in
    order, each cut to ``width``); the same text with ``commit`` added."""
    commits = {part.strip() for part in (shown or "").split(",") if part.strip()}
    commits.add(commit[:width])
    return ", ".join(sorted(commits)[:limit])


def flaky(rows):
    """``rows``: ``[(commit, scenario, status)]``. Scenarios that both passed and failed (or
    errored) on one commit → ``{scenario: sorted commits}``. Rows without a commit are ignored."""
    seen = defaultdict(set)
    for commit, scenario, status in rows:
        if commit:
            seen[(commit, scenario)].add("bad" if status in ("failed", "error") else status)
    found = defaultdict(list)
    for (commit, scenario), statuses in seen.items():
        if {"passed", "bad"} <= statuses:
            found[scenario].append(commit)
    return {scenario: sorted(commits) for scenario, commits in found.items()}
