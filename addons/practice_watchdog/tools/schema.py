"""Schema capture and comparison: what a snapshot records of each watched table's structure,
and which changes between two snapshots are findings.

A snapshot's schema is a plain dict (stored as compact JSON on the snapshot)::

    {"v": 1, "models": {model: {"table": t, "columns": {name: [sql_type, not_null]},
                                "fields": [stored field names]}}}

A watched model whose table does not exist (dropped under the ORM's feet, or a model of an
uninstalled module that the previous snapshot of the scope measured) is recorded as
``{"table": t, "missing": true}``. The columns of every watched table come from one query
to ``pg_attribute`` (:func:`columns_query`), never one per model.

:func:`compare` turns two schemas into findings; :func:`module_findings` turns the module
vector's changes (see :mod:`.modvec`) into findings for uninstalled modules; :func:`lines`
makes them diff lines of kind ``schema`` (metric ``schema:<change>[:<name>]``).
"""

import hashlib
import json

from odoo.tools import SQL

VERSION = 1
# Bounds of what one snapshot stores: PostgreSQL allows 1,600 columns per table.
MAX_COLUMNS = 1600
MAX_FIELDS = 2000

# change → (severity, what it means); "high" = data can be lost or unreadable, "low" = flagged,
# "info" = reported only.
CHANGES = {
    "table_vanished": "high",
    "column_dropped": "high",
    "column_retyped": "high",
    "module_uninstalled": "high",
    "not_null": "low",
    "field_removed": "low",
    "column_added": "info",
    "field_added": "info",
    "null_allowed": "info",
}
MODULE_MODEL = "ir.module.module"


def columns_query(tables):
    """``(table, column, sql_type, not_null)`` of every live column of ``tables`` (in the
    current schema), in one statement."""
    return SQL(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull "
        "FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE c.relname = ANY(%s) AND c.relkind IN ('r', 'p') "
        "ORDER BY c.relname, a.attnum",
        sorted(set(tables)),
    )


def capture(tables, rows, fields=None):
    """The schema dict from ``tables`` (``{model: table}``), the rows of :func:`columns_query`
    and ``fields`` (``{model: [stored field names]}``; models without an entry record none)."""
    fields = fields or {}
    by_table = {}
    for table, column, sql_type, not_null in rows:
        by_table.setdefault(table, {})[column] = (sql_type, not_null)
    for table, columns in by_table.items():
        if len(columns) > MAX_COLUMNS:
            by_table[table] = dict(list(columns.items())[:MAX_COLUMNS])
    models = {}
    for model, table in sorted(tables.items()):
        if table not in by_table:
            models[model] = {"table": table, "missing": True}
            continue
        models[model] = {
            "table": table,
            "columns": by_table[table],
            "fields": sorted(fields.get(model, ()))[:MAX_FIELDS],
        }
    return {"v": VERSION, "models": models}


def dumps(schema):
    """Compact JSON of a schema (what the snapshot stores and hashes): canonical for a
    schema made by :func:`capture` (models sorted, columns in table order)."""
    return json.dumps(schema, separators=(",", ":"))


def loads(text):
    """The schema dict of a stored text, or None (no schema recorded, or unreadable)."""
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        return None
    return data


def schema_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def missing_models(schema):
    """Models of ``schema`` whose table does not exist."""
    return {model for model, entry in (schema or {}).get("models", {}).items() if entry.get("missing")}


def prune_specs(specs, schema):
    """The measurement specs without what no longer exists: a spec whose table is missing
    is left out, hashed and computed columns that are no longer in the table are dropped
    (the sample is hashed over ``id`` when none is left). Measuring a dropped column would
    fail the whole snapshot; the schema lines say what went."""
    if not schema:
        return list(specs)
    models = schema.get("models", {})
    kept = []
    for spec in specs:
        entry = models.get(spec["model"])
        if entry is None:
            kept.append(spec)
            continue
        if entry.get("missing"):
            continue
        columns = entry.get("columns", {})
        hashed = [c for c in spec["hash_columns"] if c in columns] or ["id"]
        computed = [c for c in spec["computed_columns"] if c in columns]
        if hashed != list(spec["hash_columns"]) or computed != list(spec["computed_columns"]):
            spec = dict(spec, hash_columns=hashed, computed_columns=computed)
        kept.append(spec)
    return kept


def _finding(model, change, name, before, after):
    return {
        "model": model,
        "change": change,
        "name": name,
        "before": before,
        "after": after,
        "severity": CHANGES[change],
    }


def _column_text(column):
    sql_type, not_null = column
    return f"{sql_type} NOT NULL" if not_null else sql_type


def compare(before, after):
    """Findings between two schema dicts: ``[{"model", "change", "name", "before", "after",
    "severity"}]``, sorted by model, change and name. Either side None (not recorded) → no
    findings. A model the later snapshot does not record at all left the scope: not a
    finding (a vanished table is recorded as missing)."""
    if not before or not after:
        return []
    old_models, new_models = before.get("models", {}), after.get("models", {})
    findings = []
    for model in sorted(set(old_models) & set(new_models)):
        old, new = old_models[model], new_models[model]
        if old.get("missing"):
            continue
        if new.get("missing"):
            findings.append(_finding(model, "table_vanished", "", old.get("table", ""), ""))
            continue
        old_cols, new_cols = old.get("columns", {}), new.get("columns", {})
        for name in sorted(set(old_cols) | set(new_cols)):
            a, b = old_cols.get(name), new_cols.get(name)
            if b is None:
                findings.append(_finding(model, "column_dropped", name, _column_text(a), ""))
            elif a is None:
                findings.append(_finding(model, "column_added", name, "", _column_text(b)))
            else:
                if a[0] != b[0]:
                    findings.append(_finding(model, "column_retyped", name, a[0], b[0]))
                if b[1] and not a[1]:
                    findings.append(_finding(model, "not_null", name, "NULL", "NOT NULL"))
                elif a[1] and not b[1]:
                    findings.append(_finding(model, "null_allowed", name, "NOT NULL", "NULL"))
        old_fields, new_fields = set(old.get("fields", ())), set(new.get("fields", ()))
        for name in sorted(old_fields - new_fields):
            findings.append(_finding(model, "field_removed", name, "stored", ""))
        for name in sorted(new_fields - old_fields):
            findings.append(_finding(model, "field_added", name, "", "stored"))
    findings.sort(key=lambda f: (f["model"], f["change"], f["name"]))
    return findings


def module_findings(changes):
    """Findings for modules uninstalled between two snapshots, from :func:`.modvec.diff`."""
    return [
        _finding(MODULE_MODEL, "module_uninstalled", change["module"], change["before"], change["after"])
        for change in changes
        if change["change"] == "removed"
    ]


def metric(finding):
    name = finding["name"]
    return f"schema:{finding['change']}:{name}" if name else f"schema:{finding['change']}"


def change_of(metric_name):
    """The change of a ``schema:<change>[:<name>]`` metric."""
    parts = metric_name.split(":", 2)
    return parts[1] if len(parts) > 1 else ""


def severity_of(metric_name):
    return CHANGES.get(change_of(metric_name), "info")


def lines(findings):
    """Findings as diff lines (the shape of :func:`.diff.compare_metric`)."""
    result = []
    for finding in findings:
        flagged = finding["severity"] != "info"
        result.append(
            {
                "model": finding["model"],
                "metric": metric(finding),
                "kind": "schema",
                "before": finding["before"],
                "after": finding["after"],
                "delta": finding["change"].replace("_", " "),
                "delta_pct": None,
                "threshold": "schema change" if flagged else "reported only",
                "flagged": flagged,
            }
        )
    return result
