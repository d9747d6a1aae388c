# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Daily notes of the daily-usage guide: ``notes/YYYY-MM-DD.md``.

The guide's template::

    # Daily Citations – 2025-11-14

    ## OCA Guidelines
    <!-- Patterns from OCA repos, maintainer notes -->

    ## ORM Patterns
    <!-- Field types, decorators, performance -->

    ### @api.depends with Related Fields
    - **Link**: https://...
    - **Takeaway**: ...
    - **Quality Score**: 90
    - **Date Added**: 2025-11-14

    ## Eval Failure Resolution
    - Scenario: 04_orm_compliance
    - Issue: N+1 query in computed field
    - Fix: Added read_group with limit parameter
    - Date: 2025-11-14

Blocks are ``## `` or ``### `` headings with the lines under them. A ``## `` heading holding
no ``- Label: value`` line (only HTML comments, or nothing) is a **category**; ``### `` entries
under it have it as their category (a ``### `` heading under an entry is part of that entry). An entry holding ``Link``, ``Takeaway`` and ``Quality Score``
labels, bold (``- **Link**: …``) or plain (``- Link: …``) and nothing else, is a **citation**;
any other entry (a module pattern: Pattern/Takeaway/Application/Date; an eval failure
resolution: Scenario/Issue/Fix/Date) is a **note**, kept as written (its fields:
:func:`note_fields`). Each block becomes one entry (``entry_type`` category/citation/note) in
file order (``sequence``).

Canonical form (the guide's own layout, so its files export byte for byte): the title
``# Daily Citations – DATE``, then every block as its heading and its lines followed by one
blank line; citations write ``Link, Takeaway, Application, Quality Score, Date Added`` then
unknown labels (sorted), in the entry's label style.
"""

import re

from ..limits import excerpt
from .citations import CITATION_FIELDS, SCORE_MAX, SCORE_MIN
from .common import Entry, VaultError, normalize_text, parse_date, parse_whole_number
from .sections import CONTINUATION, label_line, read_fields, write_label

NOTES_PATH_RE = re.compile(r"^notes/(\d{4}-\d{2}-\d{2})\.md$")
NOTE_TITLE = "Daily Citations"
HEADING_RE = re.compile(r"^(#{2,3})\s+(.+?)\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
CITATION_NEEDS = ("link", "takeaway", "score")
ENTRY_TYPES = ("category", "citation", "note")


def note_fields(body):
    """``[(label, value)]`` of a note's ``- Label: value`` lines (indented lines continue a value)."""
    fields = []
    for raw in (body or "").split("\n"):
        found = label_line(raw, guide=True)
        if found:
            fields.append([found[1], found[2]])
        elif raw.startswith(CONTINUATION) and fields:
            fields[-1][1] = (fields[-1][1] + "\n" + raw.strip()).strip()
    return [tuple(pair) for pair in fields]


def _blocks(path, lines):
    """``[(level, name, line, [(lineno, raw)])]``; text before the first heading must be the
    title, blank lines or HTML comments."""
    blocks, head, parent = [], [], None
    for lineno, raw in enumerate(lines, start=1):
        match = HEADING_RE.match(raw)
        level = len(match.group(1)) if match else 0
        if level == 3 and not (parent and _is_category(parent[3])):
            match = None  # a '### ' heading outside a category is text of the entry above it
        if match:
            blocks.append((level, match.group(2), lineno, []))
            if level == 2:
                parent = blocks[-1]
        elif blocks:
            blocks[-1][3].append((lineno, raw))
        else:
            head.append((lineno, raw))
    text = "\n".join(raw for _lineno, raw in head if not raw.startswith("# "))
    rest = COMMENT_RE.sub("", text).strip()
    if rest:
        lineno = next(n for n, raw in head if raw.strip() and not raw.startswith("# "))
        raise VaultError(
            path, lineno, "text before the first '## ' heading: only the '# ' title may be there"
        )
    return blocks


def _is_category(body):
    """A ``## `` block is a category when it holds no label line and nothing but HTML comments."""
    return (
        not any(label_line(raw, guide=True) for _n, raw in body)
        and not COMMENT_RE.sub("", _trim(body)).strip()
    )


def _trim(body):
    """The body's lines without leading and trailing blank lines."""
    rows = [raw for _lineno, raw in body]
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    return "\n".join(rows)


def _as_citation(path, name, body):
    """``(data, lines)`` when the block is a citation (see the module docstring), else None."""
    fields = read_fields(body, CITATION_FIELDS, guide=True)
    if fields.stop:
        return None  # a repeated label or another line: kept as a note, as written
    data, extra, lines, styles = fields.data, fields.extra, fields.lines, fields.styles
    if len(styles) != 1 or not all(data.get(key) for key in CITATION_NEEDS):
        return None
    score = parse_whole_number(str(data["score"]).split("/")[0])
    if score is None:
        raise VaultError(
            path, lines["score"], f"quality score must be a whole number, got {excerpt(data['score'])}"
        )
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise VaultError(path, lines["score"], f"quality score {score} out of range {SCORE_MIN}-{SCORE_MAX}")
    data["score"] = score
    data["extra"] = extra
    data["label_style"] = styles.pop()
    return data, lines


def parse_notes(path, text):
    """A daily note → one :class:`Entry` per category, citation and note (see the module docstring)."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    match = NOTES_PATH_RE.match(path)
    if not match:
        raise VaultError(path, 1, "a daily note is named notes/YYYY-MM-DD.md")
    note_date = parse_date(path, 1, match.group(1), "file name")
    entries, keys, category = [], set(), ""
    for seq, (level, name, lineno, body) in enumerate(_blocks(path, text.split("\n")), start=1):
        if not name.strip("# "):
            raise VaultError(path, lineno, "a heading needs a name")
        data = {
            "name": name,
            "entry_type": "note",
            "category": "",
            "sequence": seq,
            "note_date": note_date,
            "label_style": "",
            "body": "",
            "link": "",
            "takeaway": "",
            "application": "",
            "score": 0,
            "date_added": "",
            "extra": {},
        }
        lines = {"name": lineno}
        if level == 2 and _is_category(body):
            data.update(entry_type="category", body=_trim(body))
            key, category = f"## {name}", name
        else:
            data["category"] = category if level == 3 else ""
            if level == 2:
                category = ""
            citation = _as_citation(path, name, body)
            if citation:
                values, label_lines = citation
                data.update(values, entry_type="citation")
                data.setdefault("application", "")
                lines.update(label_lines)
                data["date_added"] = parse_date(
                    path, lines.get("date_added", lineno), data.get("date_added") or note_date, "Date Added"
                )
            else:
                data["body"] = _trim(body)
            key = name
            count = 2
            while key in keys:
                key, count = f"{name} ({count})", count + 1
        keys.add(key)
        entries.append(Entry("note", path, key, data, lineno, lines))
    if not entries:
        raise VaultError(path, 1, "no '## ' heading in this daily note")
    return entries


def _citation_lines(data):
    plain = data.get("label_style") == "plain"
    values = [(label, data.get(name)) for name, label in CITATION_FIELDS.items()]
    values += sorted((data.get("extra") or {}).items())
    return [write_label(label, value, plain) for label, value in values if value not in (None, "")]


def serialize_notes(path, items):
    match = NOTES_PATH_RE.match(path)
    lines = [f"# {NOTE_TITLE} – {match.group(1) if match else ''}".rstrip(" –"), ""]
    for data in sorted(items, key=lambda d: (d.get("sequence") or 0, d["name"])):
        kind = data.get("entry_type")
        level = "###" if kind != "category" and data.get("category") else "##"
        lines.append(f"{level} {data['name']}")
        body = _citation_lines(data) if kind == "citation" else [data.get("body") or ""]
        lines += [row for row in body if row]
        lines.append("")
    return "\n".join(lines) + "\n"
