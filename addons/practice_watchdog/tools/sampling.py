"""Deterministic sample of "representative rows".

A sample is the ``edge`` lowest ids, the ``edge`` highest ids, and every id congruent to
the seed modulo ``modulus`` (about one row in ``modulus``). The same ids are picked by every
snapshot for as long as they exist, so a changed hash means changed rows, not a different
sample; and the seeded ids are an arithmetic progression, so PostgreSQL fetches them by
primary-key lookups instead of scanning the table. :func:`sql_sample_ids` is the same rule
in SQL.
"""

from odoo.tools import SQL

DEFAULT_EDGE = 10
DEFAULT_MODULUS = 1000
DEFAULT_SEED = 17


def is_seeded(record_id, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """Whether ``record_id`` is in the seeded part of the sample."""
    if modulus <= 1:
        return True
    return record_id % modulus == seed % modulus


def sample_ids(ids, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """The sampled ids among ``ids``, ascending (reference implementation of the SQL rule)."""
    ordered = sorted(set(ids))
    picked = set(ordered[:edge]) | set(ordered[-edge:] if edge else [])
    picked.update(i for i in ordered if is_seeded(i, modulus, seed))
    return sorted(picked)


def sql_sample_ids(table, edge=DEFAULT_EDGE, modulus=DEFAULT_MODULUS, seed=DEFAULT_SEED):
    """SQL query of the sampled ids of ``table`` (column ``id``), index lookups only."""
    ident = SQL.identifier(table)
    modulus = max(int(modulus), 1)
    parts = [
        SQL(
            "SELECT g AS id FROM (SELECT min(id) AS lo, max(id) AS hi FROM %s) b, "
            "generate_series(b.lo + mod(mod(%s - b.lo, %s) + %s, %s), b.hi, %s) g",
            ident,
            seed,
            modulus,
            modulus,
            modulus,
            modulus,
        )
    ]
    if edge > 0:
        parts.append(SQL("(SELECT id FROM %s ORDER BY id LIMIT %s)", ident, edge))
        parts.append(SQL("(SELECT id FROM %s ORDER BY id DESC LIMIT %s)", ident, edge))
    return SQL(" UNION ").join(parts)
