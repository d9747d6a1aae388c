# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of ``tools/bulk.py``: the SQL of many rows in one statement (no database:
the statements are rendered, and mis-shaped rows are refused before any SQL exists)."""

import pytest

from odoo.tools import SQL

from odoo.addons.practice_eval.tools import bulk

pytestmark = pytest.mark.integrity

COLUMNS = [("name", "varchar"), ("duration", "float"), ("ok", "bool")]


def test_insert_renders_one_statement_with_constants_and_arrays():
    query = bulk.insert(
        "practice_eval_case",
        {"run_id": 7},
        COLUMNS,
        [("a", 0.5, True), ("b", False, False)],
        returning=("id",),
        on_conflict=SQL("(run_id, name) DO NOTHING"),
    )
    code = query.code
    assert code.startswith('INSERT INTO "practice_eval_case" ("run_id", "name", "duration", "ok") SELECT')
    assert "unnest(%s::varchar[], %s::float8[], %s::bool[])" in code
    assert code.endswith('ON CONFLICT (run_id, name) DO NOTHING RETURNING "id"')
    # constants first, then one array per column; False is NULL except in bool columns
    assert query.params == [7, ["a", "b"], [0.5, None], [True, False]]


def test_update_sets_columns_from_arrays_by_key():
    query = bulk.update("t", {"write_uid": 2}, [("id", "int"), ("name", "varchar")], [(1, "x"), (2, False)])
    assert query.code.startswith('UPDATE "t" AS t SET "write_uid" = %s, "name" = u."c1" FROM unnest(')
    assert query.code.endswith('WHERE t."id" = u."c0"')
    assert query.params == [2, [1, 2], ["x", None]]


def test_no_rows_still_renders_empty_arrays():
    query = bulk.insert("t", {}, COLUMNS, [])
    assert query.params == [[], [], []]


@pytest.mark.parametrize(
    ("columns", "rows", "message"),
    [
        (COLUMNS, [("a", 1.0)], "row 1 has 2 values for 3 columns"),
        ([("name", "jsonb")], [("a",)], "unknown type 'jsonb'"),
    ],
)
def test_mis_shaped_rows_are_refused(columns, rows, message):
    with pytest.raises(bulk.BulkError, match=message):
        bulk.insert("t", {}, columns, rows)


def test_update_needs_the_key_first():
    with pytest.raises(bulk.BulkError, match="first column must be the key 'id'"):
        bulk.update("t", {}, [("name", "varchar"), ("id", "int")], [("a", 1)])


def test_copy_renders_the_statement_and_one_line_per_row():
    statement, data = bulk.copy(
        "practice_eval_case", {"run_id": 7}, COLUMNS, [("a", 0.5, True), ("b", False, False)]
    )
    assert statement == 'COPY "practice_eval_case" ("run_id", "name", "duration", "ok") FROM STDIN'
    # constants first on every row; False is NULL (\N) except in bool columns
    assert data == "7\ta\t0.5\tt\n7\tb\t\\N\tf\n"


def test_copy_escapes_what_ends_a_value_or_a_row():
    _statement, data = bulk.copy(
        "t", {}, [("text", "text")], [("tab\there",), ("line\nbreak\r",), ("back\\slash",), ("",)]
    )
    assert data.splitlines() == ["tab\\there", "line\\nbreak\\r", "back\\\\slash", ""]


def test_copy_writes_what_postgresql_reads_for_odd_floats_and_none():
    _statement, data = bulk.copy(
        "t",
        {},
        [("f", "float"), ("i", "int"), ("b", "bool")],
        [(float("inf"), None, None), (float("nan"), 3, True)],
    )
    assert data == "Infinity\t\\N\t\\N\nNaN\t3\tt\n"


def test_copy_refuses_a_nul_character_and_renders_no_rows_as_no_data():
    with pytest.raises(bulk.BulkError, match="NUL character"):
        bulk.copy("t", {}, [("text", "text")], [("a\x00b",)])
    assert bulk.copy("t", {"run_id": 1}, COLUMNS, [])[1] == ""
    with pytest.raises(bulk.BulkError, match="row 1 has 2 values for 3 columns"):
        bulk.copy("t", {}, COLUMNS, [("a", 1.0)])
