"""Guarded fields and bounded input of practice records, independent of the ORM.

* :data:`GRANT` is the context value the models' own methods set to change guarded fields
  (state, owner, audit and result fields). It is a ``str`` subclass: an RPC caller can send a
  context holding the same text, but only Python code holds an instance of :class:`Grant`, so
  :func:`is_grant` tells the two apart.
* :func:`oversized` and the ``parse_*`` functions bound what a caller may send: text sizes,
  numbers, lists of names. They raise :class:`InputError` (a ``ValueError``) with a message
  naming the argument; the models turn it into a ``UserError``.
"""

import math
import reprlib

CONTEXT_KEY = "practice_guard"
# the one bound of a session id everywhere (session log, locks, snapshots, SOP and eval runs,
# context; the client's gitguard keeps the same value): a session that can start can lock
MAX_SESSION_ID = 128
DEFAULT_CHAR_MAX = 256
DEFAULT_TEXT_MAX = 100_000
MAX_NAMES = 50
MAX_INT = 2**31 - 1


class Grant(str):
    """Context value set by a model's own methods (never received over RPC)."""

    __slots__ = ()


GRANT = Grant("granted")


class InputError(ValueError):
    """A bad argument of an RPC call; the message names the argument and the value."""


def is_grant(value):
    """True only for :data:`GRANT` (or another :class:`Grant`), not for equal plain text."""
    return type(value) is Grant


def size_limit(field_type, explicit=None):
    """Maximum length of a text value: ``explicit`` when given, else 256 characters for a
    one-line field (char) and 100,000 for a body (text, html); ``None`` for other types."""
    if explicit:
        return explicit
    if field_type == "char":
        return DEFAULT_CHAR_MAX
    if field_type in ("text", "html"):
        return DEFAULT_TEXT_MAX
    return None


def oversized(vals, field_types, overrides=None):
    """``[(field, length, limit), ...]`` of the text values of ``vals`` longer than allowed.

    ``field_types`` maps a field name to its type (``char``, ``text``, ``html``...);
    ``overrides`` maps a field name to its own limit.
    """
    overrides = overrides or {}
    found = []
    for name, value in vals.items():
        if not isinstance(value, str) or name not in field_types:
            continue
        limit = size_limit(field_types[name], overrides.get(name))
        if limit is not None and len(value) > limit:
            found.append((name, len(value), limit))
    return sorted(found)


def excerpt(value, limit=60):
    """A short ``repr`` of any value for an error message: never the whole of a big input, and
    bounded work too (``repr()`` of a huge list or string costs its whole size): text is cut
    before it is quoted, containers show their first items."""
    if isinstance(value, str | bytes):
        text = repr(value[:limit])
    else:
        bounded = reprlib.Repr()  # one per call: the server answers requests in threads
        bounded.maxlevel = 2
        bounded.maxdict = bounded.maxlist = bounded.maxtuple = bounded.maxset = bounded.maxfrozenset = 6
        bounded.maxstring = bounded.maxother = bounded.maxlong = limit
        text = bounded.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_number(value, name, minimum=0.0, maximum=1e12):
    """A finite real number in ``[minimum, maximum]`` (ints, floats and numeric text)."""
    if isinstance(value, bool):
        raise InputError(f"{name} must be a number, got {excerpt(value)}.")
    if isinstance(value, str) and len(value) <= 64:
        try:
            value = float(value.strip())
        except ValueError:
            raise InputError(f"{name} must be a number, got {excerpt(value)}.") from None
    if not isinstance(value, (int, float)):
        raise InputError(f"{name} must be a number, got {excerpt(value)}.")
    try:
        value = float(value)
    except OverflowError:
        raise InputError(f"{name} must be at most {maximum:g}.") from None
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {value!r}.")
    if value < minimum:
        raise InputError(
            f"{name} cannot be negative, got {value:g}."
            if minimum == 0
            else f"{name} must be at least {minimum:g}, got {value:g}."
        )
    if value > maximum:
        raise InputError(f"{name} must be at most {maximum:g}, got {value:g}.")
    return value


def parse_int(value, name, minimum=0, maximum=MAX_INT):
    """A whole number in ``[minimum, maximum]`` (integral floats and numeric text accepted)."""
    if isinstance(value, bool):
        raise InputError(f"{name} must be a whole number, got {excerpt(value)}.")
    if isinstance(value, str) and len(value) <= 32:
        try:
            value = int(value.strip())
        except ValueError:
            raise InputError(f"{name} must be a whole number, got {excerpt(value)}.") from None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InputError(f"{name} must be a whole number, got {value!r}.")
        value = int(value)
    if not isinstance(value, int):
        raise InputError(f"{name} must be a whole number, got {excerpt(value)}.")
    if value < minimum:
        raise InputError(f"{name} must be at least {minimum}, got {value}.")
    if value > maximum:
        raise InputError(f"{name} must be at most {maximum}, got {value}.")
    return value


def parse_name_list(value, name="modules", maximum=MAX_NAMES):
    """A list of at most ``maximum`` items from ``None``, one string, a list or a tuple
    (the items themselves are checked by the caller)."""
    if value in (None, False, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise InputError(f"{name} must be a list of names, got {excerpt(value)}.")
    if len(value) > maximum:
        raise InputError(f"{name}: at most {maximum} names in one call, got {len(value)}.")
    return list(value)


def parse_optional_text(value, name, maximum=DEFAULT_CHAR_MAX):
    """Stripped text or ``""`` for ``None``/``False``; refuses other types and long values."""
    if value in (None, False):
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, got {excerpt(value)}.")
    value = value.strip()
    if len(value) > maximum:
        raise InputError(f"{name} must be at most {maximum} characters, got {len(value)}.")
    return value
