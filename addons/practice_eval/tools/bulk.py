# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Many rows in one statement: ``INSERT ... SELECT ... FROM unnest(arrays)`` and
``UPDATE ... FROM unnest(arrays)``.

An import of 10,000 test cases through ``create()`` spends most of its time on the ORM's
per-record work (defaults, stored related and computed fields, then one UPDATE per scenario);
the same rows go in with one statement per table. The callers write every column the ORM
would (stored related/computed values, the access-log columns) and invalidate the ORM cache
afterwards. Only the SQL is built here (no cursor): plain pytest tests check it.
"""

from odoo.tools import SQL

# column type -> PostgreSQL array type of the unnest() argument
ARRAY_TYPES = {
    "int": "int4[]",
    "float": "float8[]",
    "varchar": "varchar[]",
    "text": "text[]",
    "bool": "bool[]",
    "timestamp": "timestamp[]",
}


class BulkError(ValueError):
    """Rows that do not match their columns."""


def _columns(columns, rows):
    names = [name for name, _kind in columns]
    for name, kind in columns:
        if kind not in ARRAY_TYPES:
            raise BulkError(f"column {name}: unknown type {kind!r}")
    for number, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise BulkError(f"row {number} has {len(row)} values for {len(columns)} columns")
    arrays = [list(array) for array in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    for index, (_name, kind) in enumerate(columns):
        if kind != "bool" and False in arrays[index]:
            arrays[index] = [None if value is False else value for value in arrays[index]]
    return names, arrays


def insert(table, constants, columns, rows, returning=(), on_conflict=None):
    """``INSERT INTO table`` one row per item of ``rows``.

    ``constants``: ``{column: value}`` equal on every row; ``columns``: ``[(column, type)]``
    (types of :data:`ARRAY_TYPES`) matching each row's tuple; ``returning``: column names;
    ``on_conflict``: an ``SQL`` clause such as ``SQL("(repo_id, name) DO NOTHING")``.
    ``False`` values are written as NULL (as the ORM does for empty fields), except in
    ``bool`` columns."""
    names, arrays = _columns(columns, rows)
    const_names = list(constants)
    alias = [f"c{index}" for index in range(len(names))]
    return SQL(
        "INSERT INTO %(table)s (%(cols)s) SELECT %(values)s FROM unnest(%(arrays)s) AS u(%(alias)s)"
        "%(conflict)s%(ret)s",
        table=SQL.identifier(table),
        cols=SQL(", ").join(SQL.identifier(name) for name in [*const_names, *names]),
        values=SQL(", ").join(
            [SQL("%s", constants[name]) for name in const_names] + [SQL.identifier(a) for a in alias]
        ),
        arrays=SQL(", ").join(
            SQL("%s::" + ARRAY_TYPES[kind], array)
            for (_name, kind), array in zip(columns, arrays, strict=True)
        ),
        alias=SQL(", ").join(SQL.identifier(a) for a in alias),
        conflict=SQL(" ON CONFLICT %s", on_conflict) if on_conflict is not None else SQL(),
        ret=SQL(" RETURNING %s", SQL(", ").join(SQL.identifier(r) for r in returning))
        if returning
        else SQL(),
    )


def update(table, constants, columns, rows, key="id"):
    """``UPDATE table`` row by row: ``columns[0]`` must be ``key`` (the row to update), the
    other columns are set from each row's tuple, ``constants`` on every updated row."""
    if not columns or columns[0][0] != key:
        raise BulkError(f"the first column must be the key {key!r}")
    names, arrays = _columns(columns, rows)
    alias = [f"c{index}" for index in range(len(names))]
    sets = [SQL("%s = %s", SQL.identifier(name), value) for name, value in constants.items()]
    sets += [
        SQL("%s = u.%s", SQL.identifier(name), SQL.identifier(a))
        for name, a in zip(names[1:], alias[1:], strict=True)
    ]
    return SQL(
        "UPDATE %(table)s AS t SET %(sets)s FROM unnest(%(arrays)s) AS u(%(alias)s) WHERE t.%(key)s = u.%(first)s",
        table=SQL.identifier(table),
        sets=SQL(", ").join(sets),
        arrays=SQL(", ").join(
            SQL("%s::" + ARRAY_TYPES[kind], array)
            for (_name, kind), array in zip(columns, arrays, strict=True)
        ),
        alias=SQL(", ").join(SQL.identifier(a) for a in alias),
        key=SQL.identifier(key),
        first=SQL.identifier(alias[0]),
    )
