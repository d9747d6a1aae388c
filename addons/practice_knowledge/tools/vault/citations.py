# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Daily citation notes: ``citations/YYYY-MM-DD.md``, ``## Name`` sections of ``- **Label**: value`` lines."""

import re

from ..limits import excerpt, shorten
from .common import Entry, VaultError, normalize_text, parse_date, parse_whole_number

CITATION_FIELDS = {
    "link": "Link",
    "takeaway": "Takeaway",
    "application": "Application",
    "score": "Quality Score",
    "date_added": "Date Added",
}
CITATION_REQUIRED = ("link", "takeaway", "score")
SCORE_MIN, SCORE_MAX = 60, 100
CITATION_PATH_RE = re.compile(r"^citations/(\d{4}-\d{2}-\d{2})\.md$")
BULLET_RE = re.compile(r"^-\s+\*\*(.+?)\*\*\s*:\s?(.*)$")


def parse_citations(path, text):
    """A daily note: ``## Name`` sections of ``- **Label**: value`` lines."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    match = CITATION_PATH_RE.match(path)
    if not match:
        raise VaultError(path, 1, "a citations note is named citations/YYYY-MM-DD.md")
    note_date = parse_date(path, 1, match.group(1), "file name")
    labels = {label.lower(): name for name, label in CITATION_FIELDS.items()}
    entries, current, last = [], None, None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if raw.startswith("## "):
            name = raw[3:].strip()
            if not name:
                raise VaultError(path, lineno, "a citation heading needs a name")
            if any(e.key == name for e in entries):
                raise VaultError(path, lineno, f"citation '{shorten(name)}' appears twice in this note")
            current = Entry("citation", path, name, {"name": name, "extra": {}}, lineno, {})
            entries.append(current)
            last = None
            continue
        if not stripped or (current is None and raw.startswith("# ")):
            continue
        if current is None:
            raise VaultError(path, lineno, "text before the first '## Name' citation heading")
        bullet = BULLET_RE.match(raw)
        if bullet:
            label, value = bullet.group(1).strip(), bullet.group(2).strip()
            name = labels.get(label.lower())
            target = current.data if name else current.data["extra"]
            key = name or label
            if key in target:
                raise VaultError(
                    path, lineno, f"'{shorten(label)}' appears twice in citation '{shorten(current.key)}'"
                )
            target[key] = value
            current.lines[key] = lineno
            last = (target, key)
        elif raw.startswith("  ") and last:
            target, key = last
            target[key] = (target[key] + "\n" + stripped).strip()
        else:
            raise VaultError(path, lineno, f"expected a '- **Label**: value' line, got {stripped[:40]!r}")
    if not entries:
        raise VaultError(path, 1, "no '## Name' citation in this note")
    for seq, entry in enumerate(entries, start=1):
        data = entry.data
        for name in CITATION_REQUIRED:
            if not data.get(name):
                raise VaultError(
                    path, entry.line, f"citation '{shorten(entry.key)}': missing '{CITATION_FIELDS[name]}'"
                )
        score_line = entry.lines["score"]
        score = parse_whole_number(str(data["score"]).split("/")[0])
        if score is None:
            raise VaultError(
                path, score_line, f"quality score must be a whole number, got {excerpt(data['score'])}"
            )
        data["score"] = score
        if not SCORE_MIN <= data["score"] <= SCORE_MAX:
            raise VaultError(
                path,
                score_line,
                f"quality score {data['score']} out of range {SCORE_MIN}-{SCORE_MAX}",
            )
        data["date_added"] = parse_date(
            path, entry.lines.get("date_added", entry.line), data.get("date_added") or note_date, "Date Added"
        )
        data.setdefault("application", "")
        data["sequence"] = seq
        data["note_date"] = note_date
    return entries


def serialize_citations(path, items):
    match = CITATION_PATH_RE.match(path)
    lines = [f"# Citations {match.group(1) if match else ''}".rstrip(), ""]
    for data in sorted(items, key=lambda d: (d.get("sequence") or 0, d["name"])):
        lines += [f"## {data['name']}", ""]
        values = [(label, data.get(name)) for name, label in CITATION_FIELDS.items()]
        values += sorted((data.get("extra") or {}).items())
        for label, value in values:
            if value in (None, ""):
                continue
            text = str(value).replace("\n", "\n  ")
            lines.append(f"- **{label}**: {text}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
