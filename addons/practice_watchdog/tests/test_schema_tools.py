# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the schema capture and comparison (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.practice_watchdog.tools import diff, modvec, schema

pytestmark = pytest.mark.domain

ROWS = [
    ("catalog", "id", "integer", True),
    ("catalog", "name", "character varying", True),
    ("catalog", "line_count", "integer", False),
    ("catalog", "note", "text", False),
]
TABLES = {"x.catalog": "catalog"}
FIELDS = {"x.catalog": ["id", "name", "line_count", "note"]}


def _schema(rows=None, tables=None, fields=None):
    return schema.capture(
        TABLES if tables is None else tables,
        ROWS if rows is None else rows,
        FIELDS if fields is None else fields,
    )


def _changes(findings):
    return [(f["model"], f["change"], f["name"], f["severity"]) for f in findings]


def test_capture_records_columns_fields_and_missing_tables():
    captured = schema.capture({"x.catalog": "catalog", "x.gone": "gone"}, ROWS, FIELDS)
    entry = captured["models"]["x.catalog"]
    assert entry["columns"]["name"] == ("character varying", True)
    assert entry["columns"]["note"] == ("text", False)
    assert entry["fields"] == ["id", "line_count", "name", "note"]
    assert captured["models"]["x.gone"] == {"table": "gone", "missing": True}
    assert schema.missing_models(captured) == {"x.gone"}
    loaded = schema.loads(schema.dumps(captured))
    assert loaded["models"]["x.catalog"]["columns"]["name"] == ["character varying", True]
    assert schema.compare(captured, loaded) == []


def test_dropped_retyped_not_null_and_removed_field_are_findings():
    after_rows = [
        ("catalog", "id", "integer", True),
        ("catalog", "name", "text", True),
        ("catalog", "note", "text", True),
        ("catalog", "extra", "boolean", False),
    ]
    after = _schema(after_rows, fields={"x.catalog": ["id", "name", "note", "extra"]})
    findings = schema.compare(_schema(), after)
    assert _changes(findings) == [
        ("x.catalog", "column_added", "extra", "info"),
        ("x.catalog", "column_dropped", "line_count", "high"),
        ("x.catalog", "column_retyped", "name", "high"),
        ("x.catalog", "field_added", "extra", "info"),
        ("x.catalog", "field_removed", "line_count", "low"),
        ("x.catalog", "not_null", "note", "low"),
    ]
    dropped = findings[1]
    assert (dropped["before"], dropped["after"]) == ("integer", "")


def test_vanished_table_is_one_finding_and_model_leaving_scope_is_none():
    after = schema.capture(TABLES, [], FIELDS)
    assert _changes(schema.compare(_schema(), after)) == [("x.catalog", "table_vanished", "", "high")]
    assert schema.compare(_schema(), schema.capture({}, [], {})) == []
    # not recorded on one side (capture off, older snapshot): nothing to compare
    assert schema.compare(None, _schema()) == [] and schema.compare(_schema(), None) == []


def test_uninstalled_module_is_a_high_schema_line():
    before = [["sale", "installed", "18.0.1.0"], ["stock", "installed", "18.0.1.0"]]
    after = [["stock", "installed", "18.0.1.1"]]
    findings = schema.module_findings(modvec.diff(before, after))
    assert _changes(findings) == [("ir.module.module", "module_uninstalled", "sale", "high")]
    (line,) = schema.lines(findings)
    assert line["metric"] == "schema:module_uninstalled:sale" and line["kind"] == "schema"
    assert line["flagged"] and line["before"] == "installed 18.0.1.0" and line["after"] == "uninstalled"


def test_schema_lines_merge_into_a_diff_and_set_severity():
    result = diff.compare({("x.catalog", "count"): 10}, {("x.catalog", "count"): 10})
    assert result["ok"]
    after = _schema([row for row in ROWS if row[1] != "line_count"])
    lines = schema.lines(schema.compare(_schema(), after))
    merged = diff.with_lines(result, lines)
    assert not merged["ok"]
    assert [line["metric"] for line in merged["lines"]] == [
        "count",
        "schema:column_dropped:line_count",
        "schema:field_removed:line_count",
    ] or [line["metric"] for line in merged["lines"]] == ["count", "schema:column_dropped:line_count"]
    assert diff.severity(merged["flagged"]) == "high"
    text = diff.line_text("x.catalog", "schema:column_dropped:line_count", "schema", "integer", "", "")
    assert text == "x.catalog schema:column_dropped:line_count: integer → -"
    low = schema.lines(schema.compare(_schema(), _schema([*ROWS[:3], ("catalog", "note", "text", True)])))
    assert [line["metric"] for line in low] == ["schema:not_null:note"]
    assert diff.severity(low) == "low"


def test_prune_specs_leaves_out_missing_tables_and_columns():
    specs = [
        {
            "model": "x.catalog",
            "table": "catalog",
            "hash_columns": ["id", "name", "gone"],
            "computed_columns": ["gone"],
        },
        {"model": "x.gone", "table": "gone", "hash_columns": ["id"], "computed_columns": []},
        {"model": "x.other", "table": "other", "hash_columns": ["id"], "computed_columns": []},
    ]
    captured = schema.capture({"x.catalog": "catalog", "x.gone": "gone"}, ROWS, FIELDS)
    pruned = schema.prune_specs(specs, captured)
    assert [spec["model"] for spec in pruned] == ["x.catalog", "x.other"]
    assert pruned[0]["hash_columns"] == ["id", "name"] and pruned[0]["computed_columns"] == []
    assert specs[0]["hash_columns"] == ["id", "name", "gone"]  # not mutated
    assert schema.prune_specs(specs, None) == specs


def test_columns_query_is_one_statement_for_all_tables():
    query = schema.columns_query(["b", "a", "b"])
    assert "pg_attribute" in query.code and query.params == [["a", "b"]]


def test_capture_is_bounded():
    rows = [("t", f"c{i}", "integer", False) for i in range(schema.MAX_COLUMNS + 10)]
    captured = schema.capture({"m": "t"}, rows, {"m": [f"f{i}" for i in range(schema.MAX_FIELDS + 5)]})
    assert len(captured["models"]["m"]["columns"]) == schema.MAX_COLUMNS
    assert len(captured["models"]["m"]["fields"]) == schema.MAX_FIELDS


_names = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_column = st.tuples(st.sampled_from(["integer", "text", "boolean", "numeric(10,2)"]), st.booleans())
_models = st.dictionaries(
    _names,
    st.one_of(
        st.fixed_dictionaries(
            {
                "table": _names,
                "columns": st.dictionaries(_names, _column.map(list), max_size=6),
                "fields": st.lists(_names, max_size=6, unique=True).map(sorted),
            }
        ),
        st.fixed_dictionaries({"table": _names, "missing": st.just(True)}),
    ),
    max_size=5,
)


@given(_models)
def test_identical_schemas_have_no_findings(models):
    captured = {"v": schema.VERSION, "models": models}
    assert schema.compare(captured, captured) == []
    assert schema.compare(captured, schema.loads(schema.dumps(captured))) == []


@given(_models, _models)
def test_findings_are_symmetric_in_drops_and_adds(before, after):
    old = {"v": schema.VERSION, "models": before}
    new = {"v": schema.VERSION, "models": after}
    dropped = {(f["model"], f["name"]) for f in schema.compare(old, new) if f["change"] == "column_dropped"}
    added = {(f["model"], f["name"]) for f in schema.compare(new, old) if f["change"] == "column_added"}
    assert dropped == added
