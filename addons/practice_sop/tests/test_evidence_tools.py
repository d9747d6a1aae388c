# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from odoo.addons.practice_sop.tools import evidence

pytestmark = pytest.mark.security


def test_within_bounds():
    assert evidence.problem(0, []) is None
    assert evidence.problem(evidence.MAX_FILES - 1, [evidence.MAX_BYTES]) is None


def test_too_many_files_counts_the_step_files_too():
    assert evidence.problem(evidence.MAX_FILES, [1]) == ("count", evidence.MAX_FILES + 1)
    assert evidence.problem(0, [1] * (evidence.MAX_FILES + 1)) == ("count", evidence.MAX_FILES + 1)


def test_first_oversize_file_is_named():
    assert evidence.problem(0, [1, evidence.MAX_BYTES + 1, evidence.MAX_BYTES + 2]) == (
        "size",
        1,
        evidence.MAX_BYTES + 1,
    )
    assert evidence.problem(0, [None]) is None
