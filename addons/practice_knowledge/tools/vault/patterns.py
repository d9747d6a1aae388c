# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pattern libraries: ``patterns/<library>.md`` (e.g. ``patterns/orm_library.md``), the weekly
review's promotion target in the daily-usage guide.

A library is an optional ``# Title`` line, then one ``## Pattern name`` section per pattern: its
text (markdown, kept as written) and, as its last paragraph, an optional
``**Application**: where it applies`` line. Canonical form: ``# <library>``, then each pattern
as its heading, one blank line, its text, the application paragraph, one blank line between
patterns; the file ends with one newline.
"""

import re

from ..limits import shorten
from .common import Entry, VaultError, normalize_text
from .sections import headed_sections

PATTERNS_PATH_RE = re.compile(r"^patterns/([^/]+)\.md$")
APPLICATION_RE = re.compile(r"\n\n\*\*Application\*\*\s*:\s*(?P<text>\S.*)$", re.DOTALL)


def parse_patterns(path, text):
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    sections = headed_sections(
        path,
        text,
        "text before the first '## Pattern name' heading",
        "no '## Pattern name' section in this library",
    )
    entries, bodies = [], {}
    for name, lineno, rows in sections:
        if not name:
            raise VaultError(path, lineno, "a pattern heading needs a name")
        if name in bodies:
            raise VaultError(path, lineno, f"pattern '{shorten(name)}' appears twice in this library")
        data = {"name": name, "summary": "", "application": "", "sequence": len(entries) + 1}
        entries.append(Entry("pattern", path, name, data, lineno, {"name": lineno}))
        bodies[name] = [raw for _lineno, raw in rows]
    for entry in entries:
        body = "\n".join(bodies[entry.key]).strip()
        match = APPLICATION_RE.search("\n\n" + body)
        if match:
            entry.data["application"] = match.group("text").strip()
            body = ("\n\n" + body)[: match.start()].strip()
        if not body:
            raise VaultError(path, entry.line, f"pattern '{shorten(entry.key)}' has no text")
        entry.data["summary"] = body
    return entries


def serialize_patterns(path, items):
    match = PATTERNS_PATH_RE.match(path)
    blocks = [f"# {match.group(1) if match else 'Patterns'}"]
    for data in sorted(items, key=lambda d: (d.get("sequence") or 0, d["name"])):
        block = f"## {data['name']}\n\n{data['summary'].strip()}"
        if data.get("application"):
            block += f"\n\n**Application**: {data['application'].strip()}"
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"
