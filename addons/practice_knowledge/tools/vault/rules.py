# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hard rules: ``rules/*.md`` (front matter + sections, or the authors' plain form)."""

import re

from ..limits import shorten
from .common import (
    Entry,
    Key,
    VaultError,
    join_front_matter,
    join_sections,
    normalize_text,
    parse_date,
    read_keys,
    sectioned_entry,
    split_front_matter,
    write_keys,
)

SEVERITIES = ("low", "medium", "high", "critical")
RULE_STATUSES = ("active", "retired")
RULE_KEYS = (
    Key("title", required=True),
    Key("date", "date", required=True),
    Key("severity", "choice", choices=SEVERITIES, default="high", required=True),
    Key("status", "choice", choices=RULE_STATUSES, default="active", required=True),
    Key("modules", "str_list", sort=True),
    Key("runbooks", "int_list", sort=True),
)
RULE_SECTIONS = {"Rule": "rule", "Incident": "incident", "Root cause": "root_cause", "Fix": "fix"}
RUNBOOK_REF_RE = re.compile(r"\brunbook\s+(\d{1,4})\s*:\s*`?([\w.\-]+\.md)`?", re.IGNORECASE)
PLAIN_LABELS = {"incident": "incident", "root cause": "root_cause", "fix": "fix"}
PLAIN_LABEL_RE = re.compile(r"^(incident|root cause|fix)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
PLAIN_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*:\s*(.*)$", re.DOTALL)


def parse_rule(path, text):
    text = normalize_text(text)
    stripped = text.lstrip("\n")
    if stripped.lower().startswith("# hard rule"):
        return [parse_plain_rule(path, text)]
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, RULE_KEYS)
    return sectioned_entry("rule", path, data, lines, body, body_line, RULE_SECTIONS, "rule", "## Rule")


def _paragraphs(text, first_line):
    """``[(line, text)]`` of blank-line separated paragraphs."""
    result, buffer, start = [], [], None
    for offset, raw in enumerate(text.split("\n")):
        if raw.strip():
            if start is None:
                start = first_line + offset
            buffer.append(raw)
        elif buffer:
            result.append((start, "\n".join(buffer)))
            buffer, start = [], None
    if buffer:
        result.append((start, "\n".join(buffer)))
    return result


def parse_plain_rule(path, text):
    """The authors' form: ``# Hard rule``, ``YYYY-MM-DD: rule``, ``Incident:``/``Root cause:``/``Fix:``."""
    lines_list = text.split("\n")
    head = next(i for i, line in enumerate(lines_list) if line.strip())
    paragraphs = _paragraphs("\n".join(lines_list[head + 1 :]), head + 2)
    if not paragraphs:
        raise VaultError(path, head + 1, "hard rule has no 'YYYY-MM-DD: rule text' line")
    first_line, first = paragraphs[0]
    match = PLAIN_DATE_RE.match(first.strip())
    if not match:
        raise VaultError(path, first_line, "expected 'YYYY-MM-DD: rule text' after '# Hard rule'")
    date = parse_date(path, first_line, match.group(1), "date")
    data = {"rule": match.group(2).strip(), "incident": "", "root_cause": "", "fix": ""}
    lines = {"date": first_line, "rule": first_line}
    current = "rule"
    for line, para in paragraphs[1:]:
        label = PLAIN_LABEL_RE.match(para.strip())
        if label:
            current = PLAIN_LABELS[label.group(1).lower()]
            if data[current]:
                raise VaultError(path, line, f"'{label.group(1)}:' appears twice")
            data[current] = label.group(2).strip()
            lines[current] = line
        else:
            data[current] = (data[current] + "\n\n" + para.strip()).strip()
    if not data["rule"]:
        raise VaultError(path, first_line, "the hard rule text is empty")
    runbooks, runbook_lines = [], {}
    for line, para in paragraphs:
        for ref in RUNBOOK_REF_RE.finditer(para):
            number = int(ref.group(1))
            if not ref.group(2).startswith(f"{number:04d}"):
                raise VaultError(
                    path, line, f"runbook {number:04d} reference names the file {shorten(ref.group(2))}"
                )
            runbooks.append(number)
            runbook_lines.setdefault(number, line)
    sentence = re.split(r"(?<=[.!?])\s", data["rule"], maxsplit=1)[0].strip()
    title = sentence if len(sentence) <= 80 else sentence[:77].rstrip() + "..."
    data.update(
        {
            "title": title,
            "date": date,
            "severity": "high",
            "status": "active",
            "modules": [],
            "runbooks": sorted(set(runbooks)),
            "extra": {},
        }
    )
    lines["runbooks"] = min(runbook_lines.values()) if runbook_lines else 1
    lines["runbook_refs"] = runbook_lines
    return Entry("rule", path, "", data, 1, lines)


def serialize_rule(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, RULE_KEYS), join_sections(data, RULE_SECTIONS))
