"""Vault files of practice_memory: ``sessions/YYYY-MM-DD-<id>.md`` and ``memory/MEMORY.md``.

Plain Python (no ORM), built on practice_knowledge's ``tools/vault_format`` (front matter,
YAML dialect, :class:`VaultError` with path and line, :class:`Entry`).

Session log — one finished session a file, the path is its stable key::

    ---
    session_id: build-foundation
    title: Foundation of the suite
    modules:
    - practice_base
    model_name: claude-x
    outcome: success
    started_at: 2026-11-21 08:00:00        (UTC, the path's date is this date)
    ended_at: 2026-11-21 10:30:00
    tokens: 1200000
    cost: 18.5
    user: admin                            (owner's login; missing: the owner, or the importer;
                                           naming anyone else: Practice Managers only)
    <unknown keys, sorted>
    ---

    ## Summary

    What the session concluded (markdown).

    ## Timeline

    - 2026-11-21 08:05:00 **tried**: first line of the note
      further lines indented by two spaces

Memory index — every memory of the repository, one ``## <topic>`` section each (a memory
missing from an imported file is left as it is; only a pruning import archives it)::

    # Memory

    ## pytest-odoo runs against an installed database

    - **Key**: pytest-odoo-installed-db      (stable id, unique in the file)
    - **Date**: 2026-11-21
    - **First seen**: 2026-11-19             (only when it differs from Date)
    - **Seen**: 3
    - **Status**: active                     (active, superseded, archived)
    - **Promotion**: accepted                (only when not 'none')
    - **Superseded by**: other-key           (only for superseded memories)
    - **Modules**: practice_base, practice_memory
    - **Expires on**: 2027-03-01             (optional: not in the context bundle after it)
    - **<Unknown label>**: kept as is

    The summary paragraph(s).

Canonical order of memories: active, superseded, archived; curated (accepted) first; most
seen; newest; then by key. Lines of a summary that start with ``## `` (after any
backslashes) are written with one more leading backslash, so they cannot end a section.
"""

import datetime
import re

from odoo.addons.practice_knowledge.tools import vault_format as vf
from odoo.addons.practice_knowledge.tools.vault.sections import headed_sections, read_fields, write_label
from odoo.addons.practice_knowledge.tools.vault_format import Entry, Key, VaultError

SESSION_KIND = "session"
MEMORY_KIND = "memory"
MEMORY_PATH = "memory/MEMORY.md"
SESSION_PATTERN = r"sessions/[^/]+\.md"
MEMORY_PATTERN = r"memory/MEMORY\.md"

OUTCOMES = ("success", "partial", "failed", "abandoned")
ENTRY_KINDS = ("tried", "worked", "failed", "decision", "note")
MEMORY_STATUSES = ("active", "superseded", "archived")
PROMOTIONS = ("none", "proposed", "accepted", "dismissed")

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:Z|\+00:?00)?$")
SESSION_PATH_RE = re.compile(r"^sessions/(\d{4}-\d{2}-\d{2})-[a-z0-9][a-z0-9._-]*\.md$")
MEMORY_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ESCAPED_HEADING_RE = re.compile(r"^(\\*)(##(?:\s|$))")
_SLUG_RE = re.compile(r"[^a-z0-9]+")

SESSION_KEYS = (
    Key("session_id", required=True),
    Key("title", required=True),
    Key("modules", "str_list", sort=True),
    Key("model_name"),
    Key("outcome", "choice", choices=OUTCOMES, required=True),
    Key("started_at", required=True),
    Key("ended_at", required=True),
    Key("tokens", "int"),
    Key("cost"),
    Key("user"),
)
SESSION_SECTIONS = {"Summary": "summary", "Timeline": "timeline"}
TIMELINE_RE = re.compile(r"^- (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) \*\*([A-Za-z_]+)\*\*:(?: (.*))?$")


# --------------------------------------------------------------------------- text helpers


def normalize_block(text):
    """Canonical multi-line text: ``\\n`` line ends, no trailing spaces, no blank edges."""
    lines = [line.rstrip() for line in vf.normalize_text(text or "").split("\n")]
    return "\n".join(lines).strip("\n")


def one_line(text):
    return " ".join((text or "").split())


def escape_headings(text):
    """``## x`` → ``\\## x`` (one more backslash), so a text cannot open a section."""
    return "\n".join(_ESCAPED_HEADING_RE.sub(r"\\\1\2", line) for line in text.split("\n"))


def unescape_headings(text):
    return "\n".join(
        _ESCAPED_HEADING_RE.sub(lambda m: m.group(1)[1:] + m.group(2), line)
        if line.startswith("\\")
        else line
        for line in text.split("\n")
    )


def parse_datetime(path, line, value, label):
    """``YYYY-MM-DD HH:MM[:SS]`` (``T``/``Z`` accepted, UTC) → canonical ``YYYY-MM-DD HH:MM:SS``."""
    text = str(value).strip() if value is not None else ""
    match = DATETIME_RE.match(text)
    if not match:
        raise VaultError(path, line, f"bad date-time for '{label}': {value!r} (use YYYY-MM-DD HH:MM:SS, UTC)")
    canonical = f"{match.group(1)} {match.group(2)}{match.group(3) or ':00'}"
    try:
        datetime.datetime.strptime(canonical, DATETIME_FORMAT)
    except ValueError as err:
        raise VaultError(path, line, f"bad date-time for '{label}': {text} ({err})") from err
    return canonical


def parse_cost(path, line, value):
    if value in (None, ""):
        return 0.0
    if isinstance(value, bool):
        raise VaultError(path, line, f"'cost' must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise VaultError(path, line, f"'cost' must be a number, got {value!r}") from err
    if number != number or number < 0 or number in (float("inf"), float("-inf")):
        raise VaultError(path, line, f"'cost' must be a positive number, got {value!r}")
    return round(number, 4)


def session_path(day, session_id):
    """``sessions/YYYY-MM-DD-<slug of the session id>.md``."""
    slug = _SLUG_RE.sub("-", (session_id or "").lower()).strip("-")[:60].rstrip("-") or "session"
    return f"sessions/{day}-{slug}.md"


def memory_key(topic, taken=()):
    """A readable stable key for a new memory: the topic's slug, made unique with -2, -3..."""
    base = _SLUG_RE.sub("-", (topic or "").lower()).strip("-")[:48].rstrip("-") or "memory"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


# --------------------------------------------------------------------------- sessions


def parse_session(path, text):
    """One session log file → ``[Entry]`` (key ""); raises VaultError."""
    match = SESSION_PATH_RE.match(path)
    if not match:
        raise VaultError(
            path, 1, "a session log is named sessions/YYYY-MM-DD-<session-id>.md (lower case, digits, '-')"
        )
    vf.parse_date(path, 1, match.group(1), "file name")
    meta, key_lines, body, body_line = vf.split_front_matter(path, text)
    data, lines = vf.read_keys(path, meta, key_lines, SESSION_KEYS)
    if data["tokens"] < 0:
        raise VaultError(path, lines["tokens"], "'tokens' cannot be negative")
    data["cost"] = parse_cost(path, lines["cost"], meta.get("cost"))
    for name in ("started_at", "ended_at"):
        data[name] = parse_datetime(path, lines[name], data[name], name)
    if data["ended_at"] < data["started_at"]:
        raise VaultError(path, lines["ended_at"], "'ended_at' is before 'started_at'")
    if data["started_at"][:10] != match.group(1):
        raise VaultError(
            path,
            lines["started_at"],
            f"started_at {data['started_at']} is not on the file name's date {match.group(1)}",
        )
    sections, section_lines = vf.split_sections(path, body, body_line, SESSION_SECTIONS)
    lines.update(section_lines)
    data["summary"] = unescape_headings(normalize_block(sections["summary"]))
    timeline_line = section_lines.get("timeline", body_line)
    data["entries"] = parse_timeline(path, sections["timeline"], body, body_line, timeline_line)
    return [Entry(SESSION_KIND, path, "", data, 1, lines)]


def parse_timeline(path, text, body, body_line, heading_line):
    """``- <timestamp> **<kind>**: text`` items (continuation lines indented by two spaces)."""
    if not text.strip():
        return []
    # split_sections stripped the block: its first line follows the heading and blank lines
    body_lines = body.split("\n")
    start = heading_line + 1
    while start - body_line < len(body_lines) and not body_lines[start - body_line].strip():
        start += 1
    entries, current, pending_blank = [], None, 0
    for offset, raw in enumerate(text.split("\n")):
        lineno = start + offset
        item = TIMELINE_RE.match(raw)
        if item:
            stamp, kind, first_text = item.group(1), item.group(2).lower(), item.group(3) or ""
            if kind not in ENTRY_KINDS:
                raise VaultError(
                    path, lineno, f"unknown entry kind {kind!r}: use one of {', '.join(ENTRY_KINDS)}"
                )
            stamp = parse_datetime(path, lineno, stamp, "timeline")
            if entries and stamp < entries[-1]["timestamp"]:
                raise VaultError(
                    path, lineno, f"timeline out of order: {stamp} comes after {entries[-1]['timestamp']}"
                )
            current = {"kind": kind, "timestamp": stamp, "text": first_text, "line": lineno}
            entries.append(current)
            pending_blank = 0
        elif not raw.strip():
            pending_blank += 1
        elif raw.startswith("  ") and current is not None:
            current["text"] += "\n" * (pending_blank + 1) + raw[2:]
            pending_blank = 0
        else:
            raise VaultError(
                path,
                lineno,
                "expected a timeline item '- YYYY-MM-DD HH:MM:SS **kind**: text' "
                f"(or a line indented by two spaces), got {raw.strip()[:40]!r}",
            )
    result = []
    for entry in entries:
        body_text = normalize_block(entry["text"])
        if not body_text:
            raise VaultError(path, entry["line"], "a timeline item needs some text")
        result.append({"kind": entry["kind"], "timestamp": entry["timestamp"], "text": body_text})
    return result


def serialize_timeline(entries):
    lines = []
    for entry in entries:
        text_lines = normalize_block(entry["text"]).split("\n")
        lines.append(f"- {entry['timestamp']} **{entry['kind']}**: {text_lines[0]}".rstrip())
        lines += [f"  {line}" if line else "" for line in text_lines[1:]]
    return "\n".join(lines)


def serialize_session(path, items):
    (data,) = items
    meta = vf.write_keys(data, SESSION_KEYS)
    blocks = []
    if data.get("summary"):
        blocks.append("## Summary\n\n" + escape_headings(normalize_block(data["summary"])))
    if data.get("entries"):
        blocks.append("## Timeline\n\n" + serialize_timeline(data["entries"]))
    return vf.join_front_matter(meta, "\n\n".join(blocks))


# --------------------------------------------------------------------------- memory index

MEMORY_TITLE = "# Memory"
MEMORY_FIELDS = {
    "key": "Key",
    "date": "Date",
    "first_seen": "First seen",
    "times_seen": "Seen",
    "status": "Status",
    "promotion": "Promotion",
    "superseded_by": "Superseded by",
    "modules": "Modules",
    "expires_on": "Expires on",
}
MEMORY_REQUIRED = ("key", "date")


def _memory_value(path, lineno, name, value):
    value = value.strip()
    if name in ("date", "first_seen", "expires_on"):
        return vf.parse_date(path, lineno, value, MEMORY_FIELDS[name])
    if name == "key":
        if not MEMORY_KEY_RE.match(value):
            raise VaultError(
                path, lineno, f"bad memory key {value!r}: use 1-64 lower-case letters, digits and '-'"
            )
        return value
    if name == "superseded_by":
        return _memory_value(path, lineno, "key", value)
    if name == "times_seen":
        number = vf.parse_whole_number(value)
        if number is None or number < 1:
            raise VaultError(
                path, lineno, f"'Seen' must be a whole number of at least 1, got {vf.excerpt(value)}"
            )
        return number
    if name == "status":
        if value.lower() not in MEMORY_STATUSES:
            raise VaultError(
                path, lineno, f"unknown status {value!r}: use one of {', '.join(MEMORY_STATUSES)}"
            )
        return value.lower()
    if name == "promotion":
        if value.lower() not in PROMOTIONS:
            raise VaultError(path, lineno, f"unknown promotion {value!r}: use one of {', '.join(PROMOTIONS)}")
        return value.lower()
    if name == "modules":
        names = [n.strip() for n in value.split(",") if n.strip()]
        return sorted(dict.fromkeys(names))
    return value


def parse_memory(path, text):
    """``memory/MEMORY.md`` → one Entry per ``## <topic>`` section, keyed by its ``Key``."""
    text = vf.normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    sections = headed_sections(
        path,
        text,
        "text before the first '## <topic>' memory heading",
        "no '## <topic>' memory in this file",
    )
    entries = []

    def convert(name, line, value):
        return _memory_value(path, line, name, value)

    for heading, lineno, rows in sections:
        topic = one_line(heading)
        if not topic:
            raise VaultError(path, lineno, "a memory heading needs a topic")
        # the field block is the section's first paragraph: the summary starts after it
        fields = read_fields(rows, MEMORY_FIELDS, paragraph=True, convert=convert)
        if fields.repeated is not None:
            raise VaultError(path, fields.stop[0], f"'{fields.repeated}' appears twice in memory {topic!r}")
        data = {"topic": topic, "extra": fields.extra}
        data.update(fields.data)
        lines = {"topic": lineno}
        lines.update(fields.lines)
        summary = [raw for _lineno, raw in fields.rest]
        first = next((n for n, raw in fields.rest if raw.strip()), None)
        if first is not None and "summary" not in lines:
            lines["summary"] = first
        data["summary"] = unescape_headings(normalize_block("\n".join(summary)))
        entries.append(Entry(MEMORY_KIND, path, "", data, lineno, lines))
    seen = {}
    for entry in entries:
        data = entry.data
        for name in MEMORY_REQUIRED:
            if name not in data:
                raise VaultError(
                    path, entry.line, f"memory {data['topic']!r}: missing '- **{MEMORY_FIELDS[name]}**:' line"
                )
        if not data["summary"]:
            raise VaultError(path, entry.line, f"memory {data['topic']!r}: missing its summary paragraph")
        entry.key = data["key"]
        if entry.key in seen:
            raise VaultError(
                path,
                entry.line_of("key"),
                f"duplicate memory key {entry.key!r} (also at line {seen[entry.key].line_of('key')})",
            )
        seen[entry.key] = entry
        data.setdefault("first_seen", data["date"])
        data.setdefault("times_seen", 1)
        data.setdefault("status", "active")
        data.setdefault("promotion", "none")
        data.setdefault("superseded_by", "")
        data.setdefault("modules", [])
        data.setdefault("expires_on", "")
        if data["first_seen"] > data["date"]:
            raise VaultError(path, entry.line_of("first_seen"), "'First seen' is after 'Date'")
        if data["status"] == "superseded" and not data["superseded_by"]:
            raise VaultError(
                path,
                entry.line_of("status"),
                f"memory {entry.key!r} is superseded: say by which ('Superseded by')",
            )
        if data["superseded_by"] and data["status"] != "superseded":
            raise VaultError(
                path, entry.line_of("superseded_by"), "'Superseded by' needs 'Status: superseded'"
            )
        if data["superseded_by"] == entry.key:
            raise VaultError(path, entry.line_of("superseded_by"), "a memory cannot supersede itself")
    return entries


def memory_order(data):
    return (
        MEMORY_STATUSES.index(data["status"]),
        0 if data.get("promotion") == "accepted" else 1,
        -int(data.get("times_seen") or 1),
        tuple(-int(part) for part in data["date"].split("-")),
        data["key"],
    )


def serialize_memory(path, items):
    lines = [MEMORY_TITLE, ""]
    for data in sorted(items, key=memory_order):
        lines += [f"## {one_line(data['topic'])}", ""]
        values = {
            "key": data["key"],
            "date": data["date"],
            "first_seen": data["first_seen"] if data.get("first_seen") != data["date"] else "",
            "times_seen": data.get("times_seen") or 1,
            "status": data["status"],
            "promotion": "" if data.get("promotion") in (None, "", "none") else data["promotion"],
            "superseded_by": data.get("superseded_by") or "",
            "modules": ", ".join(data.get("modules") or []),
            "expires_on": data.get("expires_on") or "",
        }
        for name, label in MEMORY_FIELDS.items():
            if values[name] not in (None, ""):
                lines.append(write_label(label, values[name]))
        for label, value in sorted((data.get("extra") or {}).items()):
            lines.append(write_label(label, value).rstrip())
        lines += ["", escape_headings(normalize_block(data["summary"])), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
