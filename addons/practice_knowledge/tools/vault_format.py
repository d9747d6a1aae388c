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

# The formats live in ``tools/vault/`` (one module per kind, plus ``common`` for front matter,
# keys and sections, ``yaml_dialect`` and ``files`` for paths and uploads); this module is the
# facade the rest of the code imports (``from ..tools import vault_format``).
from .limits import excerpt, shorten  # noqa: F401
from .vault.adrs import ADR_KEYS, ADR_SECTIONS, ADR_STATUSES, parse_adr, serialize_adr  # noqa: F401
from .vault.citations import (  # noqa: F401
    BULLET_RE,
    CITATION_FIELDS,
    CITATION_PATH_RE,
    CITATION_REQUIRED,
    SCORE_MAX,
    SCORE_MIN,
    parse_citations,
    serialize_citations,
)
from .vault.common import (  # noqa: F401
    DATE_RE,
    MAX_MESSAGE_CHARS,
    MAX_WHOLE_NUMBER,
    NUMBERED_PATH_RE,
    WHOLE_NUMBER_RE,
    Entry,
    Key,
    VaultError,
    VaultKind,
    body_entry,
    check_number,
    join_front_matter,
    join_sections,
    normalize_text,
    parse_date,
    parse_whole_number,
    read_keys,
    require_text,
    sectioned_entry,
    slugify,
    split_front_matter,
    split_sections,
    write_keys,
)
from .vault.files import check_path, check_upload, find_kind, parse_files, serialize  # noqa: F401
from .vault.glossary import (  # noqa: F401
    ALIASES_RE,
    GLOSSARY_FILE,
    GLOSSARY_KEYS,
    TERM_LINE_RE,
    parse_glossary,
    parse_glossary_file,
    serialize_glossary,
    serialize_glossary_file,
)
from .vault.notes import (  # noqa: F401
    NOTE_TITLE,
    NOTES_PATH_RE,
    note_fields,
    parse_notes,
    serialize_notes,
)
from .vault.patterns import PATTERNS_PATH_RE, parse_patterns, serialize_patterns  # noqa: F401
from .vault.rules import (  # noqa: F401
    PLAIN_DATE_RE,
    PLAIN_LABEL_RE,
    PLAIN_LABELS,
    RULE_KEYS,
    RULE_SECTIONS,
    RULE_STATUSES,
    RUNBOOK_REF_RE,
    SEVERITIES,
    parse_plain_rule,
    parse_rule,
    plain_title,
    runbook_file_errors,
    runbook_names,
    serialize_rule,
)
from .vault.runbooks import RUNBOOK_KEYS, parse_runbook, serialize_runbook  # noqa: F401
from .vault.words import words_in  # noqa: F401
from .vault.yaml_dialect import (  # noqa: F401
    YamlRefused,
    extra_dump,
    extra_load,
    yaml_check,
    yaml_dump,
    yaml_load,
)

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
    # the daily-usage guide's daily notes (dated files only: notes/citation_template.md is not a note)
    VaultKind("note", "practice.citation", r"notes/\d{4}-\d{2}-\d{2}\.md", parse_notes, serialize_notes, 55),
    VaultKind("pattern", "practice.pattern", r"patterns/[^/]+\.md", parse_patterns, serialize_patterns, 60),
)
