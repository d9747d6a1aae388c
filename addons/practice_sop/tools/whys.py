# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 5 Whys of a root-cause step: ordered ``why -> because`` pairs, kept as JSON on the run.

:func:`parse` is the one check (RPC argument and stored field alike); :func:`dumps` /
:func:`loads` the storage; :func:`markdown` the text a drafted hard rule carries."""

import json
import re

MAX_WHYS = 10
MAX_LINE = 1000
_WHY_LEAD = re.compile(r"^why\s+", re.IGNORECASE)


class WhysError(ValueError):
    """A malformed list of whys (the message names what is wrong)."""


def _line(value, name, index):
    if not isinstance(value, str) or not value.strip():
        raise WhysError(f"why {index}: {name} must be non-empty text.")
    value = " ".join(value.split())
    if len(value) > MAX_LINE:
        raise WhysError(f"why {index}: {name} must be at most {MAX_LINE} characters, got {len(value)}.")
    return value


def parse(whys):
    """``whys`` (a list of ``{"why", "because"}`` dicts or ``[why, because]`` pairs, in order;
    None/False/[] for none) → a list of ``{"why", "because"}`` with each line on one line, at
    most :data:`MAX_WHYS`; raises :class:`WhysError`."""
    if whys in (None, False):
        return []
    if not isinstance(whys, list | tuple):
        raise WhysError("whys must be a list of {why, because} pairs.")
    if len(whys) > MAX_WHYS:
        raise WhysError(f"at most {MAX_WHYS} whys, got {len(whys)}.")
    pairs = []
    for index, item in enumerate(whys, start=1):
        if isinstance(item, dict):
            if set(item) - {"why", "because"}:
                raise WhysError(f"why {index}: only the keys why and because are allowed.")
            why, because = item.get("why"), item.get("because")
        elif isinstance(item, list | tuple) and len(item) == 2:
            why, because = item
        else:
            raise WhysError(f"why {index}: must be a {{why, because}} pair.")
        pairs.append({"why": _line(why, "why", index), "because": _line(because, "because", index)})
    return pairs


def dumps(pairs):
    """Storage form of parsed ``pairs`` (False when there are none)."""
    return json.dumps(pairs, ensure_ascii=False) if pairs else False


def loads(text):
    """Parsed pairs from the stored JSON ``text`` (``[]`` when empty); raises :class:`WhysError`."""
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError as err:
        raise WhysError(f"whys are not valid JSON: {err}") from None
    return parse(data)


def markdown(pairs, root_cause=""):
    """``1. Why …? Because …`` lines, then ``Root cause: …`` (empty string when nothing)."""
    lines = [
        f"{index}. Why {_WHY_LEAD.sub('', pair['why']).rstrip('?')}? Because {pair['because']}"
        for index, pair in enumerate(pairs, start=1)
    ]
    if root_cause:
        lines += ["", f"Root cause: {root_cause}"] if lines else [f"Root cause: {root_cause}"]
    return "\n".join(lines)
