# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared pieces of every vault kind: errors and entries, front matter, the key schema,
``## Section`` bodies, and the number check of numbered records (ADRs, runbooks)."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..limits import excerpt, shorten
from .yaml_dialect import YamlRefused, yaml_dump, yaml_load

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
    """One record parsed from a file. ``key`` is "" for one-record files.

    ``source``: the file as written, on the first entry of a file that is not in the kind's
    canonical form (set by :func:`~.files.parse_files`, "" otherwise); export writes it back
    byte for byte while the records still hold what it says (:func:`~.files.render_file`)."""

    kind: str
    path: str
    key: str
    data: dict
    line: int = 1
    lines: dict = field(default_factory=dict)
    source: str = ""

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


def require_text(path, data, lines, name, label, line):
    if not (data.get(name) or "").strip():
        raise VaultError(path, lines.get(name, line), f"missing required section '{label}'")


def check_number(path, data, lines, label):
    """The number check of every numbered record (ADRs, runbooks): ``number`` is 1 or more and
    equals the file name's ``NNNN-`` prefix when it has one."""
    number, line = data["number"], lines["number"]
    if number < 1:
        raise VaultError(path, line, f"{label} number must be 1 or more")
    match = NUMBERED_PATH_RE.match(path)
    if match and int(match.group(1)) != number:
        raise VaultError(
            path, line, f"number {number} does not match the file name (which says {match.group(1)})"
        )


def sectioned_entry(kind, path, data, lines, body, body_line, sections, required, heading):
    """Front matter + ``## Section`` body (rules, ADRs); ``required`` must not be empty."""
    found, section_lines = split_sections(path, body, body_line, sections)
    lines.update(section_lines)
    data.update(found)
    require_text(path, data, lines, required, heading, body_line)
    return [Entry(kind, path, "", data, 1, lines)]


def body_entry(kind, path, data, lines, body, body_line, name, what):
    """Front matter + one body (runbook steps, a term's definition), which must not be empty."""
    data[name] = body.strip()
    lines[name] = body_line
    if not data[name]:
        raise VaultError(path, body_line - 1, f"{what} below the front matter")
    return [Entry(kind, path, "", data, 1, lines)]
