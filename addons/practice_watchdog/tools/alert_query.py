"""What an agent may ask of the alert list over RPC (``practice.watchdog.alert.list_alerts``):
the state filters, the severity filter and the bounded page size.

Each check returns the value to use or raises :class:`ValueError` with a short problem code
that the model turns into a translated UserError.
"""

# state filter -> the alert states it lists (None: every state)
STATE_FILTERS = {
    "open": ("new", "acknowledged"),
    "new": ("new",),
    "acknowledged": ("acknowledged",),
    "resolved": ("resolved",),
    "all": None,
}
DEFAULT_STATE = "open"
SEVERITIES = ("low", "high")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def states(state):
    """The alert states listed for ``state`` (``None``: the default, the open alerts);
    ``None`` as an answer means every state. Raises ``ValueError("state")``."""
    if state in (None, False, ""):
        state = DEFAULT_STATE
    if not isinstance(state, str) or state not in STATE_FILTERS:
        raise ValueError("state")
    return STATE_FILTERS[state]


def severity(value):
    """``None`` (every severity) or one of :data:`SEVERITIES`. Raises ``ValueError("severity")``."""
    if value in (None, False, "", "all"):
        return None
    if not isinstance(value, str) or value not in SEVERITIES:
        raise ValueError("severity")
    return value


def limit(value):
    """A page size in ``1..MAX_LIMIT`` (``None``: the default). Raises ``ValueError("limit")``."""
    if value is None or value is False:  # XML-RPC clients send False for "none"
        return DEFAULT_LIMIT
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_LIMIT:
        raise ValueError("limit")
    return value


def joined_note(previous, note):
    """The resolution text after adding ``note`` to what was written before (a blank line
    between; nothing added twice)."""
    previous = (previous or "").strip()
    note = (note or "").strip()
    if not note or note == previous:
        return previous
    return f"{previous}\n\n{note}" if previous else note
