# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The vault's YAML dialect: safe, dates kept as text, no anchors/aliases, bounded depth."""

import logging

import yaml

from ..limits import EXTRA_MAX_CHARS, YAML_MAX_DEPTH, excerpt, shorten

_logger = logging.getLogger(__name__)

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
