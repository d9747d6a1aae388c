# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Glossary: one term per ``glossary/<slug>.md``, or every term in ``glossary.md``."""

import csv
import io
import re

from ..limits import excerpt
from .common import (
    Entry,
    Key,
    VaultError,
    body_entry,
    join_front_matter,
    normalize_text,
    read_keys,
    split_front_matter,
    write_keys,
)

GLOSSARY_KEYS = (Key("term", required=True), Key("aliases", "str_list"))


GLOSSARY_FILE = "glossary.md"
# "Term: definition" lines of the compact single-file form (the term may be in bold).
TERM_LINE_RE = re.compile(r"^(?:\*\*(?P<bold>[^*]+)\*\*|(?P<plain>[^\s#*>|-][^:]*?))\s*:\s+(?P<text>\S.*)$")
ALIASES_RE = re.compile(r"^-\s+\*\*Aliases\*\*\s*:\s?(.*)$", re.IGNORECASE)


def parse_glossary(path, text):
    """One term per ``glossary/<slug>.md`` file, or every term of ``glossary.md``."""
    if path == GLOSSARY_FILE:
        return parse_glossary_file(path, text)
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, GLOSSARY_KEYS)
    return body_entry(
        "glossary", path, data, lines, body, body_line, "definition", "a glossary term needs its definition"
    )


def serialize_glossary(path, items):
    if path == GLOSSARY_FILE:
        return serialize_glossary_file(items)
    (data,) = items
    return join_front_matter(write_keys(data, GLOSSARY_KEYS), data["definition"])


def _glossary_entry(path, term, lineno):
    data = {"term": term, "aliases": [], "definition": "", "extra": {}}
    return Entry("glossary", path, term.lower(), data, lineno, {"term": lineno})


def parse_glossary_file(path, text):
    """``glossary.md``: ``## Term`` sections (an optional ``- **Aliases**: a, b`` line, then
    the definition), and/or ``Term: definition`` lines before the first section. Each term's
    key in the file is its lower-cased name."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    entries, bodies, current, compact = [], {}, None, None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if raw.startswith("## "):
            term = raw[3:].strip()
            if not term:
                raise VaultError(path, lineno, "a glossary heading needs the term")
            current, compact = _glossary_entry(path, term, lineno), None
            entries.append(current)
            bodies[id(current)] = []
            continue
        if current is not None:
            aliases = ALIASES_RE.match(raw)
            if aliases and not any(line.strip() for line in bodies[id(current)]):
                current.data["aliases"] = _split_aliases(aliases.group(1))
                current.lines["aliases"] = lineno
            else:
                bodies[id(current)].append(raw)
            continue
        if not stripped or raw.startswith("# "):
            compact = None if not stripped else compact
            continue
        match = TERM_LINE_RE.match(raw)
        if match:
            compact = _glossary_entry(path, (match.group("bold") or match.group("plain")).strip(), lineno)
            compact.data["definition"] = match.group("text").strip()
            entries.append(compact)
        elif raw.startswith("  ") and compact:
            compact.data["definition"] += "\n" + stripped
        else:
            raise VaultError(
                path,
                lineno,
                f"expected '## Term' sections or 'Term: definition' lines, got {stripped[:40]!r}",
            )
    for entry in entries:
        if id(entry) in bodies:
            entry.data["definition"] = "\n".join(bodies[id(entry)]).strip()
        entry.lines["definition"] = entry.line + 1
        if not entry.data["definition"]:
            raise VaultError(
                path, entry.line, f"glossary term {excerpt(entry.data['term'])} has no definition"
            )
    if not entries:
        raise VaultError(
            path, 1, "no term in glossary.md: use '## Term' sections or 'Term: definition' lines"
        )
    return entries


def _split_aliases(text):
    """``a, b, "c, d"`` → ``["a", "b", "c, d"]`` (CSV quoting for aliases holding a comma)."""
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [alias.strip() for alias in row if alias.strip()]


def _join_aliases(aliases):
    """Inverse of :func:`_split_aliases`: ``", "``-joined, CSV-quoted where needed."""
    quoted = []
    for alias in aliases:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([alias])
        quoted.append(buffer.getvalue())
    return ", ".join(quoted)


def serialize_glossary_file(items):
    lines = ["# Glossary", ""]
    for data in sorted(items, key=lambda d: (d["term"].lower(), d["term"])):
        lines += [f"## {data['term']}", ""]
        if data.get("aliases"):
            lines += ["- **Aliases**: " + _join_aliases(data["aliases"]), ""]
        lines += [data["definition"], ""]
    return "\n".join(lines).rstrip("\n") + "\n"
