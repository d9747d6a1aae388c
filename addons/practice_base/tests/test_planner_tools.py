# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the planner-statistics helpers (no database)."""

from types import SimpleNamespace

import pytest

from odoo.addons.practice_base.tools import planner

pytestmark = pytest.mark.integrity


def _field(type_, store=True, relation=None):
    return SimpleNamespace(type=type_, store=store, relation=relation)


def test_model_tables_are_its_table_and_its_stored_many2many_tables():
    model = SimpleNamespace(
        _table="practice_rule",
        _fields={
            "name": _field("char"),
            "module_ids": _field("many2many", relation="practice_rule_code_module_rel"),
            "runbook_ids": _field("many2many", relation="practice_rule_runbook_rel"),
            "computed_ids": _field("many2many", store=False, relation="not_a_table"),
            "repo_id": _field("many2one", relation="practice.repo"),
        },
    )
    assert planner.model_tables(model) == [
        "practice_rule",
        "practice_rule_code_module_rel",
        "practice_rule_runbook_rel",
    ]


def test_analyze_runs_one_statement_per_table():
    done = []
    cursor = SimpleNamespace(execute=lambda query: done.append(query.code))
    planner.analyze(cursor, ["a", "b"])
    planner.analyze(cursor, ["c"], vacuum=True)
    assert done == ['ANALYZE "a"', 'ANALYZE "b"', 'VACUUM ANALYZE "c"']
