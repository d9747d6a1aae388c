# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hard rules: ``rules/*.md`` (front matter + sections, or the authors' plain form)."""

import re

from ..limits import shorten
from .common import (
    Entry,
    Key,
    VaultError,
    join_front_matter,
    join_sections,
    normalize_text,
    parse_date,
    read_keys,
    sectioned_entry,
    split_front_matter,
    write_keys,
)

SEVERITIES = ("low", "medium", "high", "critical")
RULE_STATUSES = ("active", "retired")
RULE_KEYS = (
    Key("title", required=True),
    Key("date", "date", required=True),
    Key("severity", "choice", choices=SEVERITIES, default="high", required=True),
    Key("status", "choice", choices=RULE_STATUSES, default="active", required=True),
    Key("modules", "str_list", sort=True),
    Key("runbooks", "int_list", sort=True),
)
RULE_SECTIONS = {"Rule": "rule", "Incident": "incident", "Root cause": "root_cause", "Fix": "fix"}
RUNBOOK_REF_RE = re.compile(r"\brunbook\s+(\d{1,4})\s*:\s*`?([\w.\-]+\.md)`?", re.IGNORECASE)
PLAIN_LABELS = {"incident": "incident", "root cause": "root_cause", "fix": "fix"}
PLAIN_LABEL_RE = re.compile(r"^(incident|root cause|fix)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
PLAIN_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*:\s*(.*)$", re.DOTALL)
#: ``Root cause:`` / ``Fix:`` starting a sentence inside a paragraph starts its own section, and
#: so does ``Incident:`` / ``Root cause:`` / ``Fix:`` starting a line after a sentence's end (the
#: 001 seed's layout: the same lines with no blank line between them).
SENTENCE_LABEL_RE = re.compile(
    r"(?<=[.!?])\s+(?=(?:root cause|fix)\s*:)|(?<=[.!?)\]`\"'])[ \t]*\n(?=(?:incident|root cause|fix)\s*:)",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s")
#: A runbook file name that carries a number (``0014-image-pipeline-recovery.md``).
NUMBERED_FILE_RE = re.compile(r"^(\d{4})-")
#: Lines that are markdown blocks: their paragraph keeps its line breaks.
BLOCK_LINE_RE = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|```|~~~)|^ {4}|^\t")
#: A plain rule's title: its first sentence, cut at a word boundary past TITLE_SOFT_CHARS
#: characters when longer than TITLE_MAX_CHARS.
TITLE_SOFT_CHARS = 100
TITLE_MAX_CHARS = 140


def parse_rule(path, text):
    text = normalize_text(text)
    stripped = text.lstrip("\n")
    if stripped.lower().startswith("# hard rule"):
        return [parse_plain_rule(path, text)]
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, RULE_KEYS)
    return sectioned_entry("rule", path, data, lines, body, body_line, RULE_SECTIONS, "rule", "## Rule")


def _paragraphs(text, first_line):
    """``[(line, text)]`` of blank-line separated paragraphs."""
    result, buffer, start = [], [], None
    for offset, raw in enumerate(text.split("\n")):
        if raw.strip():
            if start is None:
                start = first_line + offset
            buffer.append(raw)
        elif buffer:
            result.append((start, "\n".join(buffer)))
            buffer, start = [], None
    if buffer:
        result.append((start, "\n".join(buffer)))
    return result


def parse_plain_rule(path, text):
    """The authors' form: ``# Hard rule``, ``YYYY-MM-DD: rule``, ``Incident:``/``Root cause:``/``Fix:``.

    The labels start paragraphs (the 000 seed's layout) or lines that follow a sentence's end
    with no blank line between them (the 001 seed's layout, the first paragraph included);
    ``Root cause:`` and ``Fix:`` start their own section also where they start a sentence
    inside another paragraph; soft line breaks inside a paragraph are joined (markdown renders
    them as spaces) unless the paragraph holds block markup (lists, quotes, code, tables). The
    title is the rule's first sentence (see :func:`plain_title`). ``runbook NNNN: slug.md``
    references link runbook NNNN: the number decides; a file name with another number is an error
    here, and a slug naming another runbook's file is an error of the import (``runbook_files``)."""
    lines_list = text.split("\n")
    head = next(i for i, line in enumerate(lines_list) if line.strip())
    paragraphs = _paragraphs("\n".join(lines_list[head + 1 :]), head + 2)
    if not paragraphs:
        raise VaultError(path, head + 1, "hard rule has no 'YYYY-MM-DD: rule text' line")
    first_line, first = paragraphs[0]
    # the first paragraph: the rule, and in the 001 layout the labelled lines that follow it
    (_line, head_text, _is_rule), *rest = _sentence_pieces(first_line, first)
    match = PLAIN_DATE_RE.match(head_text.strip())
    if not match:
        raise VaultError(path, first_line, "expected 'YYYY-MM-DD: rule text' after '# Hard rule'")
    date = parse_date(path, first_line, match.group(1), "date")
    data = {"rule": "", "incident": "", "root_cause": "", "fix": ""}
    lines = {"date": first_line, "rule": first_line}
    current = "rule"
    pieces = [(first_line, match.group(2), True), *rest]
    for line, para in paragraphs[1:]:
        pieces += _sentence_pieces(line, para)
    for line, piece, is_rule in pieces:
        label = None if is_rule else PLAIN_LABEL_RE.match(piece.strip())
        if label:
            current = PLAIN_LABELS[label.group(1).lower()]
            if data[current]:
                raise VaultError(path, line, f"'{label.group(1)}:' appears twice")
            data[current] = join_soft_breaks(label.group(2))
            lines[current] = line
        else:
            data[current] = (data[current] + "\n\n" + join_soft_breaks(piece)).strip()
    if not data["rule"]:
        raise VaultError(path, first_line, "the hard rule text is empty")
    runbooks, runbook_lines, runbook_files = [], {}, {}
    for start, para in paragraphs:
        for ref in RUNBOOK_REF_RE.finditer(para):
            number, name = int(ref.group(1)), ref.group(2)
            line = start + para.count("\n", 0, ref.start(2))
            named = NUMBERED_FILE_RE.match(name)
            if named and int(named.group(1)) != number:
                raise VaultError(
                    path,
                    line,
                    f"runbook {number:04d} reference names the file {shorten(name)}, which is runbook "
                    f"{named.group(1)}: the number decides, write 'runbook {named.group(1)}' or fix the name",
                )
            runbooks.append(number)
            runbook_lines.setdefault(number, line)
            runbook_files.setdefault(number, []).append((line, name))
    data.update(
        {
            "title": plain_title(data["rule"]),
            "date": date,
            "severity": "high",
            "status": "active",
            "modules": [],
            "runbooks": sorted(set(runbooks)),
            "extra": {},
        }
    )
    lines["runbooks"] = min(runbook_lines.values()) if runbook_lines else 1
    lines["runbook_refs"] = runbook_lines
    lines["runbook_files"] = runbook_files
    return Entry("rule", path, "", data, 1, lines)


def _sentence_pieces(line, para):
    """``[(line, text, False)]``: the paragraph split where ``Root cause:`` or ``Fix:`` starts a
    sentence inside it (each piece with the line it starts on)."""
    result, start = [], 0
    for match in SENTENCE_LABEL_RE.finditer(para):
        result.append((line + para.count("\n", 0, start), para[start : match.start()], False))
        start = match.end()
    result.append((line + para.count("\n", 0, start), para[start:], False))
    return [piece for piece in result if piece[1].strip()]


def join_soft_breaks(text):
    """One paragraph's soft line breaks joined with a space, unless a line is block markup."""
    text = text.strip()
    rows = text.split("\n")
    if len(rows) == 1 or any(BLOCK_LINE_RE.match(row) for row in rows):
        return text
    return " ".join(row.strip() for row in rows)


def plain_title(text):
    """The first sentence of ``text`` on one line; past :data:`TITLE_SOFT_CHARS` characters it
    is cut at the first word boundary (a sentence up to :data:`TITLE_MAX_CHARS` stays whole),
    never inside a word unless a single word is longer than the whole budget."""
    sentence = " ".join(SENTENCE_END_RE.split(text.strip(), maxsplit=1)[0].split())
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence.find(" ", TITLE_SOFT_CHARS)
    if cut < 0 or cut > TITLE_MAX_CHARS:
        cut = sentence.rfind(" ", 0, TITLE_SOFT_CHARS + 1)
    if cut <= 0:
        return sentence[: TITLE_MAX_CHARS - 1] + "…"
    return sentence[:cut].rstrip(",;:-") + "…"


def serialize_rule(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, RULE_KEYS), join_sections(data, RULE_SECTIONS))


def runbook_names(runbook_paths):
    """``{file name after the number: {runbook numbers}}`` of ``{number: vault path}``."""
    by_name = {}
    for number, path in runbook_paths.items():
        name = (path or "").rsplit("/", 1)[-1]
        match = NUMBERED_FILE_RE.match(name)
        if match:
            by_name.setdefault(name[match.end() :], set()).add(number)
    return by_name


def runbook_file_errors(entry, runbook_paths, by_name=None):
    """VaultErrors of a plain rule's ``runbook NNNN: slug.md`` references whose file name is the
    file of ANOTHER runbook. ``runbook_paths``: ``{number: vault path}`` of the repository's
    runbooks (after the import); ``by_name``: its :func:`runbook_names` when the caller has it
    (a check of many rules computes it once). The number decides: a name that matches no file
    is accepted."""
    files = entry.lines.get("runbook_files")
    if not files:
        return []
    if by_name is None:
        by_name = runbook_names(runbook_paths)
    errors = []
    for number, refs in sorted(files.items()):
        for line, name in refs:
            if NUMBERED_FILE_RE.match(name):
                continue  # a numbered name was checked by the parser
            owners = by_name.get(name, set())
            if owners and number not in owners:
                other = min(owners)
                errors.append(
                    VaultError(
                        entry.path,
                        line,
                        f"runbook {number:04d}: {shorten(name)} names runbooks/{other:04d}-{shorten(name)}, "
                        f"which is runbook {other:04d}: the number decides, write 'runbook {other:04d}' "
                        "or fix the name",
                    )
                )
    return errors
