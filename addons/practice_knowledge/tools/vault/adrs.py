# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Architecture decision records: ``adr/NNNN-*.md``."""

from .common import (
    Key,
    VaultError,
    check_number,
    join_front_matter,
    join_sections,
    read_keys,
    sectioned_entry,
    split_front_matter,
    write_keys,
)

ADR_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
ADR_KEYS = (
    Key("number", "int", required=True),
    Key("title", required=True),
    Key("date", "date", required=True),
    Key("status", "choice", choices=ADR_STATUSES, required=True),
    Key("deciders", "str_list"),
    Key("supersedes", "int_list", sort=True),
)
ADR_SECTIONS = {
    "Context": "context",
    "Decision": "decision",
    "Consequences": "consequences",
    "Considered options": "options",
}


def parse_adr(path, text):
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, ADR_KEYS)
    check_number(path, data, lines, "ADR")
    if data["number"] in data["supersedes"]:
        raise VaultError(path, lines["supersedes"], "an ADR cannot supersede itself")
    return sectioned_entry("adr", path, data, lines, body, body_line, ADR_SECTIONS, "decision", "## Decision")


def serialize_adr(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, ADR_KEYS), join_sections(data, ADR_SECTIONS))
