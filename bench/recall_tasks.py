"""The labelled set of bench_context_recall.py: the generated vault and the tasks of
``addons/practice_knowledge/tests/recall_fixture.py`` (shared with the ranking test), extended
here to at least 30 tasks — new rules with their tasks, other phrasings of a need the
fixture already covers, and tasks that need two rules at once.

The fixture is plain Python (no Odoo import); it is loaded by its path so the bench does not
import the addon's test package.
"""

import datetime
import importlib.util
import random

from common import PROJECT_DIR

FIXTURE_PATH = PROJECT_DIR / "addons" / "practice_knowledge" / "tests" / "recall_fixture.py"
MIN_TASKS = 30


def _load_fixture():
    spec = importlib.util.spec_from_file_location("practice_recall_fixture", FIXTURE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixture = _load_fixture()

# Rules the fixture does not have (added to the vault in place of as many filler rules).
EXTRA_RULES = [
    {
        "name": "Never commit inside model methods or controllers",
        "severity": "high",
        "rule": "cr.commit() inside a model method, a wizard or a controller defeats the rollback Odoo "
        "does on error; only a scheduled job that processes a queue commits, at batch boundaries.",
        "fix": "The import wizard no longer commits per row; the queue cron commits after each batch.",
        "incident": "A failed CSV import left 6,300 half-created partners without addresses.",
        "root_cause": "The wizard called cr.commit() after every row.",
    },
    {
        "name": "Index the fields that list views filter and group by",
        "severity": "medium",
        "rule": "A Many2one or selection used in frequent search domains, record rules or read_group "
        "gets index=True; without it every list view does a sequential scan of the table.",
        "fix": "delivery_zone_id got index=True; the migration creates the index CONCURRENTLY.",
        "incident": "The delivery list view took 14 seconds with 2.1 million lines.",
        "root_cause": "",
    },
    {
        "name": "Integrations log in as a dedicated user with an API key",
        "severity": "critical",
        "rule": "External systems authenticate over XML-RPC/JSON-RPC as their own user, with an API "
        "key and only the groups they need: never the admin account, never a person's password.",
        "fix": "The 3PL scanner uses its own user in the Inventory / User group with a revocable API key.",
        "incident": "An admin password in a logistics partner's script config gave full access for 2 months.",
        "root_cause": "The integration had been set up with the administrator's login.",
    },
    {
        "name": "Round quantities with the unit of measure's precision",
        "severity": "medium",
        "rule": "Quantities are converted with _compute_quantity and compared with float_compare / "
        "float_is_zero at the UoM's rounding; Python round() and == leave dust such as 0.0001 kg.",
        "fix": "Conversions go through product_uom._compute_quantity and float_is_zero with "
        "precision_rounding=uom.rounding.",
        "incident": "1,850 quants kept 0.0001 kg and blocked the inventory closing.",
        "root_cause": "Quantities converted from grams were compared with ==.",
    },
    {
        "name": "Run large exports as background jobs, not in the HTTP request",
        "severity": "medium",
        "rule": "An export of more than a few thousand records runs as a queued job that stores the "
        "file as an attachment and notifies the user: a request worker is killed at limit_time_real.",
        "fix": "The customer export is a queue job that posts a download link in the chatter.",
        "incident": "Exports of 200,000 customers died at 120 seconds; 40 retries saturated the workers.",
        "root_cause": "The spreadsheet was built inside the request worker.",
    },
]

_E = [rule["name"] for rule in EXTRA_RULES]


def _target(index):
    return fixture.TARGETS[index]["name"]


EXTRA_TASKS = [
    ("Partner CSV import wizard leaves half-created contacts when a row fails", [_E[0]]),
    ("Delivery list view is slow when filtering by zone", [_E[1]]),
    ("Set up credentials for the 3PL's barcode scanner integration", [_E[2]]),
    ("Converting grams to kilograms leaves tiny leftover quantities in stock", [_E[3]]),
    ("Accounting wants the full customer list in Excel but the download times out", [_E[4]]),
    # another phrasing of a need the fixture covers
    ("Restore last night's backup on my laptop to reproduce the bug", [_target(14)]),
    ("Shop thumbnails went blank after the attachment cleanup script", [_target(0)]),
    # two rules at once
    ("Nightly cron emailing payment reminders for each of our companies", [_target(5), _target(12)]),
    ("Free filestore space by purging old product image attachments", [_target(0), _target(9)]),
]


def make_rules(n, seed):
    """``n`` vals dicts: the fixture's rules with the extra ones in place of the last filler
    rules (extra rules whose title the fixture already has are skipped)."""
    rules = fixture.make_rules(n, seed)
    have = {rule["name"] for rule in rules}
    extra = [dict(rule) for rule in EXTRA_RULES if rule["name"] not in have]
    rng = random.Random(seed + 1)
    start = datetime.date(2023, 11, 1)
    for rule in extra:
        rule["date"] = (start + datetime.timedelta(days=rng.randint(0, 1095))).isoformat()
        rule["root_cause"] = rule.get("root_cause") or False
    return rules[: n - len(extra)] + extra


def labelled_tasks(titles):
    """The fixture's tasks plus the extra ones (deduplicated by task text), keeping only
    tasks whose every needed rule is among ``titles``; at least MIN_TASKS or an error."""
    tasks, seen = [], set()
    for task, needed in [*fixture.LABELLED_TASKS, *EXTRA_TASKS]:
        if task in seen or not set(needed) <= set(titles):
            continue
        seen.add(task)
        tasks.append((task, list(needed)))
    if len(tasks) < MIN_TASKS:
        raise SystemExit(f"only {len(tasks)} labelled tasks (at least {MIN_TASKS} wanted)")
    return tasks
