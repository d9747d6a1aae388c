# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Headed-bullets Markdown, the one reader and writer of every kind written that way (daily
citations, daily notes, pattern libraries, practice_memory's ``memory/MEMORY.md``)::

    # Title                          (optional; blank lines too)

    ## Heading                       (one section per heading)

    - **Label**: value               (a field; ``- Label: value`` in the guide's daily notes)
      a further line of the value    (indented by two spaces)

:func:`headed_sections` splits a text into its ``## `` sections, :func:`label_line` reads one
``- **Label**: value`` line, :func:`read_fields` the field lines at the top of a section and
:func:`write_label` writes one. Errors name ``path:line`` (:class:`VaultError`); the wording of
a kind's messages stays with that kind.
"""

import re
from dataclasses import dataclass, field

from .common import VaultError

HEADING_PREFIX = "## "
#: ``- **Label**: value``; ``gap`` is the space between the colon and the value.
BULLET_RE = re.compile(r"^-\s+\*\*(?P<label>.+?)\*\*\s*:(?P<gap>\s*)(?P<value>.*)$")
#: ``- Label: value`` of the guide's daily notes: a short label that starts with a letter, and a
#: space after the colon (so ``- https://x`` is no label).
PLAIN_BULLET_RE = re.compile(r"^-\s+(?P<label>[A-Za-z][\w /&().'-]{0,39}?)\s*:(?:\s+(?P<value>.*))?$")
CONTINUATION = "  "


def headed_sections(path, text, before, missing):
    """``## heading`` sections of a normalized text: ``[(heading, line, [(lineno, raw), ...])]``
    (``heading`` stripped, possibly empty: the caller names what a heading needs).

    Before the first heading only blank lines and ``# `` title lines may stand: other text
    raises ``VaultError(path, its line, before)``; a text without heading raises
    ``VaultError(path, 1, missing)``."""
    sections = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith(HEADING_PREFIX):
            sections.append((raw[len(HEADING_PREFIX) :].strip(), lineno, []))
        elif sections:
            sections[-1][2].append((lineno, raw))
        elif raw.strip() and not raw.startswith("# "):
            raise VaultError(path, lineno, before)
    if not sections:
        raise VaultError(path, 1, missing)
    return sections


def label_line(raw, guide=False):
    """``(style, label, value)`` of a ``- **Label**: value`` line (style ``"bold"``), or None;
    label and value stripped.

    ``guide``: the daily-usage guide's notes, where a line that is no field stays note text as
    written: ``- Label: value`` lines count too (style ``"plain"``), a bold label may not hold
    ``*`` and the value must be apart from the colon (``- **Link**:x`` is text there)."""
    match = BULLET_RE.match(raw)
    if match:
        label, gap, value = match.group("label"), match.group("gap"), match.group("value")
        if not guide or ("*" not in label and (gap or not value)):
            return "bold", label.strip(), value.strip()
        return None
    if guide:
        match = PLAIN_BULLET_RE.match(raw)
        if match:
            return "plain", match.group("label").strip(), (match.group("value") or "").strip()
    return None


def write_label(label, value, plain=False):
    """One field: ``- **Label**: value`` (``- Label: value`` when ``plain``); the value's
    further lines are indented by two spaces, so :func:`read_fields` reads them back."""
    text = str(value).replace("\n", "\n" + CONTINUATION)
    return f"- {label}: {text}" if plain else f"- **{label}**: {text}"


@dataclass
class Fields:
    """The field lines read by :func:`read_fields`.

    ``data``: field name → value for the labels the kind knows (matched case-insensitively),
    ``extra``: label → value for the others, ``lines``: field name or label → its line,
    ``styles``: the label styles seen. Reading stopped at ``rest[0]`` when ``rest`` is not
    empty: at a label read twice when ``repeated`` is that label (None otherwise; a label may be
    empty: ``- ** **: x``)."""

    data: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    styles: set = field(default_factory=set)
    rest: list = field(default_factory=list)
    repeated: str | None = None

    @property
    def stop(self):
        """``(lineno, raw)`` where reading stopped, or None."""
        return self.rest[0] if self.rest else None


def read_fields(rows, labels, guide=False, paragraph=False, convert=None):
    """The ``- **Label**: value`` lines at the top of a section's ``rows`` (``[(lineno, raw)]``).

    ``labels`` maps field name → label. Blank lines are skipped and a line indented by two
    spaces continues the last value; reading stops at any other line, or at a label read twice
    (in ``data`` or in ``extra``). ``paragraph``: the fields are the section's first paragraph
    (the memory index): reading stops after the first blank line that follows a field, and an
    indented line is no continuation. ``convert(name, lineno, value)`` checks and converts a
    known field's value as it is read (its errors come in line order). ``guide``: see
    :func:`label_line`."""
    by_label = {label.lower(): name for name, label in labels.items()}
    fields, last = Fields(), None
    for index, (lineno, raw) in enumerate(rows):
        if not raw.strip():
            if paragraph and fields.lines:
                fields.rest = rows[index + 1 :]
                return fields
            continue
        found = label_line(raw, guide)
        if found:
            style, label, value = found
            name = by_label.get(label.lower())
            target = fields.data if name else fields.extra
            key = name or label
            if key in target:
                fields.rest, fields.repeated = rows[index:], label
                return fields
            target[key] = convert(name, lineno, value) if name and convert else value
            fields.lines[key] = lineno
            fields.styles.add(style)
            last = (target, key)
        elif raw.startswith(CONTINUATION) and last and not paragraph:
            target, key = last
            target[key] = (target[key] + "\n" + raw.strip()).strip()
        else:
            fields.rest = rows[index:]
            return fields
    return fields
