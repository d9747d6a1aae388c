"""Bounds and checks of the watchdog's RPC inputs (labels, session ids, ids, model lists).

Each check returns ``None`` when the value is fine, else a short problem code that the
model turns into a translated UserError; :func:`excerpt` shortens a hostile value for an
error message.
"""

from odoo.addons.practice_base.tools import guard

MAX_LABEL = 256
MAX_SESSION_ID = guard.MAX_SESSION_ID
MAX_PROFILE_NAME = 256
MAX_MODELS = 100
MAX_MODEL_NAME = 128
MAX_RESOLUTION = 10_000
# PostgreSQL ``integer`` ids.
MAX_ID = 2**31 - 1
EXCERPT = 60


def text_problem(value, limit, required=True):
    """``None`` or one of ``"type"``, ``"empty"``, ``"long"``, ``"nul"`` for a text input."""
    if not isinstance(value, str):
        return "type"
    if required and not value.strip():
        return "empty"
    if len(value) > limit:
        return "long"
    if "\x00" in value:
        return "nul"
    return None


def id_problem(value):
    """``None`` or ``"type"``/``"range"`` for a record id (a PostgreSQL integer > 0)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return "type"
    if not 0 < value <= MAX_ID:
        return "range"
    return None


def excerpt(value, limit=EXCERPT):
    """A short ``repr`` of ``value`` for an error message (:func:`guard.excerpt`)."""
    return guard.excerpt(value, limit)


def split_models(models):
    """``models`` as given over RPC (a list, or one string separated by commas/spaces) →
    a list; ``None`` when it is neither."""
    if isinstance(models, str):
        return [m for m in models.replace(",", " ").split() if m]
    if isinstance(models, list | tuple):
        return list(models)
    return None


def bounded_label(text, limit=MAX_LABEL):
    """A label made by the server itself (cron, buttons, "… (after)"), cut to ``limit``."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
