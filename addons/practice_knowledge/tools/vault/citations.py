# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Daily citation notes: ``citations/YYYY-MM-DD.md``, ``## Name`` sections of ``- **Label**: value`` lines."""

import re

from ..limits import excerpt, shorten
from .common import Entry, VaultError, normalize_text, parse_date, parse_whole_number

# BULLET_RE: the facade's name of the field line (tools/vault_format.py)
from .sections import BULLET_RE, headed_sections, read_fields, write_label  # noqa: F401

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


def parse_citations(path, text):
    """A daily note: ``## Name`` sections of ``- **Label**: value`` lines."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    match = CITATION_PATH_RE.match(path)
    if not match:
        raise VaultError(path, 1, "a citations note is named citations/YYYY-MM-DD.md")
    note_date = parse_date(path, 1, match.group(1), "file name")
    sections = headed_sections(
        path, text, "text before the first '## Name' citation heading", "no '## Name' citation in this note"
    )
    entries = []
    for name, lineno, rows in sections:
        if not name:
            raise VaultError(path, lineno, "a citation heading needs a name")
        if any(e.key == name for e in entries):
            raise VaultError(path, lineno, f"citation '{shorten(name)}' appears twice in this note")
        fields = read_fields(rows, CITATION_FIELDS)
        if fields.repeated is not None:
            raise VaultError(
                path,
                fields.stop[0],
                f"'{shorten(fields.repeated)}' appears twice in citation '{shorten(name)}'",
            )
        if fields.stop:
            stop_line, raw = fields.stop
            raise VaultError(
                path, stop_line, f"expected a '- **Label**: value' line, got {raw.strip()[:40]!r}"
            )
        data = {"name": name, "extra": fields.extra}
        data.update(fields.data)
        entries.append(Entry("citation", path, name, data, lineno, fields.lines))
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
            lines.append(write_label(label, value))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
