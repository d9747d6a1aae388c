"""Ranking and rendering of memory entries and session logs, in plain Python.

Input records are plain dicts, so the rules (what comes first, what fits in the index,
what a vault file looks like) are tested without a database.

Memory dict keys: ``id``, ``topic``, ``summary``, ``date`` (``YYYY-MM-DD`` or a date),
``times_seen``, ``pinned`` (curated: an accepted promotion), ``modules`` (names).
"""

import re

INDEX_TITLE = "# Memory"
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def one_line(text, limit=240):
    """Collapse whitespace to one line, cut at ``limit`` characters with an ellipsis."""
    line = " ".join((text or "").split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def slugify(text, limit=60):
    slug = _SLUG_RE.sub("-", (text or "").lower()).strip("-")
    return slug[:limit].rstrip("-") or "session"


def _date_str(value):
    return str(value) if value else ""


def _date_key(value):
    """Sort key making newer dates come first when used ascending (ISO dates)."""
    text = _date_str(value)
    return tuple(-int(part) for part in text.split("-")) if text else (0,)


def _mention_re(module_names):
    """One regex matching any of ``module_names`` as a whole word (case-insensitive)."""
    names = sorted({name.lower() for name in module_names}, key=lambda n: (-len(n), n))
    return re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, names))})(?![\w-])", re.IGNORECASE)


def mentions(memory, module_names, _pattern=None):
    """True when the memory names one of ``module_names``: in its topic or summary
    (as a whole word) or among the modules of its source sessions."""
    if not module_names:
        return False
    wanted = {name.lower() for name in module_names}
    if wanted & {name.lower() for name in memory.get("modules") or ()}:
        return True
    pattern = _pattern or _mention_re(module_names)
    return bool(pattern.search(memory.get("topic") or "") or pattern.search(memory.get("summary") or ""))


def index_key(memory):
    """Index order: curated (pinned) first, then seen most often, newest, then id."""
    return (
        0 if memory.get("pinned") else 1,
        -int(memory.get("times_seen") or 0),
        _date_key(memory.get("date")),
        memory.get("id") or 0,
    )


def rank(memories, module_names=()):
    """Bundle order: memories mentioning the requested modules first, then index order."""
    if not module_names:
        return sorted(memories, key=index_key)
    pattern = _mention_re(module_names)
    return sorted(memories, key=lambda m: (0 if mentions(m, module_names, pattern) else 1, *index_key(m)))


def index_line(memory):
    """``- **topic** · YYYY-MM-DD · summary`` (+ how often it was seen, a pin for curated)."""
    pin = "📌 " if memory.get("pinned") else ""
    seen = int(memory.get("times_seen") or 0)
    seen_txt = f" (seen {seen}×)" if seen > 1 else ""
    return (
        f"- {pin}**{one_line(memory.get('topic'), 120)}** · {_date_str(memory.get('date'))} · "
        f"{one_line(memory.get('summary'))}{seen_txt}"
    )


def render_index(memories, max_lines=200, title=INDEX_TITLE):
    """A MEMORY.md index of at most ``max_lines`` lines (title and notes included).

    Returns ``{"markdown", "lines", "truncated", "total", "shown"}``. When entries do not
    fit, the last line says how many were left out.
    """
    max_lines = int(max_lines)
    if max_lines < 3:
        raise ValueError("max_lines must be at least 3 (title, blank line, one entry).")
    ordered = sorted(memories, key=index_key)
    head = [title, ""]
    room = max_lines - len(head)
    truncated = len(ordered) > room
    shown = ordered[: room - 1] if truncated else ordered
    lines = head + [index_line(m) for m in shown]
    if truncated:
        lines.append(f"- … {len(ordered) - len(shown)} more entries not shown")
    if not ordered:
        lines.append("_No memory yet._")
    return {
        "markdown": "\n".join(lines) + "\n",
        "lines": len(lines),
        "truncated": truncated,
        "total": len(ordered),
        "shown": len(shown),
    }
