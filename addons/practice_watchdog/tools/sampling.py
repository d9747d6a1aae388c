"""Deterministic sample of "representative rows".

A sample is the ``edge`` lowest ids, the ``edge`` highest ids, and every id whose seeded
hash falls in bucket 0 of ``modulus`` buckets (about one row in ``modulus``). The same ids
are picked by every snapshot for as long as they exist, so a changed hash means changed
rows, not a different sample. :func:`sql_condition` is the same rule in SQL.
"""

from odoo.tools import SQL

# Knuth's multiplicative constant: spreads consecutive ids over the buckets.
MULTIPLIER = 2654435761
DEFAULT_EDGE = 10
DEFAULT_MODULUS = 1000
DEFAULT_SEED = 17


def is_seeded(record_id, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """Whether ``record_id`` is in the seeded part of the sample."""
    if modulus <= 1:
        return True
    return (record_id * MULTIPLIER + seed) % modulus == 0


def sample_ids(ids, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """The sampled ids among ``ids``, ascending (reference implementation of the SQL rule)."""
    ordered = sorted(set(ids))
    picked = set(ordered[:edge]) | set(ordered[-edge:] if edge else [])
    picked.update(i for i in ordered if is_seeded(i, modulus, seed))
    return sorted(picked)


def sql_condition(table, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """SQL boolean expression selecting the sampled rows of ``table`` (alias-free)."""
    ident = SQL.identifier(table)
    parts = []
    if edge > 0:
        parts.append(
            SQL(
                "id <= (SELECT max(e.id) FROM (SELECT id FROM %s ORDER BY id LIMIT %s) e)"
                " OR id >= (SELECT min(e.id) FROM (SELECT id FROM %s ORDER BY id DESC LIMIT %s) e)",
                ident,
                edge,
                ident,
                edge,
            )
        )
    if modulus <= 1:
        parts.append(SQL("TRUE"))
    else:
        parts.append(SQL("mod(id::bigint * %s + %s, %s) = 0", MULTIPLIER, seed, modulus))
    return SQL("(%s)", SQL(" OR ").join(parts))
