"""The planner's statistics of tables written in bulk.

A table created empty is planned as one row until autovacuum's next ANALYZE; what writes
hundreds of rows at once (a vault import, a benchmark's set-up) refreshes them itself.
:func:`model_tables` says which tables a model's rows live in; :func:`analyze` refreshes them.
"""

from odoo.tools import SQL


def model_tables(model):
    """The table of ``model`` (a recordset or model class) and those of its stored many2many
    fields, sorted."""
    tables = {model._table}
    tables.update(
        field.relation
        for field in model._fields.values()
        if field.type == "many2many" and field.store and field.relation
    )
    return sorted(tables)


def analyze(cr, tables, vacuum=False):
    """``ANALYZE`` each of ``tables`` (inside the current transaction: rolled back with it);
    with ``vacuum``, ``VACUUM ANALYZE`` (the caller's connection must be in autocommit)."""
    command = SQL("VACUUM ANALYZE") if vacuum else SQL("ANALYZE")
    for table in tables:
        cr.execute(SQL("%s %s", command, SQL.identifier(table)))
