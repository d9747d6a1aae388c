"""Today's daily note of the daily-usage guide (``knowledge/notes/YYYY-MM-DD.md``): made from the
guide's template when missing, one citation appended, and that one file pushed to the server
(``practice.vault.import_files`` of that path alone, against the version of the last pull or
push: the same optimistic concurrency as ``practice vault push``). Shared by ``practice note``
(:mod:`.cli_note`) and the MCP tool ``note_add`` (:mod:`.mcp_note`).

The server parses the note (``practice_knowledge/tools/vault/notes.py``): a ``## `` heading
with only an HTML comment under it is a category; a ``### `` entry under it with ``Link``,
``Takeaway`` and ``Quality Score`` labels is a citation of that category (a ``## `` entry with
them, a citation without one); what this module writes is the server's canonical form, so a
``practice vault pull`` writes it back unchanged.
"""

import datetime
import re
from pathlib import Path

from . import vault as vault_io

# The guide's template ("Note-Taking Workflow", the heredoc), verbatim with the date filled in.
TEMPLATE = """# Daily Citations – {date}

## OCA Guidelines
<!-- Patterns from OCA repos, maintainer notes -->

## Odoo Official Docs
<!-- API changes, new features, best practices -->

## Community Wisdom
<!-- Reddit r/odoo, Stack Overflow, forums -->

## Docker/Infrastructure
<!-- Deployment patterns, Docker optimization -->

## ORM Patterns
<!-- Field types, decorators, performance -->

"""
CATEGORIES = (
    "OCA Guidelines",
    "Odoo Official Docs",
    "Community Wisdom",
    "Docker/Infrastructure",
    "ORM Patterns",
)
SCORE_MIN, SCORE_MAX = 60, 100  # the guide's quality score range (the server's too)
MAX_NAME = 120  # characters of a heading made from the takeaway
DEFAULT_FOLDER = "knowledge"
HEADING_RE = re.compile(r"^#{2,3}\s+(.+?)\s*$")


class NoteError(ValueError):
    """A note cannot take this entry; the message says why."""


def today():
    """The day of today's note (local time, like the guide's ``date +%Y-%m-%d``)."""
    return datetime.date.today()


def note_path(day):
    """``notes/YYYY-MM-DD.md``: the note's path in the vault."""
    return f"notes/{day.isoformat()}.md"


def template(day):
    return TEMPLATE.format(date=day.isoformat())


def default_folder(work_tree=None):
    """The vault folder: ``knowledge/`` of the work tree (of the current folder outside one)."""
    return str(Path(work_tree or ".") / DEFAULT_FOLDER)


def one_line(text):
    """``text`` on one line (a label's value or a heading cannot span lines)."""
    return " ".join(str(text or "").split())


def ensure_note(folder, day):
    """``(absolute path, created)``: today's note, made from the template when missing."""
    target = Path(folder) / note_path(day)
    if target.exists():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template(day), encoding="utf-8")
    return target, True


def entry_block(name, link, takeaway, application, score, day, level="###"):
    """The entry's lines: its heading and the guide's bold labels (Link, Takeaway, Application,
    Quality Score, Date Added; the server's canonical order)."""
    rows = [
        f"{level} {name}",
        f"- **Link**: {link}",
        f"- **Takeaway**: {takeaway}",
    ]
    if application:
        rows.append(f"- **Application**: {application}")
    if score is not None:
        rows.append(f"- **Quality Score**: {score}")
    rows.append(f"- **Date Added**: {day.isoformat()}")
    return rows


def _is_category_block(rows, start):
    """The ``## `` heading at ``start`` holds only blank lines and HTML comments until the
    next heading (the parser's category)."""
    for raw in rows[start + 1 :]:
        if raw.startswith("#"):
            return True
        text = raw.strip()
        if text and not (text.startswith("<!--") and text.endswith("-->")):
            return False
    return True


def add_entry(text, day, link, takeaway, application="", score=None, category="", name=""):
    """``text`` with one citation appended: at the end of ``category`` (a ``### `` entry; the
    category heading is added at the end of the note when missing), or without a category at
    the end of the note (a ``## `` entry). Returns ``(new text, entry name)``; NoteError on bad
    values (empty link or takeaway, score out of range, a category that is an entry)."""
    link, takeaway, application = one_line(link), one_line(takeaway), one_line(application)
    category, name = one_line(category), one_line(name)
    if not link:
        raise NoteError("a citation needs a link (--link)")
    if not takeaway:
        raise NoteError("a citation needs a takeaway (--takeaway)")
    if score is not None and not (isinstance(score, int) and SCORE_MIN <= score <= SCORE_MAX):
        raise NoteError(f"quality score {score} is out of range {SCORE_MIN}-{SCORE_MAX}")
    if category.startswith("#"):
        raise NoteError("a category is a heading's name, without '#'")
    name = name or _name_of(takeaway)
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # the file's last newline
    while rows and not rows[-1].strip():
        rows.pop()
    rows.append("")
    taken = {m.group(1) for m in map(HEADING_RE.match, rows) if m}
    if name in taken:
        count = 2
        while f"{name} ({count})" in taken:
            count += 1
        name = f"{name} ({count})"
    if not category:
        block = entry_block(name, link, takeaway, application, score, day, level="##")
        return "\n".join(rows + block + [""]) + "\n", name
    heads = [i for i, raw in enumerate(rows) if raw.startswith("## ") and raw[3:].strip() == category]
    if not heads:
        rows += [f"## {category}", ""]
        heads = [len(rows) - 2]
    start = heads[0]
    if not _is_category_block(rows, start):
        raise NoteError(f"'{category}' is an entry of this note, not a category")
    end = next((i for i in range(start + 1, len(rows)) if rows[i].startswith("## ")), len(rows))
    head = rows[:end]
    if head and head[-1].strip():
        head.append("")
    block = entry_block(name, link, takeaway, application, score, day)
    return "\n".join(head + block + [""] + rows[end:]) + "\n", name


def _name_of(takeaway):
    """A heading made from the takeaway: its first words, at most MAX_NAME characters."""
    if len(takeaway) <= MAX_NAME:
        return takeaway.rstrip(".")
    return takeaway[:MAX_NAME].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def push_note(call, folder, rel, remote, repo=None):
    """Push the note ``rel`` of ``folder`` alone (``import_files`` with that one path, base:
    its version of the last pull or push) and keep the server's new version. Returns the
    server's answer (``errors`` / ``conflicts``: nothing written)."""
    base = vault_io.load_versions(folder, remote)
    text = vault_io.read_text(Path(folder) / rel)
    mine = {rel: base[rel]} if rel in base else {}
    result = call("practice.vault", "import_files", {rel: text}, repo=repo, base=mine)
    if not result.get("errors"):
        vault_io.save_versions(folder, remote, vault_io.versions_after_push(base, [rel], result))
    return result


def note_add(call, folder, remote, repo=None, push=True, day=None, **entry):
    """Today's note made if missing, one entry appended (see :func:`add_entry`), the note pushed
    alone unless ``push`` is false. Returns ``{"path", "file", "created", "name", "push"}``
    (``push``: the server's answer, or None)."""
    day = day or today()
    target, created = ensure_note(folder, day)
    text = vault_io.read_text(target)
    new_text, name = add_entry(text, day, **entry)
    target.write_text(new_text, encoding="utf-8")
    rel = note_path(day)
    answer = push_note(call, folder, rel, remote, repo) if push else None
    return {"path": rel, "file": str(target), "created": created, "name": name, "push": answer}
