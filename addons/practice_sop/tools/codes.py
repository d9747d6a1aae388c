# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Formats of error codes (``DB_CONNECTION_LEAK``) and SOP codes (``SOP-TRIAGE-001``)."""

import re

from odoo.addons.practice_base.tools import guard

ERROR_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
SOP_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
MAX_CODE = 64


class CodeError(ValueError):
    """A malformed code; the message names it and shows the expected form."""


def _short(value):
    return guard.excerpt(value, 70)


def error_code(value):
    """``value`` stripped when it is an uppercase snake-case code (``DB_CONNECTION_LEAK``), else
    :class:`CodeError` (suggesting the uppercase form when that one would do)."""
    if not isinstance(value, str) or not value.strip():
        raise CodeError(f"error code must be a non-empty text like DB_CONNECTION_LEAK, got {_short(value)}")
    code = value.strip()
    if len(code) > MAX_CODE:
        raise CodeError(f"error code is limited to {MAX_CODE} characters, got {len(code)}")
    if not ERROR_CODE_RE.match(code):
        hint = ""
        guess = re.sub(r"[^A-Z0-9]+", "_", code.upper()).strip("_")
        if guess and ERROR_CODE_RE.match(guess):
            hint = f" (did you mean {guess}?)"
        raise CodeError(
            f"error code {_short(code)} must be uppercase snake case like DB_CONNECTION_LEAK{hint}"
        )
    return code


def sop_code(value):
    """``value`` stripped when it is an uppercase dashed code (``SOP-TRIAGE-001``), else CodeError."""
    if not isinstance(value, str) or not value.strip():
        raise CodeError(f"SOP code must be a non-empty text like SOP-TRIAGE-001, got {_short(value)}")
    code = value.strip()
    if len(code) > MAX_CODE or not SOP_CODE_RE.match(code):
        raise CodeError(
            f"SOP code {_short(code)} must be uppercase words joined by dashes, like SOP-TRIAGE-001"
        )
    return code
