# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the one scope builder of snapshots (no database)."""

import pytest

from odoo.addons.practice_watchdog.tools import diff, scope

pytestmark = pytest.mark.domain


def test_scope_plan_is_plain_data_with_the_attachment_threshold():
    spec = {"model": "res.partner", "table": "res_partner", "hash_columns": ["id"]}
    plan = scope.Scope(
        models=(spec,), attachments=1, files_sample=20, attachment_threshold=diff.Threshold(pct=3, abs=7)
    ).as_dict()
    assert plan["models"] == [spec] and isinstance(plan["models"], list)
    assert plan["attachments"] is True and plan["files_sample"] == 20
    assert plan["attachment_threshold"] == diff.Threshold(pct=3, abs=7).as_dict()


def test_empty_scope_measures_nothing_and_uses_the_default_threshold():
    plan = scope.Scope().as_dict()
    assert plan == {
        "models": [],
        "attachments": False,
        "files_sample": 0,
        "attachment_threshold": diff.Threshold().as_dict(),
    }


def test_scope_is_frozen():
    with pytest.raises(AttributeError):
        scope.Scope().attachments = True
