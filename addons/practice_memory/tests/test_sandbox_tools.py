# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain unit tests of the sandbox helpers (no database)."""

from datetime import datetime, timedelta

import pytest

from odoo.addons.practice_memory.tools import sandbox as sb

pytestmark = pytest.mark.domain

NOW = datetime(2026, 1, 1, 12, 0)


def test_names():
    assert sb.check_name("sbx_abc_123") == "sbx_abc_123"
    assert sb.check_name("dev_sbx_1") == "dev_sbx_1"
    for bad in ("prod", "sbx_", "sbx_A", "sbx_a b", "x" * 80, None, 3):
        with pytest.raises(sb.SandboxInputError):
            sb.check_name(bad)


def test_urls_without_credentials():
    assert sb.check_url("http://h:8069/") == "http://h:8069"
    assert sb.check_url(None) == ""
    for bad in ("ftp://h", "http://u:p@h", "h:8069", "http://"):
        with pytest.raises(sb.SandboxInputError):
            sb.check_url(bad)


def test_settings_fall_back_to_defaults():
    assert sb.ttl_hours("5") == 5
    assert sb.ttl_hours("0") == sb.ttl_hours("x") == sb.DEFAULT_TTL_HOURS
    assert sb.ttl_hours(str(10**9)) == sb.MAX_TTL_HOURS
    assert sb.max_per_repo(None) == sb.DEFAULT_MAX_PER_REPO
    assert sb.max_per_repo("3") == 3


def test_to_retire_expired_then_oldest_beyond_cap():
    hour = timedelta(hours=1)
    rows = [
        (1, "r", NOW - 3 * hour, NOW - hour),  # expired
        (2, "r", NOW - 2 * hour, NOW + hour),
        (3, "r", NOW - hour, NOW + hour),
        (4, "r", NOW, NOW + hour),
        (5, "other", NOW - 5 * hour, NOW + hour),
    ]
    assert sb.to_retire(rows, NOW, cap=2) == [1, 2]
    assert sb.to_retire(rows, NOW, cap=10) == [1]
    assert sb.to_retire([], NOW, cap=1) == []
