"""Token usage of a session and its cost from a price table (no ORM).

A session's usage is ``{model id: counters}``, as the client's transcript reader
(``practice_client.transcript.read_usage``) answers it in ``models``: the input, output,
cache-write and cache-read tokens of the model's API calls, the part of the cache writes with a
1-hour lifetime, and the number of messages (API responses).

Prices are per million tokens and per *model family*, a prefix of the model id
(``claude-opus-4-6`` prices ``claude-opus-4-6`` and ``claude-opus-4-6-20260205``, but
``claude-fable-5-2`` does not price ``claude-fable-5-20260301``: a family ends at a character
that is not a letter or digit). The longest matching family wins; among its rows, the one
valid at the session's start day (the latest ``date_from`` on or before it), else its earliest
row (a session older than every known price of its model takes the first one known).
"""

import re

from odoo.addons.practice_base.tools import guard

COUNTERS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_creation_1h_input_tokens",
    "cache_read_input_tokens",
)
ACCEPTED = (*COUNTERS, "messages")
MAX_MODELS = 32
MAX_MODEL_ID = 128
PER = 1_000_000
# a provider's prefix in front of the Anthropic id (Bedrock "us.anthropic.claude-…")
_PROVIDER_PREFIX = re.compile(r"^[a-z0-9_.:/-]*?(?=claude-)")
MODEL_ID_RE = re.compile(r"^[A-Za-z0-9_.:@/\[\]+-]+$")


def normalize_model(model_id):
    """The model id as priced: stripped, lower case, without a cloud provider's prefix."""
    model = (model_id or "").strip().lower()
    return _PROVIDER_PREFIX.sub("", model, count=1)


def family_matches(family, model_id):
    """Does the price family ``family`` (a model id prefix) cover ``model_id``?"""
    family, model = normalize_model(family), normalize_model(model_id)
    if not family or not model.startswith(family):
        return False
    rest = model[len(family) :]
    return not rest or not rest[0].isalnum()


def family_candidates(model_id):
    """Every family name that may cover ``model_id``: its prefixes that end at a separator, and
    the whole id (so a price search reads only the rows that can match)."""
    model = normalize_model(model_id)
    found = [model[:index] for index, char in enumerate(model) if index and not char.isalnum()]
    return [*found, model] if model else []


def pick_price(model_id, day, rows):
    """The key of the row of ``rows`` (``(family, date_from, key)``; ``date_from`` a date or
    ``None`` for "always") that prices ``model_id`` for a session started on ``day``; ``None``
    when no family covers the model."""
    matching = [row for row in rows if family_matches(row[0], model_id)]
    if not matching:
        return None
    longest = max(len(normalize_model(row[0])) for row in matching)
    rows_of_family = [row for row in matching if len(normalize_model(row[0])) == longest]

    def start(row):
        return row[1].toordinal() if row[1] else 0

    valid = [row for row in rows_of_family if day is None or start(row) <= day.toordinal()]
    if valid:
        return max(valid, key=start)[2]
    return min(rows_of_family, key=start)[2]


def cost(counters, prices):
    """Cost of ``counters`` at ``prices`` (``{"input", "output", "cache_write",
    "cache_write_1h", "cache_read"}`` per million tokens), in the prices' currency. Cache writes
    with a 1-hour lifetime take the 1-hour price, the others the 5-minute one."""
    writes = counters.get("cache_creation_input_tokens", 0)
    writes_1h = min(counters.get("cache_creation_1h_input_tokens", 0), writes)
    total = (
        counters.get("input_tokens", 0) * prices["input"]
        + counters.get("output_tokens", 0) * prices["output"]
        + (writes - writes_1h) * prices["cache_write"]
        + writes_1h * prices["cache_write_1h"]
        + counters.get("cache_read_input_tokens", 0) * prices["cache_read"]
    )
    return total / PER


def total_tokens(counters):
    """Every token the calls consumed: input, output, cache writes and cache reads."""
    return sum(
        counters.get(name, 0)
        for name in (
            "input_tokens",
            "output_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
        )
    )


def main_model(costs):
    """The model a session mostly ran on, from ``{model: (cost, tokens)}``: the highest cost,
    then the most tokens, then the name; ``""`` for none."""
    if not costs:
        return ""
    return min(costs, key=lambda model: (-costs[model][0], -costs[model][1], model))


def parse_usage(usage, maximum=MAX_MODELS):
    """``{model: {counter: int, "messages": int}}`` from what a caller sent: a dict of at most
    ``maximum`` model ids (1 to 128 characters) to dicts of non-negative whole numbers among
    :data:`ACCEPTED` (missing ones are 0; a 1-hour write count above the writes is refused).
    Two ids that are the same once stripped are added up. Raises :class:`guard.InputError`."""
    if not isinstance(usage, dict):
        raise guard.InputError(
            f"usage must be a dict of model ids to token counts, got {guard.excerpt(usage)}."
        )
    if len(usage) > maximum:
        raise guard.InputError(f"usage: at most {maximum} models in one call, got {len(usage)}.")
    parsed = {}
    for model, counters in usage.items():
        name = guard.parse_optional_text(model, "usage: a model id", MAX_MODEL_ID)
        if not name or not MODEL_ID_RE.match(name):
            raise guard.InputError(
                f"usage: a model id is 1 to {MAX_MODEL_ID} letters, digits or -._:@/[]+, got {guard.excerpt(model)}."
            )
        if not isinstance(counters, dict):
            raise guard.InputError(
                f"usage[{name!r}] must be a dict of token counts, got {guard.excerpt(counters)}."
            )
        unknown = sorted(str(key) for key in counters if key not in ACCEPTED)
        if unknown:
            raise guard.InputError(
                f"usage[{name!r}]: unknown counter(s) {guard.excerpt(', '.join(unknown))}; "
                f"use {', '.join(ACCEPTED)}."
            )
        values = {key: guard.parse_int(counters.get(key, 0), f"usage[{name!r}].{key}") for key in ACCEPTED}
        if values["cache_creation_1h_input_tokens"] > values["cache_creation_input_tokens"]:
            raise guard.InputError(
                f"usage[{name!r}]: cache_creation_1h_input_tokens ({values['cache_creation_1h_input_tokens']}) "
                f"is a part of cache_creation_input_tokens ({values['cache_creation_input_tokens']})."
            )
        into = parsed.setdefault(name, dict.fromkeys(ACCEPTED, 0))
        for key, value in values.items():
            into[key] = min(into[key] + value, guard.MAX_INT)
    return parsed
