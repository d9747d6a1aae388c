"""Parse and serialize the knowledge vault: Markdown files with YAML front matter.

Plain Python (no ORM): the ``practice.vault`` model only looks records up and writes them.

A file becomes one or more :class:`Entry` objects (``kind``, ``path``, ``key``, ``data``);
``data`` is the canonical content of one record (plain values: str, int, lists, an ``extra``
dict of unknown front-matter keys). A record's ``_vault_data()`` returns the same shape, so
"unchanged" is a dict comparison and the serializers write canonical files:

Canonical form
    ``---`` newline, the known front-matter keys in the kind's fixed order (empty optional
    lists and empty optional values left out), then the unknown keys sorted by name, dumped
    by PyYAML (block style, unicode kept, no line wrapping, dates as plain ``YYYY-MM-DD``),
    ``---`` newline, then — when there is a body — one blank line and the body: ``## Section``
    blocks in the kind's fixed order separated by one blank line, each section's text
    stripped. Files end with exactly one newline; ``\\r\\n`` becomes ``\\n``.

Errors are :class:`VaultError` (path, 1-based line, message).

Hostile input (see ``tools/limits.py`` for the bounds): front matter may not use YAML anchors
or aliases (no alias expansion), nests at most ``YAML_MAX_DEPTH`` levels and its top-level keys
are text; :func:`check_upload` bounds an upload (file count, per-file and total bytes, path
length, control/bidi characters in paths, NUL characters) before anything is parsed; messages
quote at most a short excerpt of a value. Any input gives entries or VaultErrors, never
another exception.
"""

import csv
import datetime
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .limits import (
    BAD_PATH_CHAR_RE,
    EXTRA_MAX_CHARS,
    YAML_MAX_DEPTH,
    VaultLimits,
    display_path,
    excerpt,
    human_bytes,
    shorten,
)

_logger = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 400
# --------------------------------------------------------------------------- errors, entries


class VaultError(Exception):
    """A problem in one file of the vault, at one line."""

    def __init__(self, path, line, message):
        message = str(message)
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[: MAX_MESSAGE_CHARS - 3] + "..."
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = int(line or 1)
        self.message = message

    def as_dict(self):
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass
class Entry:
    """One record parsed from a file. ``key`` is "" for one-record files."""

    kind: str
    path: str
    key: str
    data: dict
    line: int = 1
    lines: dict = field(default_factory=dict)

    def line_of(self, name):
        return self.lines.get(name, self.line)


@dataclass(frozen=True)
class VaultKind:
    """How one family of vault files maps to one model (see ``practice.vault._vault_kinds``).

    ``parse(path, text) -> [Entry]`` raises :class:`VaultError`;
    ``serialize(path, [data, ...]) -> text`` writes the canonical file;
    ``sequence`` orders writing (referenced kinds first).
    """

    name: str
    model: str
    pattern: str
    parse: Callable
    serialize: Callable
    sequence: int = 50

    def matches(self, path):
        return re.fullmatch(self.pattern, path) is not None


# --------------------------------------------------------------------------- YAML dialect

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as strings (validated by the schema, with a line)."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes date-like strings unquoted (they load back as strings) and never
    writes anchors/aliases (the loader refuses them)."""

    def ignore_aliases(self, data):
        return True


def _strip_timestamp(cls):
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in cls.yaml_implicit_resolvers.items()
    }


_strip_timestamp(_Loader)
_strip_timestamp(_Dumper)


class YamlRefused(yaml.YAMLError):
    """YAML that is well-formed but not allowed (aliases, too deep): ``problem`` at ``problem_mark``."""

    def __init__(self, problem, mark):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


_OPEN_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def yaml_check(text, max_depth=YAML_MAX_DEPTH):
    """Scan the YAML events (nothing is constructed, so nothing is expanded) and raise
    :class:`YamlRefused` on the first anchor, alias or collection nested deeper than ``max_depth``."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlRefused("anchors and aliases are not allowed (&name / *name)", event.start_mark)
        if isinstance(event, _OPEN_EVENTS):
            depth += 1
            if depth > max_depth:
                raise YamlRefused(f"nested deeper than {max_depth} levels", event.start_mark)
        elif isinstance(event, _CLOSE_EVENTS):
            depth -= 1


def yaml_load(text):
    """Load safe YAML: :func:`yaml_check` first, then construct. Raises ``yaml.YAMLError``
    (including :class:`YamlRefused`); a value Python cannot build (e.g. an int of more than
    4300 digits) is a ``yaml.YAMLError`` too."""
    yaml_check(text)
    try:
        return yaml.load(text, Loader=_Loader)
    except (ValueError, TypeError, OverflowError, RecursionError) as err:
        raise yaml.YAMLError(f"value that cannot be read: {shorten(err, 120)}") from err


def yaml_dump(data):
    if not data:
        return ""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100000
    )


def extra_load(text):
    """The ``extra`` dict stored on a record (YAML text) back to a dict.

    Never raises: stored text that is too long, holds anchors/aliases, nests too deep or is not
    YAML (e.g. written before these checks existed) reads as ``{}`` — the next import of the
    file replaces it."""
    if not text or not isinstance(text, str):
        return {}
    if len(text) > EXTRA_MAX_CHARS:
        _logger.warning("Vault: stored unknown keys of %s characters ignored (too long)", len(text))
        return {}
    try:
        value = yaml_load(text)
    except yaml.YAMLError as err:
        _logger.warning("Vault: stored unknown keys ignored: %s", excerpt(str(err), 200))
        return {}
    return value if isinstance(value, dict) else {}


def extra_dump(extra):
    """Canonical storage of unknown keys: YAML, keys sorted."""
    return (
        yaml.dump(
            extra, Dumper=_Dumper, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100000
        )
        if extra
        else ""
    )


# --------------------------------------------------------------------------- front matter

_KEY_RE = re.compile(r"^([^\s#:\-][^:]*?)\s*:(\s|$)")


def normalize_text(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path, text):
    """``(meta, key_lines, body, body_line)``; raises VaultError on a missing/bad header."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise VaultError(path, 1, "missing YAML front matter: the file must start with a '---' line")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise VaultError(path, 1, "front matter is not closed by a '---' line")
    try:
        meta = yaml_load("\n".join(lines[1:end]))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or (str(err).splitlines() or ["?"])[0]
        line = (mark.line + 2) if mark else 2
        if isinstance(err, YamlRefused):
            raise VaultError(path, line, f"YAML {problem}") from None
        raise VaultError(path, line, f"bad YAML: {shorten(problem, 200)}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise VaultError(path, 2, "front matter must be a mapping of 'key: value' lines")
    key_lines = {}
    for i, line in enumerate(lines[1:end]):
        match = _KEY_RE.match(line)
        if match and match.group(1) not in key_lines:
            key_lines[match.group(1)] = i + 2
    for name in meta:
        if not isinstance(name, str):
            line = key_lines.get(str(name), 2)
            raise VaultError(path, line, f"front-matter key {excerpt(name)} must be text: write it in quotes")
    return meta, key_lines, "\n".join(lines[end + 1 :]), end + 2


def join_front_matter(meta, body=""):
    body = (body or "").strip("\n")
    text = "---\n" + yaml_dump(meta) + "---\n"
    if body.strip():
        text += "\n" + body + "\n"
    return text


# --------------------------------------------------------------------------- field schema


@dataclass(frozen=True)
class Key:
    """One front-matter key: type in str/int/date/str_list/int_list/choice."""

    name: str
    type: str = "str"
    required: bool = False
    choices: tuple = ()
    default: object = None
    sort: bool = False


DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
WHOLE_NUMBER_RE = re.compile(r"^[0-9]{1,10}$")
#: Whole numbers are stored in PostgreSQL ``integer`` columns.
MAX_WHOLE_NUMBER = 2**31 - 1


def parse_whole_number(text):
    """``"42"`` → 42; ``None`` unless ``text`` is 1-10 ASCII digits of at most :data:`MAX_WHOLE_NUMBER`."""
    text = str(text).strip()
    if not WHOLE_NUMBER_RE.match(text) or int(text) > MAX_WHOLE_NUMBER:
        return None
    return int(text)


def parse_date(path, line, value, label):
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = str(value).strip() if value is not None else ""
    if not DATE_RE.match(text):
        raise VaultError(path, line, f"bad date for '{label}': {excerpt(value)} (use YYYY-MM-DD)")
    try:
        datetime.date.fromisoformat(text)
    except ValueError as err:
        raise VaultError(path, line, f"bad date for '{label}': {text} ({err})") from err
    return text


def _coerce_int(path, line, value, label):
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_WHOLE_NUMBER:
        return value
    number = parse_whole_number(value) if isinstance(value, str) else None
    if number is not None:
        return number
    raise VaultError(
        path, line, f"'{label}' must be a whole number up to {MAX_WHOLE_NUMBER}, got {excerpt(value)}"
    )


def _coerce(path, line, key, value):
    if key.type == "str":
        if isinstance(value, (dict, list)) or value is None:
            raise VaultError(path, line, f"'{key.name}' must be text, got {excerpt(value)}")
        return str(value).strip()
    if key.type == "int":
        return _coerce_int(path, line, value, key.name)
    if key.type == "date":
        return parse_date(path, line, value, key.name)
    if key.type == "choice":
        text = str(value).strip().lower() if value is not None else ""
        if text not in key.choices:
            raise VaultError(
                path, line, f"unknown {key.name} {excerpt(value)}: use one of {', '.join(key.choices)}"
            )
        return text
    if key.type in ("str_list", "int_list"):
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        if key.type == "int_list":
            result = [_coerce_int(path, line, v, key.name) for v in items]
        else:
            result = []
            for v in items:
                if isinstance(v, (dict, list)) or v is None or not str(v).strip():
                    raise VaultError(path, line, f"'{key.name}' must be a list of texts, got {excerpt(v)}")
                result.append(str(v).strip())
        deduped = list(dict.fromkeys(result))
        return sorted(deduped) if key.sort else deduped
    raise ValueError(key.type)


def read_keys(path, meta, key_lines, schema):
    """Known keys → canonical values (errors name the key's line); unknown keys → ``extra``."""
    data, lines = {}, {}
    for key in schema:
        line = key_lines.get(key.name, 1 if key.name not in meta else 2)
        lines[key.name] = line
        value = meta.get(key.name)
        if value is None or value == "" or value == []:
            if key.default is not None:
                data[key.name] = key.default
                continue
            if key.required:
                raise VaultError(path, line, f"missing required field '{key.name}'")
            data[key.name] = _empty(key)
            continue
        data[key.name] = _coerce(path, line, key, value)
    known = {k.name for k in schema}
    data["extra"] = {k: v for k, v in meta.items() if k not in known}
    return data, lines


def _empty(key):
    if key.type in ("str_list", "int_list"):
        return []
    if key.type == "int":
        return 0
    return ""


def write_keys(data, schema):
    """Ordered mapping for the canonical header."""
    meta = {}
    for key in schema:
        value = data.get(key.name)
        if value in (None, "", [], 0) and not key.required:
            continue
        meta[key.name] = value
    for name in sorted(data.get("extra") or {}):
        if name not in meta:
            meta[name] = data["extra"][name]
    return meta


# --------------------------------------------------------------------------- sections


def split_sections(path, body, body_line, headings, allow_title=False):
    """``## Heading`` blocks → ``{field: text}`` (+ lines). ``headings`` maps title → field."""
    by_lower = {title.lower(): name for title, name in headings.items()}
    texts, lines, current, buffer = {}, {}, None, []
    for offset, raw in enumerate(body.split("\n")):
        lineno = body_line + offset
        match = re.match(r"^##\s+(.+?)\s*#*\s*$", raw)
        name = by_lower.get(match.group(1).strip().lower()) if match else None
        if name:
            if name in texts:
                raise VaultError(path, lineno, f"section '## {shorten(match.group(1))}' appears twice")
            if current:
                texts[current] = "\n".join(buffer).strip()
            current, buffer = name, []
            texts[name] = ""
            lines[name] = lineno
            continue
        if current is None:
            if raw.strip() and not (allow_title and raw.startswith("# ")):
                expected = ", ".join(f"'## {t}'" for t in headings)
                raise VaultError(path, lineno, f"text outside a section: expected one of {expected}")
            continue
        buffer.append(raw)
    if current:
        texts[current] = "\n".join(buffer).strip()
    return {name: texts.get(name, "") for name in headings.values()}, lines


def join_sections(data, headings):
    blocks = [f"## {title}\n\n{data[name].strip()}" for title, name in headings.items() if data.get(name)]
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- helpers

NUMBERED_PATH_RE = re.compile(r"^[^/]+/(\d{4})-[^/]+\.md$")


def slugify(text, default="untitled"):
    slug = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return slug[:60].strip("-") or default


def _check_path_number(path, number, line):
    match = NUMBERED_PATH_RE.match(path)
    if match and int(match.group(1)) != number:
        raise VaultError(
            path, line, f"number {number} does not match the file name (which says {match.group(1)})"
        )


def _require_text(path, data, lines, name, label, line):
    if not (data.get(name) or "").strip():
        raise VaultError(path, lines.get(name, line), f"missing required section '{label}'")


def _check_number(path, data, lines, label):
    """A numbered record (ADR, runbook): number ≥ 1 and equal to the file name's."""
    if data["number"] < 1:
        raise VaultError(path, lines["number"], f"{label} number must be 1 or more")
    _check_path_number(path, data["number"], lines["number"])


def _sectioned_entry(kind, path, data, lines, body, body_line, sections, required, heading):
    """Front matter + ``## Section`` body (rules, ADRs); ``required`` must not be empty."""
    found, section_lines = split_sections(path, body, body_line, sections)
    lines.update(section_lines)
    data.update(found)
    _require_text(path, data, lines, required, heading, body_line)
    return [Entry(kind, path, "", data, 1, lines)]


def _body_entry(kind, path, data, lines, body, body_line, name, what):
    """Front matter + one body (runbook steps, a term's definition), which must not be empty."""
    data[name] = body.strip()
    lines[name] = body_line
    if not data[name]:
        raise VaultError(path, body_line - 1, f"{what} below the front matter")
    return [Entry(kind, path, "", data, 1, lines)]


# --------------------------------------------------------------------------- hard rules

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


def parse_rule(path, text):
    text = normalize_text(text)
    stripped = text.lstrip("\n")
    if stripped.lower().startswith("# hard rule"):
        return [parse_plain_rule(path, text)]
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, RULE_KEYS)
    return _sectioned_entry("rule", path, data, lines, body, body_line, RULE_SECTIONS, "rule", "## Rule")


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
    """The authors' form: ``# Hard rule``, ``YYYY-MM-DD: rule``, ``Incident:``/``Root cause:``/``Fix:``."""
    lines_list = text.split("\n")
    head = next(i for i, line in enumerate(lines_list) if line.strip())
    paragraphs = _paragraphs("\n".join(lines_list[head + 1 :]), head + 2)
    if not paragraphs:
        raise VaultError(path, head + 1, "hard rule has no 'YYYY-MM-DD: rule text' line")
    first_line, first = paragraphs[0]
    match = PLAIN_DATE_RE.match(first.strip())
    if not match:
        raise VaultError(path, first_line, "expected 'YYYY-MM-DD: rule text' after '# Hard rule'")
    date = parse_date(path, first_line, match.group(1), "date")
    data = {"rule": match.group(2).strip(), "incident": "", "root_cause": "", "fix": ""}
    lines = {"date": first_line, "rule": first_line}
    current = "rule"
    for line, para in paragraphs[1:]:
        label = PLAIN_LABEL_RE.match(para.strip())
        if label:
            current = PLAIN_LABELS[label.group(1).lower()]
            if data[current]:
                raise VaultError(path, line, f"'{label.group(1)}:' appears twice")
            data[current] = label.group(2).strip()
            lines[current] = line
        else:
            data[current] = (data[current] + "\n\n" + para.strip()).strip()
    if not data["rule"]:
        raise VaultError(path, first_line, "the hard rule text is empty")
    runbooks, runbook_lines = [], {}
    for line, para in paragraphs:
        for ref in RUNBOOK_REF_RE.finditer(para):
            number = int(ref.group(1))
            if not ref.group(2).startswith(f"{number:04d}"):
                raise VaultError(
                    path, line, f"runbook {number:04d} reference names the file {shorten(ref.group(2))}"
                )
            runbooks.append(number)
            runbook_lines.setdefault(number, line)
    sentence = re.split(r"(?<=[.!?])\s", data["rule"], maxsplit=1)[0].strip()
    title = sentence if len(sentence) <= 80 else sentence[:77].rstrip() + "..."
    data.update(
        {
            "title": title,
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
    return Entry("rule", path, "", data, 1, lines)


def serialize_rule(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, RULE_KEYS), join_sections(data, RULE_SECTIONS))


# --------------------------------------------------------------------------- ADRs

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
    _check_number(path, data, lines, "ADR")
    if data["number"] in data["supersedes"]:
        raise VaultError(path, lines["supersedes"], "an ADR cannot supersede itself")
    return _sectioned_entry(
        "adr", path, data, lines, body, body_line, ADR_SECTIONS, "decision", "## Decision"
    )


def serialize_adr(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, ADR_KEYS), join_sections(data, ADR_SECTIONS))


# --------------------------------------------------------------------------- runbooks

RUNBOOK_KEYS = (
    Key("number", "int", required=True),
    Key("title", required=True),
    Key("adrs", "int_list", sort=True),
)


def parse_runbook(path, text):
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, RUNBOOK_KEYS)
    _check_number(path, data, lines, "runbook")
    return _body_entry("runbook", path, data, lines, body, body_line, "steps", "a runbook needs its steps")


def serialize_runbook(path, items):
    (data,) = items
    return join_front_matter(write_keys(data, RUNBOOK_KEYS), data["steps"])


# --------------------------------------------------------------------------- glossary

GLOSSARY_KEYS = (Key("term", required=True), Key("aliases", "str_list"))


GLOSSARY_FILE = "glossary.md"
# "Term: definition" lines of the compact single-file form (the term may be in bold).
TERM_LINE_RE = re.compile(r"^(?:\*\*(?P<bold>[^*]+)\*\*|(?P<plain>[^\s#*>|-][^:]*?))\s*:\s+(?P<text>\S.*)$")
ALIASES_RE = re.compile(r"^-\s+\*\*Aliases\*\*\s*:\s?(.*)$", re.IGNORECASE)


def parse_glossary(path, text):
    """One term per ``glossary/<slug>.md`` file, or every term of ``glossary.md``."""
    if path == GLOSSARY_FILE:
        return parse_glossary_file(path, text)
    meta, key_lines, body, body_line = split_front_matter(path, text)
    data, lines = read_keys(path, meta, key_lines, GLOSSARY_KEYS)
    return _body_entry(
        "glossary", path, data, lines, body, body_line, "definition", "a glossary term needs its definition"
    )


def serialize_glossary(path, items):
    if path == GLOSSARY_FILE:
        return serialize_glossary_file(items)
    (data,) = items
    return join_front_matter(write_keys(data, GLOSSARY_KEYS), data["definition"])


def _glossary_entry(path, term, lineno):
    data = {"term": term, "aliases": [], "definition": "", "extra": {}}
    return Entry("glossary", path, term.lower(), data, lineno, {"term": lineno})


def parse_glossary_file(path, text):
    """``glossary.md``: ``## Term`` sections (an optional ``- **Aliases**: a, b`` line, then
    the definition), and/or ``Term: definition`` lines before the first section. Each term's
    key in the file is its lower-cased name."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    entries, bodies, current, compact = [], {}, None, None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if raw.startswith("## "):
            term = raw[3:].strip()
            if not term:
                raise VaultError(path, lineno, "a glossary heading needs the term")
            current, compact = _glossary_entry(path, term, lineno), None
            entries.append(current)
            bodies[id(current)] = []
            continue
        if current is not None:
            aliases = ALIASES_RE.match(raw)
            if aliases and not any(line.strip() for line in bodies[id(current)]):
                current.data["aliases"] = _split_aliases(aliases.group(1))
                current.lines["aliases"] = lineno
            else:
                bodies[id(current)].append(raw)
            continue
        if not stripped or raw.startswith("# "):
            compact = None if not stripped else compact
            continue
        match = TERM_LINE_RE.match(raw)
        if match:
            compact = _glossary_entry(path, (match.group("bold") or match.group("plain")).strip(), lineno)
            compact.data["definition"] = match.group("text").strip()
            entries.append(compact)
        elif raw.startswith("  ") and compact:
            compact.data["definition"] += "\n" + stripped
        else:
            raise VaultError(
                path,
                lineno,
                f"expected '## Term' sections or 'Term: definition' lines, got {stripped[:40]!r}",
            )
    for entry in entries:
        if id(entry) in bodies:
            entry.data["definition"] = "\n".join(bodies[id(entry)]).strip()
        entry.lines["definition"] = entry.line + 1
        if not entry.data["definition"]:
            raise VaultError(
                path, entry.line, f"glossary term {excerpt(entry.data['term'])} has no definition"
            )
    if not entries:
        raise VaultError(
            path, 1, "no term in glossary.md: use '## Term' sections or 'Term: definition' lines"
        )
    return entries


def _split_aliases(text):
    """``a, b, "c, d"`` → ``["a", "b", "c, d"]`` (CSV quoting for aliases holding a comma)."""
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [alias.strip() for alias in row if alias.strip()]


def _join_aliases(aliases):
    """Inverse of :func:`_split_aliases`: ``", "``-joined, CSV-quoted where needed."""
    quoted = []
    for alias in aliases:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([alias])
        quoted.append(buffer.getvalue())
    return ", ".join(quoted)


def serialize_glossary_file(items):
    lines = ["# Glossary", ""]
    for data in sorted(items, key=lambda d: (d["term"].lower(), d["term"])):
        lines += [f"## {data['term']}", ""]
        if data.get("aliases"):
            lines += ["- **Aliases**: " + _join_aliases(data["aliases"]), ""]
        lines += [data["definition"], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- citations

CITATION_FIELDS = {
    "link": "Link",
    "takeaway": "Takeaway",
    "application": "Application",
    "score": "Quality Score",
    "date_added": "Date Added",
}
CITATION_REQUIRED = ("link", "takeaway", "score")
SCORE_MIN, SCORE_MAX = 60, 100
CITATION_PATH_RE = re.compile(r"^citations/(\d{4}-\d{2}-\d{2})\.md$")
BULLET_RE = re.compile(r"^-\s+\*\*(.+?)\*\*\s*:\s?(.*)$")


def parse_citations(path, text):
    """A daily note: ``## Name`` sections of ``- **Label**: value`` lines."""
    text = normalize_text(text)
    if not text.strip():
        raise VaultError(path, 1, "empty file")
    match = CITATION_PATH_RE.match(path)
    if not match:
        raise VaultError(path, 1, "a citations note is named citations/YYYY-MM-DD.md")
    note_date = parse_date(path, 1, match.group(1), "file name")
    labels = {label.lower(): name for name, label in CITATION_FIELDS.items()}
    entries, current, last = [], None, None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if raw.startswith("## "):
            name = raw[3:].strip()
            if not name:
                raise VaultError(path, lineno, "a citation heading needs a name")
            if any(e.key == name for e in entries):
                raise VaultError(path, lineno, f"citation '{shorten(name)}' appears twice in this note")
            current = Entry("citation", path, name, {"name": name, "extra": {}}, lineno, {})
            entries.append(current)
            last = None
            continue
        if not stripped or (current is None and raw.startswith("# ")):
            continue
        if current is None:
            raise VaultError(path, lineno, "text before the first '## Name' citation heading")
        bullet = BULLET_RE.match(raw)
        if bullet:
            label, value = bullet.group(1).strip(), bullet.group(2).strip()
            name = labels.get(label.lower())
            target = current.data if name else current.data["extra"]
            key = name or label
            if key in target:
                raise VaultError(
                    path, lineno, f"'{shorten(label)}' appears twice in citation '{shorten(current.key)}'"
                )
            target[key] = value
            current.lines[key] = lineno
            last = (target, key)
        elif raw.startswith("  ") and last:
            target, key = last
            target[key] = (target[key] + "\n" + stripped).strip()
        else:
            raise VaultError(path, lineno, f"expected a '- **Label**: value' line, got {stripped[:40]!r}")
    if not entries:
        raise VaultError(path, 1, "no '## Name' citation in this note")
    for seq, entry in enumerate(entries, start=1):
        data = entry.data
        for name in CITATION_REQUIRED:
            if not data.get(name):
                raise VaultError(
                    path, entry.line, f"citation '{shorten(entry.key)}': missing '{CITATION_FIELDS[name]}'"
                )
        score_line = entry.lines["score"]
        score = parse_whole_number(str(data["score"]).split("/")[0])
        if score is None:
            raise VaultError(
                path, score_line, f"quality score must be a whole number, got {excerpt(data['score'])}"
            )
        data["score"] = score
        if not SCORE_MIN <= data["score"] <= SCORE_MAX:
            raise VaultError(
                path,
                score_line,
                f"quality score {data['score']} out of range {SCORE_MIN}-{SCORE_MAX}",
            )
        data["date_added"] = parse_date(
            path, entry.lines.get("date_added", entry.line), data.get("date_added") or note_date, "Date Added"
        )
        data.setdefault("application", "")
        data["sequence"] = seq
        data["note_date"] = note_date
    return entries


def serialize_citations(path, items):
    match = CITATION_PATH_RE.match(path)
    lines = [f"# Citations {match.group(1) if match else ''}".rstrip(), ""]
    for data in sorted(items, key=lambda d: (d.get("sequence") or 0, d["name"])):
        lines += [f"## {data['name']}", ""]
        values = [(label, data.get(name)) for name, label in CITATION_FIELDS.items()]
        values += sorted((data.get("extra") or {}).items())
        for label, value in values:
            if value in (None, ""):
                continue
            text = str(value).replace("\n", "\n  ")
            lines.append(f"- **{label}**: {text}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- kinds, paths

CORE_KINDS = (
    VaultKind("adr", "practice.adr", r"adr/[^/]+\.md", parse_adr, serialize_adr, 10),
    VaultKind("runbook", "practice.runbook", r"runbooks/[^/]+\.md", parse_runbook, serialize_runbook, 20),
    VaultKind("rule", "practice.rule", r"rules/[^/]+\.md", parse_rule, serialize_rule, 30),
    VaultKind(
        "glossary",
        "practice.glossary.term",
        r"glossary/[^/]+\.md|glossary\.md",
        parse_glossary,
        serialize_glossary,
        40,
    ),
    VaultKind(
        "citation", "practice.citation", r"citations/[^/]+\.md", parse_citations, serialize_citations, 50
    ),
)


def check_path(path, max_chars=None):
    """Raise VaultError for paths that can never be vault files (the error shows an escaped,
    shortened path when the path itself is the problem)."""
    if not isinstance(path, str) or not path:
        raise VaultError(display_path(path), 1, "a vault path must be a non-empty relative path")
    max_chars = max_chars or VaultLimits().max_path_chars
    if len(path) > max_chars:
        raise VaultError(
            display_path(path), 1, f"path of {len(path)} characters: a vault path has at most {max_chars}"
        )
    bad = BAD_PATH_CHAR_RE.search(path)
    if bad:
        raise VaultError(
            display_path(path),
            1,
            f"path holds the control or bidirectional character U+{ord(bad.group(0)):04X}: "
            "use plain characters",
        )
    if path.startswith("/") or "\\" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise VaultError(path, 1, "path outside the vault: use a relative path like rules/x.md")
    if not path.endswith(".md"):
        raise VaultError(path, 1, "not a markdown file: vault files end in .md")


def find_kind(kinds, path, max_path_chars=None):
    check_path(path, max_path_chars)
    for kind in kinds:
        if kind.matches(path):
            return kind
    folders = ", ".join(sorted({k.pattern.split("/")[0] + "/" for k in kinds}))
    raise VaultError(path, 1, f"path outside known folders ({folders})")


def _utf8_size(path, text):
    """Bytes of ``text`` in UTF-8; VaultError for a lone surrogate (not text)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as err:
        raise VaultError(
            path, text.count("\n", 0, err.start) + 1, "file content is not valid UTF-8 text"
        ) from None


def check_upload(files, limits=None):
    """VaultErrors of an upload ``{path: text}`` that break the bounds of ``limits``
    (:class:`~.limits.VaultLimits`, defaults when None), found before anything is parsed:
    too many files, a bad path (type, length, control/bidi characters), content that is not
    text or holds a NUL character, a file or the whole upload too large. Work is bounded by
    the input's size; the count is checked first."""
    return _check_upload(files, limits or VaultLimits())[0]


def _check_upload(files, limits):
    """``(errors, refused_paths, whole)``: ``whole`` when the upload is refused as a whole."""
    if not isinstance(files, dict):
        return [VaultError("<upload>", 1, "files must be a mapping {relative_path: text}")], set(), True
    paths = sorted(files, key=str)
    if len(paths) > limits.max_files:
        message = f"too many files in one upload: {len(paths)} (at most {limits.max_files})"
        return [VaultError(display_path(paths[limits.max_files]), 1, message)], set(), True
    errors, refused, total = [], set(), 0
    for path in paths:
        text = files[path]
        try:
            check_path(path, limits.max_path_chars)
            if not isinstance(text, str):
                raise VaultError(path, 1, "file content must be text")
            # A character is at least one byte: only texts that might fit are encoded.
            size = len(text) if len(text) > limits.max_file_bytes else _utf8_size(path, text)
            if size > limits.max_file_bytes:
                raise VaultError(
                    path,
                    1,
                    f"file of {human_bytes(size)}: a vault file has at most {human_bytes(limits.max_file_bytes)}",
                )
            nul = text.find("\0")
            if nul >= 0:
                raise VaultError(path, text.count("\n", 0, nul) + 1, "file holds a NUL character: not text")
            total += size
            if total > limits.max_total_bytes:
                message = f"the upload is larger than {human_bytes(limits.max_total_bytes)} in all"
                return errors + [VaultError(path, 1, message)], refused | {path}, True
        except VaultError as err:
            errors.append(err)
            refused.add(path)
    return errors, refused, False


def parse_files(kinds, files, limits=None):
    """``({kind_name: [Entry]}, [VaultError])`` for a ``{path: text}`` mapping.

    :func:`check_upload` runs first (``limits``: defaults when None); files it refuses are not
    parsed, and an upload refused as a whole (too many files, too large in all) parses nothing."""
    limits = limits or VaultLimits()
    batch = {k.name: [] for k in kinds}
    errors, refused, whole = _check_upload(files, limits)
    if whole:
        return batch, errors
    for path in sorted(files):
        if path in refused:
            continue
        try:
            kind = find_kind(kinds, path, limits.max_path_chars)
            batch[kind.name].extend(kind.parse(path, files[path]))
        except VaultError as err:
            errors.append(err)
    return batch, errors


def serialize(kind, path, items):
    return kind.serialize(path, items)


_WORD_RE = re.compile(r"[\w-]+")


def words_in(text, phrases):
    """The phrases (terms, aliases) that occur in ``text`` as whole words, case-insensitively.

    The text's words are collected once; only phrases whose every word occurs in it are
    checked with the exact whole-phrase regex, so hundreds of terms cost one pass over the text.
    """
    lower = (text or "").lower()
    words = set(_WORD_RE.findall(lower))
    found = set()
    for phrase in phrases:
        p = (phrase or "").strip().lower()
        if not p or not all(w in words for w in _WORD_RE.findall(p)):
            continue
        if re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", lower):
            found.add(phrase)
    return found
