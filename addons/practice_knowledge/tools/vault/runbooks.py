# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Runbooks: ``runbooks/NNNN-*.md`` (front matter + the steps)."""

from .common import (
    Key,
    body_entry,
    check_number,
    join_front_matter,
    read_keys,
    split_front_matter,
    write_keys,
)

RUNBOOK_KEYS = (
    Key("number", "int", required=True),
    Key("title", required=True),
    Key("adrs", "int_list", sort=True),
)


def parse_runbook(path, text):
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, RUNBOOK_KEYS)
    check_number(path, data, lines, "runbook")
    return body_entry("runbook", path, data, lines, body, body_line, "steps", "a runbook needs its steps")


def serialize_runbook(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, RUNBOOK_KEYS), data["steps"])
