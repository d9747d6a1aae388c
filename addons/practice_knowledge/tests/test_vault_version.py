# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of vault file versions and push conflicts (no database)."""

import hashlib

import pytest

from ..tools import vault_version as vv

pytestmark = pytest.mark.integrity


def test_version_is_the_sha256_of_the_text():
    text = "---\nterm: lease\n---\n\nExpires. é\n"
    assert vv.file_version(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert len(vv.file_version("")) == vv.VERSION_LENGTH
    assert vv.versions_of({"a.md": "x", "b.md": "x"}) == {
        "a.md": vv.file_version("x"),
        "b.md": vv.file_version("x"),
    }


def test_conflicts_name_what_changed_and_skip_what_matches():
    base = {"same.md": "v1", "changed.md": "v1", "gone.md": "v1"}
    server = {"same.md": "v1", "changed.md": "v2", "new.md": "v9", "untouched.md": "v5"}
    paths = ["same.md", "changed.md", "gone.md", "new.md", "mine-only.md"]
    assert vv.find_conflicts(base, server, paths) == [
        ("changed.md", "v1", "v2", vv.CHANGED),
        ("gone.md", "v1", "", vv.DELETED),
        ("new.md", "", "v9", vv.ADDED),
    ]
    assert vv.find_conflicts(server, server, paths) == [], "a fresh base has no conflict"


@pytest.mark.parametrize(
    "base, message",
    [
        (["a.md"], "must be a mapping"),
        ({"": "v"}, "bad path"),
        ({5: "v"}, "bad path"),
        ({"a.md": 12}, "bad version"),
        ({"a.md": "x" * 65}, "bad version"),
        ({"x" * 1001: "v"}, "bad path"),
    ],
)
def test_bad_base_is_refused_with_a_short_message(base, message):
    with pytest.raises(ValueError, match=message) as info:
        vv.normalize_base(base)
    assert len(str(info.value)) < 120


def test_empty_versions_mean_no_file():
    assert vv.normalize_base({"a.md": "", "b.md": None, "c.md": False, "d.md": "v"}) == {"d.md": "v"}
