"""The snapshot's measurement statement, and running it as a prepared statement.

One statement measures every model of a scope (one ``UNION ALL`` branch per model): the
row count, null count and checksum of each computed column, and the sampled rows, their
hash and the sample's stride (see :mod:`.sampling`). Planning that statement costs as much
as a third of executing it on a million-row table, and a profile measures the same
statement again and again, so it runs as a prepared statement of the connection: planned
once per connection, re-planned by PostgreSQL itself when a table's structure or
statistics change.
"""

import hashlib
import json
from functools import lru_cache

from odoo.tools import SQL

from . import sampling

PREFIX = "practice_watchdog_"
# Prepared measurements kept per connection; beyond that (ad-hoc scopes of every shape)
# they are all deallocated and the current one prepared again.
MAX_PREPARED = 16


def branch(index, spec):
    """One ``UNION ALL`` branch: ``(index, text[])`` = count, then nulls and checksum per
    computed column, then sampled rows, their hash and the sample's stride. A spec with
    ``"count": False`` (and no computed columns) has NULL for its count and does not read
    the whole table."""
    table = SQL.identifier(spec["table"])
    edge, modulus, max_seeded = spec["edge"], spec["modulus"], spec["max_seeded"]
    select = [SQL("count(*)::text")]
    for column in spec["computed_columns"]:
        ident = SQL.identifier(column)
        select.append(SQL("(count(*) FILTER (WHERE %s IS NULL))::text", ident))
        select.append(SQL("coalesce(sum(hashtext(%s::text)::bigint), 0)::text", ident))
    row = SQL("ROW(%s)", SQL(", ").join(SQL.identifier("t", c) for c in spec["hash_columns"]))
    if spec.get("count", True):
        counts = SQL("SELECT ARRAY[%s] AS v FROM %s", SQL(", ").join(select), table)
    else:  # counted elsewhere (verified statistics): no scan of the table
        counts = SQL("SELECT ARRAY[NULL::text] AS v")
    return SQL(
        "(SELECT %s, c.v || ARRAY[s.n::text, s.h, (%s)::text] FROM (%s) c, "
        "(SELECT count(*) AS n, md5(string_agg(md5(%s::text), ',' ORDER BY t.id)) AS h "
        "FROM %s t WHERE t.id = ANY(ARRAY(%s))) s)",
        index,
        sampling.sql_stride(spec["table"], modulus=modulus, max_seeded=max_seeded),
        counts,
        row,
        table,
        sampling.sql_sample_ids(spec["table"], edge=edge, modulus=modulus, max_seeded=max_seeded),
    )


def statement(specs):
    """``(name, query)``: the measurement of ``specs`` and the name it is prepared under."""
    return _statement(json.dumps(specs, sort_keys=True))


@lru_cache(maxsize=128)
def _statement(key):
    specs = json.loads(key)
    query = SQL(" UNION ALL ").join(branch(index, spec) for index, spec in enumerate(specs))
    digest = hashlib.sha256(repr((query.code, query.params)).encode()).hexdigest()[:24]
    return PREFIX + digest, query


def execute_prepared(cr, name, query):
    """Execute ``query`` as the prepared statement ``name`` of ``cr``'s connection (prepared
    first when the connection does not have it yet) and return its rows. Prepared
    statements outlive transactions: a rolled-back snapshot leaves the plan for the next."""
    cr.execute(SQL("SELECT name FROM pg_prepared_statements WHERE starts_with(name, %s)", PREFIX))
    prepared = {row[0] for row in cr.fetchall()}
    if name not in prepared:
        if len(prepared) >= MAX_PREPARED:
            for old in sorted(prepared):
                cr.execute(SQL("DEALLOCATE %s", SQL.identifier(old)))
        cr.execute(SQL("PREPARE %s AS %s", SQL.identifier(name), query))
    cr.execute(SQL("EXECUTE %s", SQL.identifier(name)))
    return cr.fetchall()


def file_sample(sample):
    """``(id, store_fname)`` of about ``sample`` attachments stored as files, chosen the same
    way every time: the lowest ids, the highest ids and seeded ids in between (a third each;
    four candidates per file wanted in the middle, as url and database attachments have none).
    The caller checks that each file exists."""
    half = max(sample // 3, 1)
    return SQL(
        "(SELECT id, store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
        "ORDER BY id LIMIT %s) "
        "UNION (SELECT id, store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
        "ORDER BY id DESC LIMIT %s) "
        "UNION (SELECT a.id, a.store_fname FROM ir_attachment a WHERE a.id = ANY(ARRAY(%s)) "
        "AND a.store_fname IS NOT NULL ORDER BY a.id LIMIT %s)",
        half,
        half,
        sampling.sql_sample_ids(
            "ir_attachment", edge=0, modulus=97, max_seeded=4 * max(sample - 2 * half, 1)
        ),
        max(sample - 2 * half, 0),
    )
