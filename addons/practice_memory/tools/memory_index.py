"""Ranking and rendering of memory entries and session logs, in plain Python.

Input records are plain dicts, so the rules (what comes first, what fits in the index,
what a vault file looks like) are tested without a database.

Lines are cut by the knowledge's :func:`one_line` (``memory_index.one_line`` is that one).

Memory dict keys: ``id``, ``topic``, ``summary``, ``date`` (``YYYY-MM-DD`` or a date),
``times_seen``, ``pinned`` (curated: an accepted promotion), ``modules`` (names).
"""

import re

from odoo.addons.practice_knowledge.tools.ranking import one_line

INDEX_TITLE = "# Memory"
_SLUG_RE = re.compile(r"[^a-z0-9]+")


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


_WORD_RE = re.compile(r"[a-z0-9_]{3,}")
# words too common in a task to tell memories apart
_STOP_WORDS = frozenset(
    "the and for with from that this into when what then than are was were have has not but you "
    "your our all any can its it's out use using via per".split()
)


def task_words(task):
    """The distinct lower-case words (3+ characters, no stop words) of a task description."""
    return frozenset(w for w in _WORD_RE.findall((task or "").lower()) if w not in _STOP_WORDS)


def task_hits(memory, words):
    """How many of the task's ``words`` the memory's topic or summary uses."""
    if not words:
        return 0
    text = set(_WORD_RE.findall(f"{memory.get('topic') or ''} {memory.get('summary') or ''}".lower()))
    return len(words & text)


def rank(memories, module_names=(), task=""):
    """Bundle order: memories of the requested modules first, then those sharing most words
    with the task, then index order (curated, most seen, newest, id)."""
    pattern = _mention_re(module_names) if module_names else None
    words = task_words(task)

    def key(memory):
        relevant = bool(pattern) and mentions(memory, module_names, pattern)
        return (0 if relevant else 1, -task_hits(memory, words), *index_key(memory))

    return sorted(memories, key=key)


def is_live(memory, today):
    """False once the memory's ``expires_on`` (``YYYY-MM-DD``) is before ``today`` (a date or text)."""
    expires = _date_str(memory.get("expires_on"))
    return not expires or expires >= _date_str(today)


def bundle_line(memory, age=""):
    """``- **topic** · YYYY-MM-DD (3 days ago) · summary`` (+ modules, how often seen, a pin)."""
    pin = "📌 " if memory.get("pinned") else ""
    seen = int(memory.get("times_seen") or 0)
    extras = []
    if memory.get("modules"):
        extras.append(", ".join(memory["modules"]))
    if seen > 1:
        extras.append(f"seen {seen}×")
    if memory.get("expires_on"):
        extras.append(f"until {_date_str(memory['expires_on'])}")
    if memory.get("reviewed") is False:
        extras.append("yours, not reviewed yet")
    when = _date_str(memory.get("date")) + (f" ({age})" if age else "")
    tail = f" ({'; '.join(extras)})" if extras else ""
    return (
        f"- {pin}**{one_line(memory.get('topic'), 120)}** · {when} · {one_line(memory.get('summary'))}{tail}"
    )


def bundle_short(memory, age=""):
    """One short line: topic, age and how to read it whole."""
    when = f" · {age}" if age else ""
    return f"- **{one_line(memory.get('topic'), 80)}**{when} — `practice show memory {memory.get('id')}`"


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


# ---------------------------------------------------------------------- provenance
def fence_for(text):
    """A backtick fence longer than any run of backticks in ``text`` (at least 4), so the
    text cannot close the fence it is shown in."""
    longest = max((len(run) for run in re.findall(r"`+", text or "")), default=0)
    return "`" * max(4, longest + 1)


def quoted_block(text, info="text"):
    """``text`` as a fenced code block inside a blockquote: every line starts with ``> `` and
    the fence cannot be closed from within (see :func:`fence_for`). Control characters other
    than newline and tab are dropped, so nothing in the text reaches a terminal or a parser
    as anything but characters."""
    clean = "".join(ch for ch in (text or "") if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    fence = fence_for(clean)
    lines = [fence + info, *clean.splitlines(), fence]
    return "\n".join(("> " + line).rstrip() for line in lines)


def unreviewed_text(memory):
    """What a quoted unreviewed memory shows, every part of it written by the agent: its
    session id, its topic and its summary (plain text, for :func:`quoted_block`)."""
    return "\n".join(
        [
            f"session: {one_line(memory.get('session'), 200) or '-'}",
            f"topic: {one_line(memory.get('topic'), 200)}",
            "",
            (memory.get("summary") or "").strip(),
        ]
    )


def unreviewed_item(memory, age=""):
    """A bundle item for an unreviewed memory another session wrote: a header line with the
    facts the server knows (id, date, age) and the agent's words fenced and quoted below."""
    when = _date_str(memory.get("date")) + (f" ({age})" if age else "")
    head = f"- Memory {memory.get('id')} · {when} · unreviewed, written by an AI session:"
    return head + "\n\n" + quoted_block(unreviewed_text(memory))


def unreviewed_short(memory, age=""):
    """One short line for an unreviewed memory: no agent-written text at all."""
    when = f" · {age}" if age else ""
    return f"- Memory {memory.get('id')}{when} · unreviewed — `practice show memory {memory.get('id')}`"
