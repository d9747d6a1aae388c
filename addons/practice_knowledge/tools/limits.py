"""Bounds of a vault upload (plain Python, no ORM).

Every limit has a safe default and can be changed in *Settings > Practice > Knowledge vault*
(system parameters ``practice_knowledge.vault_<name>``); a missing, unreadable or non-positive
value means the default, and no value may exceed its hard ceiling:

=================  ===========  =============  ==============================================
name               default      ceiling        what
=================  ===========  =============  ==============================================
max_file_bytes     1 MiB        16 MiB         one file (UTF-8 bytes)
max_files          5,000        100,000        files in one upload (RPC call or zip)
max_total_bytes    50 MiB       512 MiB        all files of one upload
max_zip_bytes      100 MiB      1 GiB          a zip: its size and its members' uncompressed sum
max_path_chars     255          1,024          one path (characters)
=================  ===========  =============  ==============================================

Fixed (not settings): YAML front matter nests at most :data:`YAML_MAX_DEPTH` levels and holds
no anchors or aliases; an error message quotes at most :data:`EXCERPT_CHARS` characters of a
value; a path holding a control or bidirectional-formatting character is refused.
"""

import re
from dataclasses import dataclass, fields

from odoo.addons.practice_base.tools import guard

KIB = 1024
MIB = 1024 * KIB

PARAM_PREFIX = "practice_knowledge.vault_"
DEFAULTS = {
    "max_file_bytes": 1 * MIB,
    "max_files": 5000,
    "max_total_bytes": 50 * MIB,
    "max_zip_bytes": 100 * MIB,
    "max_path_chars": 255,
}
CEILINGS = {
    "max_file_bytes": 16 * MIB,
    "max_files": 100_000,
    "max_total_bytes": 512 * MIB,
    "max_zip_bytes": 1024 * MIB,
    "max_path_chars": 1024,
}

#: Nesting levels of YAML collections allowed in front matter (the mapping itself is level 1).
YAML_MAX_DEPTH = 20
#: Longest stored ``extra`` (unknown keys, YAML) read back from the database.
EXTRA_MAX_CHARS = CEILINGS["max_file_bytes"]
#: Characters of a user value an error message may quote.
EXCERPT_CHARS = 60
#: Characters of a refused path an error may show.
PATH_EXCERPT_CHARS = 120

# C0 and C1 controls (tab and newline included: never in a file name), DEL, bidirectional
# marks, embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069 — "Trojan source"),
# line/paragraph separators and the byte order mark.
BAD_PATH_CHAR_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class VaultLimits:
    """The bounds of one upload. ``VaultLimits()`` is the defaults."""

    max_file_bytes: int = DEFAULTS["max_file_bytes"]
    max_files: int = DEFAULTS["max_files"]
    max_total_bytes: int = DEFAULTS["max_total_bytes"]
    max_zip_bytes: int = DEFAULTS["max_zip_bytes"]
    max_path_chars: int = DEFAULTS["max_path_chars"]

    @classmethod
    def from_params(cls, get_param):
        """Limits from ``get_param(name) -> str | None`` (e.g. ``ir.config_parameter.get_param``)."""
        values = {}
        for item in fields(cls):
            values[item.name] = clamp(item.name, get_param(PARAM_PREFIX + item.name))
        return cls(**values)


def clamp(name, raw):
    """A configured value as a bounded positive int: the default when missing or bad."""
    try:
        value = int(str(raw).strip()) if raw not in (None, False, "") else 0
    except ValueError:
        value = 0
    if value <= 0:
        return DEFAULTS[name]
    return min(value, CEILINGS[name])


def human_bytes(size):
    """``1048576`` → ``"1 MiB"``; ``1536`` → ``"1.5 KiB"``."""
    for unit, scale in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} bytes"


def excerpt(value, limit=EXCERPT_CHARS):
    """A short ``repr`` of a user value for an error message (:func:`guard.excerpt`)."""
    return guard.excerpt(value, limit)


def shorten(text, limit=EXCERPT_CHARS):
    """``text`` cut to ``limit`` characters ("..." marks the cut)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def display_path(path):
    """A path as an error may show it: control/bidi characters escaped, at most
    :data:`PATH_EXCERPT_CHARS` characters."""
    if not isinstance(path, str):
        return excerpt(path)
    text = BAD_PATH_CHAR_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", path[:PATH_EXCERPT_CHARS])
    if len(path) > PATH_EXCERPT_CHARS or len(text) > PATH_EXCERPT_CHARS:
        text = text[: PATH_EXCERPT_CHARS - 3] + "..."
    return text
