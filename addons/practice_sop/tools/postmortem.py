# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Post-mortems of SOP runs: ``postmortems/YYYY-MM-DD-<code>.md`` in the knowledge vault.

Plain Python (no ORM). :func:`build` turns a run (a plain dict the model assembles) into the
post-mortem's data; :func:`parse` / :func:`serialize` are the vault kind ``postmortem`` (front
matter + ``## Section`` blocks, the YAML dialect and section helpers of the other kinds in
``practice_knowledge/tools/vault``). A hand-edited file (other blank lines, another file end)
keeps its bytes through the vault's ``vault_source`` (see ``practice_knowledge/tools/vault/files.py``).

Canonical file::

    ---
    title: Deploy failed, DB timeout
    date: '2026-12-08'
    run: 12
    code: db-connection-leak
    sop: SOP-TRIAGE-001
    severity: critical
    state: completed
    sla: met
    ...
    ---

    ## Summary
    ...
    ## Timeline
    ## 5 Whys
    ## Root cause
    ## Fix
    ## Preventive actions
    ## Links
"""

import re

from odoo.addons.practice_knowledge.tools.vault.common import (
    Key,
    VaultError,
    join_front_matter,
    join_sections,
    read_keys,
    sectioned_entry,
    slugify,
    split_front_matter,
    write_keys,
)

KIND = "postmortem"
FOLDER = "postmortems"
PATTERN = r"postmortems/[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9][a-z0-9-]*\.md"
PATH_RE = re.compile(r"^postmortems/(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<code>[a-z0-9][a-z0-9-]*)\.md$")

SEVERITIES = ("critical", "high", "medium", "low")
RUN_STATES = ("completed", "aborted")
SLA_STATES = ("met", "missed", "running")
MEASURE_MARKS = {"done": "x"}  # any other state is an open box

KEYS = (
    Key("title", required=True),
    Key("date", "date", required=True),
    Key("run", "int", required=True),
    Key("code", required=True),
    Key("sop"),
    Key("severity", "choice", choices=SEVERITIES, required=True),
    Key("state", "choice", choices=RUN_STATES, required=True),
    Key("sla", "choice", choices=SLA_STATES),
    Key("duration", "int"),
    Key("category"),
    Key("error_codes", "str_list"),
    Key("rule", "int"),
)
SECTIONS = {
    "Summary": "summary",
    "Timeline": "timeline",
    "5 Whys": "whys",
    "Root cause": "root_cause",
    "Fix": "fix",
    "Preventive actions": "actions",
    "Links": "links",
}
TEXT_FIELDS = tuple(SECTIONS.values())
_HEADING_RE = re.compile(r"^(\s*)(#)")


class PostmortemError(ValueError):
    """The run cannot give a post-mortem (the message says why)."""


# --------------------------------------------------------------------------- vault kind


def parse(path, text):
    """``[Entry]`` of one post-mortem file; raises :class:`VaultError`."""
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, KEYS)
    if data["run"] < 1:
        raise VaultError(path, lines["run"], "run must be the id of an SOP run (1 or more)")
    match = PATH_RE.match(path)
    if match and match.group("date") != data["date"]:
        raise VaultError(
            path,
            lines["date"],
            f"date {data['date']} does not match the file name (which says {match.group('date')})",
        )
    return sectioned_entry(KIND, path, data, lines, body, body_line, SECTIONS, "timeline", "## Timeline")


def serialize(path, items):
    """The canonical file of one post-mortem's data."""
    (data,) = items
    return join_front_matter(write_keys(data, KEYS), join_sections(data, SECTIONS))


def path_for(day, code):
    """``postmortems/YYYY-MM-DD-<code>.md`` (``day``: ``YYYY-MM-DD``; ``code`` slugged)."""
    return f"{FOLDER}/{day}-{code_slug(code)}.md"


def code_slug(code):
    """An error code or an SOP code as the file name's slug: ``DB_LEAK`` → ``db-leak``."""
    return slugify(code or "", default="incident")


# --------------------------------------------------------------------------- build


def _one_line(text):
    return " ".join(str(text or "").split())


def _block(text):
    """Free text of a section: stripped, and no line that reads as a ``## Section`` heading
    (a leading ``#`` is escaped), so the file parses back to the same sections."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "\n".join(_HEADING_RE.sub(r"\1\\\2", line) for line in lines).strip()


def _when(value):
    return f"{value} UTC" if value else "(no time)"


def timeline(info):
    """Markdown bullet lines: the start, every step (when, who, state, result), the end."""
    lines = []
    if info.get("started_at"):
        due = f", SLA due {_when(info['due_at'])}" if info.get("due_at") else ""
        lines.append(f"- {_when(info['started_at'])}: run started ({info.get('severity') or '-'}{due})")
    for step in info.get("steps") or []:
        head = f"step {step['sequence']} {_one_line(step['title'])}"
        if step.get("state") in ("completed", "skipped"):
            who = f" by {_one_line(step['who'])}" if step.get("who") else ""
            text = _one_line(step.get("result") if step["state"] == "completed" else step.get("reason"))
            files = f" [evidence: {', '.join(step['files'])}]" if step.get("files") else ""
            detail = f": {text}" if text else ""
            lines.append(f"- {_when(step.get('done_at'))}: {head} {step['state']}{who}{detail}{files}")
        else:
            lines.append(f"- {head}: not done ({step.get('state') or 'pending'})")
    if info.get("ended_at"):
        reason = f": {_one_line(info['abort_reason'])}" if info.get("abort_reason") else ""
        lines.append(f"- {_when(info['ended_at'])}: run {info.get('state')}{reason}")
    return "\n".join(lines)


def whys_block(pairs):
    """``1. Why ...? → because ...`` lines of the 5 Whys."""
    return "\n".join(
        f"{index}. {_one_line(pair['why'])} → {_one_line(pair['because'])}"
        for index, pair in enumerate(pairs or [], start=1)
    )


def actions_block(measures):
    """A checklist of the preventive measures: owner, due date and state of each."""
    lines = []
    for measure in measures or []:
        mark = MEASURE_MARKS.get(measure.get("state"), " ")
        owner = measure.get("owner") or "-"
        lines.append(
            f"- [{mark}] {_one_line(measure['summary'])} (owner: {owner}, due: {measure.get('due') or '-'}, "
            f"state: {measure.get('state') or 'planned'})"
        )
    return "\n".join(lines)


def summary_block(info):
    parts = [f"{_one_line(info['title'])}."]
    what = [f"severity {info['severity']}"]
    if info.get("category"):
        what.append(f"category {info['category']}")
    if info.get("error_codes"):
        what.append(f"error codes {', '.join(info['error_codes'])}")
    parts.append(f"SOP {info.get('sop') or '-'} run #{info['run_id']}, {', '.join(what)}.")
    if info.get("state") == "aborted":
        parts.append(f"Aborted after {info.get('duration') or 0} min.")
    else:
        parts.append(f"Resolved in {info.get('duration') or 0} min.")
    if info.get("sla"):
        verdict = {"met": "met", "missed": "missed", "running": "not closed"}.get(info["sla"], info["sla"])
        parts.append(f"SLA {info.get('sla_minutes') or 0} min: {verdict}.")
    return " ".join(parts)


def links_block(info):
    lines = [f"- SOP run #{info['run_id']} ({info.get('sop') or '-'})"]
    rule = info.get("rule")
    if rule:
        lines.append(f"- Hard rule #{rule['id']} ({rule['status']}): {_one_line(rule['title'])}")
    for link in info.get("links") or []:
        lines.append(f"- {_one_line(link)}")
    return "\n".join(lines)


def build(info):
    """The post-mortem data of a finished run described by ``info`` (a plain dict: ``run_id``,
    ``title``, ``date``, ``sop``, ``severity``, ``state``, ``sla``, ``sla_minutes``,
    ``duration``, ``category``, ``error_codes``, ``started_at``, ``due_at``, ``ended_at``,
    ``abort_reason``, ``steps`` [{sequence, title, state, done_at, who, result, reason,
    files}], ``whys`` [{why, because}], ``root_cause``, ``resolution``, ``fix_steps``,
    ``measures`` [{summary, owner, due, state}], ``rule`` {id, title, status} or None,
    ``links`` [text]). Raises :class:`PostmortemError` for a run not completed or aborted."""
    if info.get("state") not in RUN_STATES:
        raise PostmortemError(
            f"Run {info.get('run_id')} is {info.get('state')}: a post-mortem is written once it is "
            "completed or aborted."
        )
    codes = list(info.get("error_codes") or [])
    fix = _block(info.get("resolution")) or _block("\n".join(info.get("fix_steps") or []))
    return {
        "title": _one_line(info["title"]),
        "date": info["date"],
        "run": info["run_id"],
        "code": code_slug(codes[0] if codes else info.get("sop")),
        "sop": _one_line(info.get("sop")),
        "severity": info["severity"],
        "state": info["state"],
        "sla": info.get("sla") if info.get("sla") in SLA_STATES else "",
        "duration": int(info.get("duration") or 0),
        "category": _one_line(info.get("category")),
        "error_codes": list(dict.fromkeys(codes)),
        "rule": (info.get("rule") or {}).get("id") or 0,
        "summary": summary_block(info),
        "timeline": timeline(info),
        "whys": whys_block(info.get("whys")),
        "root_cause": _block(info.get("root_cause")),
        "fix": fix,
        "actions": actions_block(info.get("measures")),
        "links": links_block(info),
        "extra": {},
    }
