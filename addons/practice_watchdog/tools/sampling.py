"""Deterministic sample of "representative rows".

A sample is the ``edge`` lowest ids, the ``edge`` highest ids, and every id congruent to
the seed modulo the *stride* (about one row in ``stride``). The stride is ``modulus``,
doubled as often as needed to keep the seeded part at ``max_seeded`` ids or fewer over the
id range: a table of a million rows is sampled by a few hundred lookups, not by a thousand
or more, while small tables keep one row in ``modulus``.

The same ids are picked by every snapshot for as long as they exist and the stride holds,
so a changed hash means changed rows, not a different sample. The stride only changes when
the id range doubles (or halves); a doubled stride picks a subset of the ids it picked
before, and the snapshot records the stride so that a diff tells "resampled" from
"changed". The seeded ids are an arithmetic progression, so PostgreSQL fetches them by
primary-key lookups instead of scanning the table. :func:`sql_sample_ids` and
:func:`sql_stride` are the same rules in SQL.
"""

from odoo.tools import SQL

DEFAULT_EDGE = 10
DEFAULT_MODULUS = 1000
DEFAULT_MAX_SEEDED = 250
DEFAULT_SEED = 17
# Odoo ids are 32-bit: 2**31 times the modulus covers any id range.
MAX_DOUBLINGS = 31


def stride(lo, hi, modulus=DEFAULT_MODULUS, max_seeded=DEFAULT_MAX_SEEDED):
    """The seeded sample's step over ids ``lo..hi``: ``modulus × 2**k`` for the smallest
    ``k ≥ 0`` with ``(hi - lo + 1) ≤ step × max_seeded`` (``max_seeded`` 0: no cap)."""
    modulus = max(int(modulus), 1)
    if lo is None or hi is None or max_seeded <= 0:
        return modulus
    needed = -(-(hi - lo + 1) // max_seeded)  # ceil(span / max_seeded)
    step = modulus
    while step < needed and step < modulus << MAX_DOUBLINGS:
        step <<= 1
    return step


def is_seeded(record_id, step=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """Whether ``record_id`` is in the seeded part of a sample of stride ``step``."""
    if step <= 1:
        return True
    return record_id % step == seed % step


def sample_ids(
    ids, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED, max_seeded=DEFAULT_MAX_SEEDED
):
    """The sampled ids among ``ids``, ascending (reference implementation of the SQL rule)."""
    ordered = sorted(set(ids))
    if not ordered:
        return []
    step = stride(ordered[0], ordered[-1], modulus, max_seeded)
    picked = set(ordered[:edge]) | set(ordered[-edge:] if edge else [])
    picked.update(i for i in ordered if is_seeded(i, step, seed))
    return sorted(picked)


def _sql_bounds(ident):
    return SQL("(SELECT min(id) AS lo, max(id) AS hi FROM %s) b", ident)


def _sql_step(modulus, max_seeded):
    """SQL expression of :func:`stride` over the columns ``b.lo``/``b.hi`` (exact integers)."""
    modulus = max(int(modulus), 1)
    if max_seeded <= 0:
        return SQL("%s::bigint", modulus)
    return SQL(
        "(SELECT %s::bigint << coalesce(min(k), %s) FROM generate_series(0, %s) k "
        "WHERE (%s::bigint << k) >= coalesce((b.hi::bigint - b.lo + %s) / %s, 0))",
        modulus,
        MAX_DOUBLINGS,
        MAX_DOUBLINGS,
        modulus,
        int(max_seeded),
        int(max_seeded),
    )


def sql_stride(table, modulus=DEFAULT_MODULUS, max_seeded=DEFAULT_MAX_SEEDED):
    """SQL query of the stride of ``table`` (one row, one column; the modulus when empty)."""
    return SQL("SELECT %s FROM %s", _sql_step(modulus, max_seeded), _sql_bounds(SQL.identifier(table)))


def sql_sample_ids(
    table, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED, max_seeded=DEFAULT_MAX_SEEDED
):
    """SQL query of the sampled ids of ``table`` (column ``id``), index lookups only."""
    ident = SQL.identifier(table)
    parts = [
        SQL(
            "SELECT g AS id FROM %s, LATERAL (SELECT %s AS m) s, "
            "generate_series(b.lo + mod(mod(%s - b.lo, s.m) + s.m, s.m), b.hi, s.m) g",
            _sql_bounds(ident),
            _sql_step(modulus, max_seeded),
            seed,
        )
    ]
    if edge > 0:
        parts.append(SQL("(SELECT id FROM %s ORDER BY id LIMIT %s)", ident, edge))
        parts.append(SQL("(SELECT id FROM %s ORDER BY id DESC LIMIT %s)", ident, edge))
    return SQL(" UNION ").join(parts)
